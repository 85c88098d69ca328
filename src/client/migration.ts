/**
 * Follows Telegram's `303 *_MIGRATE_X` answers and re-authorizes on other DCs.
 *
 * - `PHONE_MIGRATE`, `NETWORK_MIGRATE`, `USER_MIGRATE`: the account lives elsewhere; the primary DC moves.
 * - `FILE_MIGRATE`, `STATS_MIGRATE`: only this request goes elsewhere.
 * - `401 AUTH_KEY_UNREGISTERED` on a secondary DC of a signed-in client: carry the authorization over
 *   with `auth.exportAuthorization` / `auth.importAuthorization`, then retry.
 *
 * @module
 */
import type { AnyRequest } from '../tl/index.js';
import { MigrationError, RpcError } from './errors.js';
import type { InvokeOptions, Invoker } from './middleware/index.js';
import type { DcPool } from './dc-pool.js';
import type { SessionState } from './session-state.js';

const MOVE_PRIMARY = new Set(['PHONE_MIGRATE', 'NETWORK_MIGRATE', 'USER_MIGRATE']);
const MOVE_REQUEST = new Set(['FILE_MIGRATE', 'STATS_MIGRATE']);
const MAX_HOPS = 3;

export function createMigratingInvoker(pool: DcPool, session: SessionState): Invoker {
  const transferAuthorization = async (dcId: number, options: InvokeOptions): Promise<void> => {
    if (dcId === pool.primaryDcId || pool.authorizedDcs.has(dcId) || session.user === undefined) return;
    const exported = (await pool.invoke({ _: 'auth.exportAuthorization', dcId }, { signal: options.signal })) as {
      id: bigint;
      bytes: Uint8Array;
    };
    await pool.invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes }, { signal: options.signal, dcId });
    pool.authorizedDcs.add(dcId);
  };

  const movePrimary = async (dcId: number, options: InvokeOptions): Promise<void> => {
    const from = pool.primaryDcId;
    if (from === dcId) return;
    pool.address(dcId); // fails early when the DC is unknown
    if (session.user !== undefined) {
      // A signed-in account moving DCs takes its authorization along.
      await transferAuthorization(dcId, options);
    }
    await session.setPrimaryDc(dcId);
    pool.authorizedDcs.delete(dcId);
  };

  return async function invokeFollowingMigrations(request: AnyRequest, options: InvokeOptions): Promise<unknown> {
    let current = options;
    for (let hop = 0; ; hop++) {
      try {
        return await pool.invoke(request, current);
      } catch (err) {
        if (!(err instanceof RpcError) || hop >= MAX_HOPS) throw err;
        const target = err.argument;
        if (err.code === 303 && target !== undefined && MOVE_PRIMARY.has(err.type)) {
          await movePrimary(target, current);
          current = { ...current, dcId: undefined };
          continue;
        }
        if (err.code === 303 && target !== undefined && MOVE_REQUEST.has(err.type)) {
          await transferAuthorization(target, current);
          current = { ...current, dcId: target };
          continue;
        }
        const dcId = current.dcId;
        if (err.code === 401 && err.type === 'AUTH_KEY_UNREGISTERED' && dcId !== undefined && dcId !== pool.primaryDcId && session.user) {
          pool.authorizedDcs.delete(dcId);
          await transferAuthorization(dcId, current);
          continue;
        }
        if (err.code === 303) throw new MigrationError(`cannot follow ${err.message}`, target, { cause: err });
        throw err;
      }
    }
  };
}
