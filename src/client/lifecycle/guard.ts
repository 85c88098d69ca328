/**
 * The lost-authorization rule as a recovery policy (first in the client's default stack): an
 * error that means Telegram ended the authorization becomes its typed `LoggedOutError`, after the
 * client has cleared what Telegram invalidated ({@link GuardHost.loggedOut}).
 *
 * @module
 */
import type { LoggedOutError } from '../errors.js';
import type { RecoveryPolicy } from '../invoke/recovery.js';
import { classifyLoggedOut, type LoggedOutReason } from './logged-out.js';

/** What the policy needs from the client. */
export interface GuardHost {
  primaryDcId(): number;
  signedIn(): boolean;
  /** Clears storage and connections after a lost authorization; resolves when done. Called once per incident. */
  loggedOut(error: LoggedOutError, reason: LoggedOutReason): Promise<void>;
}

export function lostAuthorizationPolicy(host: GuardHost): RecoveryPolicy {
  return ({ error, options }) => {
    const primaryDcId = host.primaryDcId();
    const lost = classifyLoggedOut(error, { dcId: options.dcId ?? primaryDcId, primaryDcId, signedIn: host.signedIn() });
    if (!lost) return undefined;
    return host.loggedOut(lost.error, lost.reason).then(() => Promise.reject(lost.error));
  };
}
