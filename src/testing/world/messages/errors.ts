/** Throwing the RPC errors of the messages area (mapped in `rules.ts`). */
import { RpcError } from '../../../errors.js';
import { MESSAGE_ERRORS, type MessageErrorKey } from './rules.js';

/** Throws the error `key` maps to. */
export function messageFail(key: MessageErrorKey): never {
  const [code, message] = MESSAGE_ERRORS[key];
  throw new RpcError(code, message);
}
