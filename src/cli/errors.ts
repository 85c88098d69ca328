/** How failures are shown: one `error: …` line, and whether it was the user's input (exit 2). */
import { BadArgumentError, RpcError } from '../client/errors.js';
import { JsonTlError } from './json/errors.js';

/** Message for `error: …` and whether the exit code is 2 (bad input) rather than 1. */
export interface DescribedError {
  message: string;
  usage: boolean;
}

/**
 * `400 CHAT_ADMIN_REQUIRED (messages.exportChatInvite)` for RPC errors; the path and the
 * problem for JSON input errors; the message for everything else.
 */
export function describeError(err: unknown, method?: string): DescribedError {
  if (err instanceof RpcError) {
    const where = err.method ?? method;
    return { message: `${err.code} ${err.message}${where ? ` (${where})` : ''}`, usage: false };
  }
  if (err instanceof JsonTlError || err instanceof BadArgumentError) return { message: err.message, usage: true };
  if (err instanceof Error) return { message: err.message || err.name, usage: false };
  return { message: String(err), usage: false };
}
