/**
 * `rpc_result`: routes the answer to its request. `rpc_error` rejects with {@link RpcError};
 * a result that fails to decode rejects that one request (the connection stays healthy).
 * https://core.telegram.org/mtproto/service_messages#response-to-an-rpc-query
 */
import { RpcError } from '../../errors.js';
import { parseRpcError } from '../mt-codec.js';
import type { InflateBudget } from '../gzip.js';
import type { HandlerContext } from './context.js';

export function handleRpcResult(ctx: HandlerContext, msg: { reqMsgId: bigint; result: Uint8Array; budget?: InflateBudget }): void {
  const req = ctx.pending.get(msg.reqMsgId);
  if (!req) {
    // cancelled, timed out or answered already: nothing waits for it
    ctx.logger?.debug('tgts/mtproto: rpc_result for unknown request', msg.reqMsgId);
    return;
  }
  let error: Error | undefined;
  let value: unknown;
  try {
    const rpcError = parseRpcError(msg.result);
    if (rpcError) error = new RpcError(rpcError.code, rpcError.message, req.method);
    else value = req.decode(msg.result, req, msg.budget);
  } catch (err) {
    error = err as Error;
  }
  if (error) ctx.pending.reject(req, error);
  else ctx.pending.resolve(req, value);
}
