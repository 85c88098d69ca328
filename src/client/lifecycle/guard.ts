/**
 * The innermost layer of the pipeline, right above the pools: it reports every result to the tap
 * and turns a lost authorization into its typed error, after the client has cleared what
 * Telegram invalidated ({@link GuardHost.loggedOut}). Calls that nobody observes and that succeed
 * pass with one `then`.
 *
 * @module
 */
import type { AnyRequest } from '../../tl/index.js';
import { callNext } from '../invoke/call.js';
import type { InvokeOptions, Invoker, Middleware } from '../invoke/types.js';
import type { Tap } from '../tap.js';
import { classifyLoggedOut, type LoggedOutReason } from './logged-out.js';
import type { LoggedOutError } from '../errors.js';

/** What the guard needs from the client. */
export interface GuardHost {
  tap: Tap;
  primaryDcId(): number;
  signedIn(): boolean;
  /** Clears storage and connections after a lost authorization; resolves when done. Called once per incident. */
  loggedOut(error: LoggedOutError, reason: LoggedOutReason): Promise<void>;
}

export function guard(host: GuardHost): Middleware {
  return (next: Invoker): Invoker =>
    (request: AnyRequest, options: InvokeOptions) => {
      const call = callNext(next, request, options);
      const onError = (error: unknown): Promise<never> => {
        const lost = classifyLoggedOut(error, { dcId: options.dcId ?? host.primaryDcId(), primaryDcId: host.primaryDcId(), signedIn: host.signedIn() });
        if (!lost) throw error;
        return host.loggedOut(lost.error, lost.reason).then(() => {
          throw lost.error;
        });
      };
      if (!host.tap.observesResults) return call.then(undefined, onError);
      return call.then((result) => {
        host.tap.result(request, result, { dcId: options.dcId ?? host.primaryDcId() });
        return result;
      }, onError);
    };
}

