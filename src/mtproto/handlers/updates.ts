/**
 * Anything that is not a service message (Updates, or an object this layer does not know)
 * goes to the owner's `onUpdate`. http_wait only makes sense on HTTP transports and is ignored.
 */
import type { InflateBudget } from '../gzip.js';
import type { HandlerContext } from './context.js';

export function handleOther(ctx: HandlerContext, body: Uint8Array, budget?: InflateBudget): void {
  ctx.emitUpdate(body, budget);
}
