/** Throwing RPC errors from world handlers. */
import { RpcError } from '../../errors.js';
import { INFERRED_ERRORS, type InviteErrorKey } from './invite-rules.js';

/** Throws `RpcError(code, message)`. */
export function rpcFail(code: number, message: string): never {
  throw new RpcError(code, message);
}

/** Throws the error the rule table maps `key` to. */
export function fail(key: InviteErrorKey): never {
  const [code, message] = INFERRED_ERRORS[key];
  throw new RpcError(code, message);
}
