/**
 * Telegram's ways of ending an authorization, as typed errors: `AUTH_KEY_UNREGISTERED` on the
 * primary DC of a signed-in client, `SESSION_REVOKED`, `AUTH_KEY_DUPLICATED`,
 * `USER_DEACTIVATED(_BAN)` (https://core.telegram.org/api/errors#401-unauthorized).
 *
 * @module
 */
import {
  AuthKeyDuplicatedError,
  AuthKeyUnregisteredError,
  LoggedOutError,
  RpcError,
  SessionRevokedError,
  UserDeactivatedError,
} from '../errors.js';

/** Why the client was logged out (the `reason` of a {@link LoggedOutEvent}). */
export type LoggedOutReason = 'logOut' | 'authKeyUnregistered' | 'sessionRevoked' | 'authKeyDuplicated' | 'userDeactivated' | 'userBanned';

/** What `client.onLoggedOut` listeners get. */
export interface LoggedOutEvent {
  reason: LoggedOutReason;
  /** The error the failed call rejected with; absent for an explicit `client.auth.logOut()`. */
  error?: LoggedOutError;
  /** The account that was signed in, if any. */
  user?: { id: number; bot: boolean };
}

/** Where an error came from, to tell a lost authorization from an ordinary failure. */
export interface ErrorContext {
  /** DC that answered. */
  dcId: number;
  primaryDcId: number;
  /** The storage says an account is signed in. */
  signedIn: boolean;
}

/** The typed error and reason for `error`, or undefined when it is not a lost authorization. */
export function classifyLoggedOut(error: unknown, ctx: ErrorContext): { error: LoggedOutError; reason: LoggedOutReason } | undefined {
  if (!(error instanceof RpcError)) return undefined;
  switch (error.type) {
    case 'AUTH_KEY_UNREGISTERED':
      // on another DC it only means the authorization was not imported there yet (migration.ts);
      // before sign-in it means "sign in first"
      if (error.code !== 401 || ctx.dcId !== ctx.primaryDcId || !ctx.signedIn) return undefined;
      return { error: new AuthKeyUnregisteredError('the auth key is no longer signed in (logged out elsewhere)', error), reason: 'authKeyUnregistered' };
    case 'SESSION_REVOKED':
      return { error: new SessionRevokedError('the authorization was terminated (from another device, or by auth.resetAuthorizations)', error), reason: 'sessionRevoked' };
    case 'AUTH_KEY_DUPLICATED':
      return {
        error: new AuthKeyDuplicatedError('the auth key was used from two places at once and Telegram dropped it; use one storage per running client', error),
        reason: 'authKeyDuplicated',
      };
    case 'USER_DEACTIVATED':
      return { error: new UserDeactivatedError('the account was deleted', false, error), reason: 'userDeactivated' };
    case 'USER_DEACTIVATED_BAN':
      return { error: new UserDeactivatedError('the account was banned', true, error), reason: 'userBanned' };
    default:
      return undefined;
  }
}
