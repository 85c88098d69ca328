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
import type { AnyRequest } from '../tl/index.js';
import type { AccountState } from './account.js';
import { MigrationError, RpcError } from './errors.js';
import { callNext } from './invoke/call.js';
import type { InvokeOptions, Invoker, Middleware } from './invoke/types.js';

const MOVE_PRIMARY = new Set(['PHONE_MIGRATE', 'NETWORK_MIGRATE', 'USER_MIGRATE']);
const MOVE_REQUEST = new Set(['FILE_MIGRATE', 'STATS_MIGRATE']);
const MAX_HOPS = 3;

/** What migration needs from the client's connections. */
export interface MigrationHost {
  account: AccountState;
  /** DCs (other than the primary) where the authorization was imported in this run. */
  authorizedDcs: Set<number>;
}

/** The migration layer of the pipeline (just above the tap and the pools). */
export function migration(host: MigrationHost): Middleware {
  const { account, authorizedDcs } = host;
  return (next: Invoker): Invoker => {
    const transferAuthorization = async (dcId: number, options: InvokeOptions): Promise<void> => {
      if (dcId === account.dcId || authorizedDcs.has(dcId) || account.user === undefined) return;
      const exported = (await next({ _: 'auth.exportAuthorization', dcId }, { ...options, dcId: undefined })) as { id: bigint; bytes: Uint8Array };
      await next({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes }, { ...options, dcId });
      authorizedDcs.add(dcId);
    };

    const movePrimary = async (dcId: number, options: InvokeOptions): Promise<void> => {
      if (account.dcId === dcId) return;
      // a signed-in account moving DCs takes its authorization along
      if (account.user !== undefined) await transferAuthorization(dcId, options);
      await account.setPrimaryDc(dcId);
      authorizedDcs.delete(dcId);
    };

    const recover = async (request: AnyRequest, options: InvokeOptions, error: unknown, hop: number): Promise<unknown> => {
      if (!(error instanceof RpcError) || hop >= MAX_HOPS) throw error;
      const target = error.argument;
      let retry: InvokeOptions | undefined;
      if (error.code === 303 && target !== undefined && MOVE_PRIMARY.has(error.type)) {
        await movePrimary(target, options);
        retry = { ...options, dcId: undefined };
      } else if (error.code === 303 && target !== undefined && MOVE_REQUEST.has(error.type)) {
        await transferAuthorization(target, options);
        retry = { ...options, dcId: target };
      } else if (error.code === 401 && error.type === 'AUTH_KEY_UNREGISTERED' && options.dcId !== undefined && options.dcId !== account.dcId && account.user) {
        authorizedDcs.delete(options.dcId);
        await transferAuthorization(options.dcId, options);
        retry = options;
      } else if (error.code === 303) {
        throw new MigrationError(`cannot follow ${error.message}`, target, { cause: error });
      }
      if (!retry) throw error;
      const again = retry;
      return callNext(next, request, again).then(undefined, (e: unknown) => recover(request, again, e, hop + 1));
    };

    return (request, options) => callNext(next, request, options).then(undefined, (error: unknown) => recover(request, options, error, 0));
  };
}
