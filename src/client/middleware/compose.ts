import type { Invoker, Middleware } from '../invoke/types.js';

/**
 * Wraps `invoker` with `middlewares`. The first middleware of the list is the outermost one:
 * it sees the call first and the result (or error) last.
 */
export function composeMiddlewares(middlewares: readonly Middleware[], invoker: Invoker): Invoker {
  return middlewares.reduceRight<Invoker>((next, middleware) => middleware(next), invoker);
}
