/**
 * Follows Telegram's `303 *_MIGRATE_X` answers and re-authorizes on other DCs.
 *
 * - `PHONE_MIGRATE`, `NETWORK_MIGRATE`, `USER_MIGRATE`: the account lives elsewhere; the primary DC moves.
 * - `FILE_MIGRATE`, `STATS_MIGRATE`: only this request goes elsewhere.
 * - `401 AUTH_KEY_UNREGISTERED` on a secondary DC of a signed-in client: carry the authorization over
 *   with `auth.exportAuthorization` / `auth.importAuthorization`, then retry.
 *
 * A hop keeps the call's options (signal, deadline) as they are: only `dcId` changes.
 *
 * @module
 */
import type { AccountState } from './account.js';
import { MigrationError, RpcError } from './errors.js';
import type { RecoveryPolicy } from './invoke/recovery.js';
import type { InvokeOptions, Invoker } from './invoke/types.js';

const MOVE_PRIMARY = new Set(['PHONE_MIGRATE', 'NETWORK_MIGRATE', 'USER_MIGRATE']);
const MOVE_REQUEST = new Set(['FILE_MIGRATE', 'STATS_MIGRATE']);
const MAX_HOPS = 3;

/** What migration needs from the client's connections. */
export interface MigrationHost {
  account: AccountState;
  /** DCs (other than the primary) where the authorization was imported in this run. */
  authorizedDcs: Set<number>;
}

/** The migration rule as a recovery policy (part of the client's default stack). */
export function migrationPolicy(host: MigrationHost): RecoveryPolicy {
  const { account, authorizedDcs } = host;

  const transferAuthorization = async (next: Invoker, dcId: number, options: InvokeOptions): Promise<void> => {
    if (dcId === account.dcId || authorizedDcs.has(dcId) || account.user === undefined) return;
    const exported = (await next({ _: 'auth.exportAuthorization', dcId }, { ...options, dcId: undefined })) as { id: bigint; bytes: Uint8Array };
    await next({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes }, { ...options, dcId });
    authorizedDcs.add(dcId);
  };

  const movePrimary = async (next: Invoker, dcId: number, options: InvokeOptions): Promise<void> => {
    if (account.dcId === dcId) return;
    // a signed-in account moving DCs takes its authorization along
    if (account.user !== undefined) await transferAuthorization(next, dcId, options);
    await account.setPrimaryDc(dcId);
    authorizedDcs.delete(dcId);
  };

  return ({ error, options, retries, next }) => {
    if (!(error instanceof RpcError)) return undefined;
    const target = error.argument;
    if (error.code === 303 && retries >= MAX_HOPS) return Promise.reject(new MigrationError(`too many DC migrations (${error.message})`, target, { cause: error }));
    if (error.code === 303 && target !== undefined && MOVE_PRIMARY.has(error.type)) {
      return movePrimary(next, target, options).then(() => ({ ...options, dcId: undefined }));
    }
    if (error.code === 303 && target !== undefined && MOVE_REQUEST.has(error.type)) {
      return transferAuthorization(next, target, options).then(() => ({ ...options, dcId: target }));
    }
    const dcId = options.dcId;
    if (error.code === 401 && error.type === 'AUTH_KEY_UNREGISTERED' && dcId !== undefined && dcId !== account.dcId && account.user && retries < MAX_HOPS) {
      authorizedDcs.delete(dcId);
      return transferAuthorization(next, dcId, options).then(() => options);
    }
    if (error.code === 303) return Promise.reject(new MigrationError(`cannot follow ${error.message}`, target, { cause: error }));
    return undefined;
  };
}
