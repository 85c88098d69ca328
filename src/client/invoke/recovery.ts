/**
 * One layer that recovers from failed calls: a list of policies (flood waits, internal-error
 * retries, DC migration, lost authorizations), each of which may look at an error and either let
 * it pass, replace it, or say how to try again. The client's default stack is one such layer, so a
 * call that succeeds costs one `then` for all of them (and the tap's look at its result) instead
 * of one async frame per middleware.
 *
 * @module
 */
import type { AnyRequest } from '../../tl/index.js';
import { callNext } from './call.js';
import type { InvokeOptions, Invoker, Middleware } from './types.js';

/** What a policy sees of a failed attempt. */
export interface FailedAttempt {
  error: unknown;
  request: AnyRequest;
  /** The options of the attempt that failed. */
  options: InvokeOptions;
  /** How many times this policy already retried this call. */
  retries: number;
  /** The invoker below the layer (to send other requests first, e.g. an authorization transfer). */
  next: Invoker;
}

/**
 * Looks at a failed attempt: `undefined` lets the error pass (to the next policy, then to the
 * caller); a promise resolves with the options to try again with (after waiting, if the policy
 * waits) or rejects with the error the call ends with. A policy may also throw.
 */
export type RecoveryPolicy = (attempt: FailedAttempt) => Promise<InvokeOptions> | undefined;

/** Told about every successful result (the tap). */
export type ResultObserver = (request: AnyRequest, result: unknown, options: InvokeOptions) => void;

/**
 * A middleware that runs `policies` in order on each failure and retries as they say.
 * `observe`, when given and active, sees every successful result with the options it came back with.
 */
export function recovering(policies: readonly RecoveryPolicy[], observe?: { active(): boolean; result: ResultObserver }): Middleware {
  return (next: Invoker): Invoker => {
    const attempt = (request: AnyRequest, options: InvokeOptions, retries: number[] | undefined): Promise<unknown> => {
      const call = callNext(next, request, options);
      const onError = (error: unknown): Promise<unknown> => {
        for (let i = 0; i < policies.length; i++) {
          const again = policies[i]!({ error, request, options, retries: retries?.[i] ?? 0, next });
          if (again === undefined) continue;
          const counts = retries ?? new Array<number>(policies.length).fill(0);
          counts[i]!++;
          return again.then((retryOptions) => attempt(request, retryOptions, counts));
        }
        throw error;
      };
      if (observe === undefined || !observe.active()) return call.then(undefined, onError);
      return call.then((result) => {
        observe.result(request, result, options);
        return result;
      }, onError);
    };
    return (request, options) => attempt(request, options, undefined);
  };
}
