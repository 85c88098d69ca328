/**
 * `rpc_result`: routes the answer to its request. `rpc_error` rejects with {@link RpcError};
 * a result that fails to decode rejects that one request (the connection stays healthy).
 * https://core.telegram.org/mtproto/service_messages#response-to-an-rpc-query
 */
import { RpcError } from '../../../errors.js';
import { read$Any as readMtAny } from '../../../tl/generated/mt/read.js';
import { Reader } from '../../../tl/runtime/reader.js';
import type { InflateBudget } from '../../../tl/runtime/reader.js';
import type { EngineParts } from '../parts.js';

export function handleRpcResult(e: EngineParts, reqMsgId: bigint, result: Uint8Array, budget: InflateBudget): void {
  const req = e.pending.get(reqMsgId);
  if (!req) {
    // cancelled, timed out or answered already: nothing waits for it
    e.logger?.debug('tgts/mtproto: rpc_result for unknown request', reqMsgId);
    return;
  }
  let error: Error | undefined;
  let value: unknown;
  try {
    const head = readMtAny(new Reader(result)); // an mt object (rpc_error…) or undefined
    if (head?._ === 'rpc_error') error = new RpcError(head.errorCode, head.errorMessage, req.method);
    else value = req.decode(result, req, budget);
  } catch (err) {
    error = err as Error;
  }
  if (error) e.pending.reject(req, error);
  else e.pending.resolve(req, value);
}
