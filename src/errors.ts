/**
 * Error classes thrown by the client layer.
 *
 * Every error thrown by tgts extends {@link TgtsError}, so `err instanceof TgtsError`
 * separates library errors from bugs in user code. Each class sets `name` explicitly
 * (not from `constructor.name`) so names survive minification.
 *
 * @module
 */
import type { AnyRequest, ErrorsOf, MethodName } from './tl/index.js';

/** Base class of every error thrown by tgts. */
export class TgtsError extends Error {
  override name = 'TgtsError';
}

/**
 * Splits an RPC `error_message` into its type and numeric argument.
 *
 * Telegram puts a number into some error messages (`FLOOD_WAIT_30`, `PHONE_MIGRATE_2`,
 * `FILE_PART_5_MISSING`, `PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_5MIN`); the type is the message
 * with that number removed (`FLOOD_WAIT`, `PHONE_MIGRATE`, `FILE_PART_MISSING`,
 * `PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_MIN`). Only a number that follows an underscore counts,
 * so `2FA_CONFIRM_WAIT_3600` → `2FA_CONFIRM_WAIT` and `SHA256_HASH_INVALID` is unchanged.
 * When several numbers appear, the last one is the argument.
 */
export function parseRpcErrorMessage(message: string): { type: string; argument?: number } {
  // last `_<digits>` that is followed by end, `_…`, or trailing capitals (`5MIN`)
  const match = /^(.*[^_])_(\d+)(_[A-Z0-9_]*|[A-Z]+)?$/.exec(message);
  if (!match) return { type: message };
  const [, head, digits, tail] = match as unknown as [string, string, string, string | undefined];
  const argument = Number(digits);
  if (!Number.isSafeInteger(argument)) return { type: message };
  let type: string;
  if (tail === undefined) type = head;
  else if (tail.startsWith('_')) type = head + tail;
  else type = `${head}_${tail}`;
  return { type, argument };
}

/**
 * An error returned by Telegram for an RPC call (`rpc_error#2144ca19`).
 *
 * `code` is the numeric class (303 migrate, 400 bad request, 401 unauthorized, 420 flood,
 * 500 internal; negative codes such as -500 / -503 come from the server infrastructure).
 * `type` is the message without its numeric argument; `argument` holds that number.
 */
export class RpcError extends TgtsError {
  override name = 'RpcError';
  /** Numeric error code (`error_code`). */
  readonly code: number;
  /** Error type: `error_message` without its numeric argument (`FLOOD_WAIT_30` → `FLOOD_WAIT`). */
  readonly type: string;
  /** The number embedded in the message, if any (seconds to wait, DC id, part index…). */
  declare readonly argument?: number;
  /** TL name of the method that failed (`messages.sendMessage`), when known. */
  declare readonly method?: string;

  /**
   * @param code - `error_code` from the server.
   * @param message - raw `error_message` (becomes `err.message`).
   * @param method - method name of the failed request.
   */
  constructor(code: number, message: string, method?: string) {
    super(message);
    this.code = code;
    const parsed = parseRpcErrorMessage(message);
    this.type = parsed.type;
    if (parsed.argument !== undefined) this.argument = parsed.argument;
    if (method !== undefined) this.method = method;
  }

  /** Builds an error from the fields of a TL `rpc_error`. */
  static fromTl(code: number, message: string, method?: string): RpcError {
    return new RpcError(code, message, method);
  }

  /**
   * True when `err` is an {@link RpcError}, optionally of a given type. `type` matches either
   * the parsed type (`'FLOOD_WAIT'`) or the raw message (`'FLOOD_WAIT_30'`).
   * When called with a literal, `err.type` narrows to that literal.
   */
  static is(err: unknown): err is RpcError;
  static is<T extends string>(err: unknown, type: T): err is RpcError & { readonly type: T };
  static is(err: unknown, type?: string): boolean {
    if (!(err instanceof RpcError)) return false;
    return type === undefined || err.type === type || err.message === type;
  }

  /**
   * True when `err` is an {@link RpcError} raised by `method` (or by an unknown method), and
   * narrows `err.type` to the errors documented for that method, so a `switch (err.type)`
   * only accepts documented cases. Undocumented errors still reach the `default` branch at
   * run time: Telegram may return errors its documentation does not list.
   */
  static isOf<M extends MethodName>(err: unknown, method: M): err is RpcError & { readonly type: ErrorsOf<M> } {
    return err instanceof RpcError && (err.method === undefined || err.method === method);
  }
}

/** An operation did not complete within its time limit. */
export class TimeoutError extends TgtsError {
  override name = 'TimeoutError';
  /** The limit that was exceeded, in milliseconds, when known. */
  declare readonly timeoutMs?: number;

  constructor(message = 'operation timed out', timeoutMs?: number, options?: ErrorOptions) {
    super(message, options);
    if (timeoutMs !== undefined) this.timeoutMs = timeoutMs;
  }
}

/** The client or connection was closed while the operation was pending or before it started. */
export class ClosedError extends TgtsError {
  override name = 'ClosedError';

  constructor(message = 'client is closed', options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The operation was cancelled through an `AbortSignal`. `name` is `'AbortError'` so code that
 * checks `err.name === 'AbortError'` (the DOM / Node convention) keeps working; `cause` is the
 * signal's `reason`.
 */
export class CancelledError extends TgtsError {
  override name = 'AbortError';

  constructor(reason?: unknown) {
    super('operation was cancelled', reason === undefined ? undefined : { cause: reason });
  }

  /** Error to reject with when `signal` has fired. */
  static fromSignal(signal: AbortSignal): CancelledError {
    return new CancelledError(signal.reason);
  }
}

/** A caller passed an invalid argument; `field` names it (dotted path for nested values). */
export class BadArgumentError extends TgtsError {
  override name = 'BadArgumentError';
  /** Name or dotted path of the offending argument, e.g. `'ratePerSecond'` or `'dcs.2.authKey'`. */
  readonly field: string;

  constructor(field: string, message: string, options?: ErrorOptions) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}

/**
 * A session storage could not be read or written (corrupt file, wrong version, invalid
 * field…). A storage that raised this on load never overwrites the offending file.
 */
export class SessionError extends TgtsError {
  override name = 'SessionError';
  /** Path of the session file, or undefined for in-memory / string sessions. */
  declare readonly file?: string;
  /** Dotted path of the invalid field, when the problem is one field. */
  declare readonly field?: string;

  constructor(message: string, file?: string, field?: string, options?: ErrorOptions) {
    const where = file === undefined ? '' : `${file}: `;
    const what = field === undefined ? '' : `${field}: `;
    super(`${where}${what}${message}`, options);
    if (file !== undefined) this.file = file;
    if (field !== undefined) this.field = field;
  }
}

/**
 * The session is in use by another client (in this process or another one). Using one auth
 * key from two connections at once makes Telegram answer `AUTH_KEY_DUPLICATED`, so tgts
 * refuses early instead.
 */
export class SessionLockedError extends SessionError {
  override name = 'SessionLockedError';
  /** Process id holding the lock, when known. */
  declare readonly pid?: number;

  constructor(file: string, pid?: number, options?: ErrorOptions) {
    super(
      pid === undefined ? 'session is locked by another client' : `session is locked by another client (pid ${pid})`,
      file,
      undefined,
      options,
    );
    if (pid !== undefined) this.pid = pid;
  }
}

/**
 * Moving a request or the account to another DC failed (`*_MIGRATE_X` loops, unknown DC,
 * too many redirects).
 */
export class MigrationError extends TgtsError {
  override name = 'MigrationError';
  /** DC the server asked to move to, when known. */
  declare readonly dcId?: number;

  constructor(message: string, dcId?: number, options?: ErrorOptions) {
    super(message, options);
    if (dcId !== undefined) this.dcId = dcId;
  }
}

/**
 * A call may or may not have run on the server, and tgts cannot find out: the server lost the
 * session it was sent in (it announced a new one), or the auth key was replaced before an answer
 * came. tgts never runs such a call again on its own; decide yourself (a read is safe to repeat,
 * a send may not be).
 */
export class OutcomeUnknownError extends TgtsError {
  override name = 'OutcomeUnknownError';
  /** TL name of the method whose outcome is unknown. */
  readonly method: string;
  /** Why it cannot be known (`'the server started a new session'`, `'the auth key was replaced'`, …). */
  readonly reason: string;
  /** The call itself, when known. */
  declare readonly request?: AnyRequest;

  constructor(method: string, reason: string, options?: ErrorOptions & { request?: AnyRequest | undefined }) {
    super(`the outcome of ${method} is unknown (${reason}); it was not run again`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.method = method;
    this.reason = reason;
    if (options?.request !== undefined) this.request = options.request;
  }
}

/**
 * Telegram ended this client's authorization. The client has already cleared what Telegram
 * invalidated from its storage (the key, the account) and emitted its logged-out event. The
 * subclasses say which case it was; `rpc` is the answer that told.
 */
export class LoggedOutError extends TgtsError {
  override name = 'LoggedOutError';
  /** The RPC error Telegram answered with, when it came as one. */
  declare readonly rpc?: RpcError;

  constructor(message: string, rpc?: RpcError, options?: ErrorOptions) {
    super(message, options ?? (rpc ? { cause: rpc } : undefined));
    if (rpc !== undefined) this.rpc = rpc;
  }
}

/** `401 AUTH_KEY_UNREGISTERED` on the primary DC: the key is unknown (logged out elsewhere, or never signed in). */
export class AuthKeyUnregisteredError extends LoggedOutError {
  override name = 'AuthKeyUnregisteredError';
}

/** `401 SESSION_REVOKED`: the authorization was terminated (from another device or by `auth.resetAuthorizations`). */
export class SessionRevokedError extends LoggedOutError {
  override name = 'SessionRevokedError';
}

/** `406 AUTH_KEY_DUPLICATED`: the key was used from two places at once; Telegram dropped it. */
export class AuthKeyDuplicatedError extends LoggedOutError {
  override name = 'AuthKeyDuplicatedError';
}

/** `401 USER_DEACTIVATED` / `USER_DEACTIVATED_BAN`: the account was deleted or banned. */
export class UserDeactivatedError extends LoggedOutError {
  override name = 'UserDeactivatedError';
  /** True for `USER_DEACTIVATED_BAN`. */
  readonly banned: boolean;

  constructor(message: string, banned: boolean, rpc?: RpcError, options?: ErrorOptions) {
    super(message, rpc, options);
    this.banned = banned;
  }
}

/**
 * The storage's account is leased by another live process (fleet storages). Running one account
 * from two processes makes Telegram answer `AUTH_KEY_DUPLICATED`, so tgts refuses first.
 */
export class SessionInUseError extends SessionError {
  override name = 'SessionInUseError';
  /** The account that is in use. */
  readonly account: string;
  /** Who holds the lease, as the storage knows it (host/pid/instance id). */
  declare readonly holder?: string;
  /** When the current lease expires (ms since the epoch), when known. */
  declare readonly expiresAt?: number;

  constructor(account: string, holder?: string, expiresAt?: number, options?: ErrorOptions) {
    super(`account ${account} is in use by another process${holder ? ` (${holder})` : ''}`, undefined, undefined, options);
    this.account = account;
    if (holder !== undefined) this.holder = holder;
    if (expiresAt !== undefined) this.expiresAt = expiresAt;
  }
}

/**
 * A fleet storage lost the lease on its account: the database no longer names this process as the
 * holder (`reason: 'taken'` — the lease expired while the process stalled, and perhaps another
 * process took the account over), or no renewal succeeded before the lease ran out
 * (`reason: 'expired'` — the database was out of reach). The storage refuses every further call,
 * so a process that lost the account cannot overwrite the new holder's state, and tells its
 * `onLost` listeners (a client closes itself). Close the storage and open it again to compete for
 * the account anew.
 */
export class LeaseLostError extends SessionError {
  override name = 'LeaseLostError';
  /** The account whose lease was lost. */
  readonly account: string;
  readonly reason: 'taken' | 'expired';

  constructor(account: string, reason: 'taken' | 'expired', options?: ErrorOptions) {
    super(
      reason === 'taken'
        ? `lost the lease on account ${account}: it expired and another process may hold it now`
        : `lost the lease on account ${account}: it could not be renewed before it expired`,
      undefined,
      undefined,
      options,
    );
    this.account = account;
    this.reason = reason;
  }
}

/** `client.peers.resolve(input)` could not turn `input` into a peer. */
export class PeerNotFoundError extends TgtsError {
  override name = 'PeerNotFoundError';
  /** What was asked for, as given (`'@name'`, `'t.me/c/1/2'`, `-100123`…). */
  readonly input: string;

  constructor(input: string, message: string, options?: ErrorOptions) {
    super(`cannot resolve ${input}: ${message}`, options);
    this.input = input;
  }
}

/** An upload or download cannot complete (a part rule broken, a CDN chunk that stays corrupt). */
export class FileTransferError extends TgtsError {
  override name = 'FileTransferError';
}
