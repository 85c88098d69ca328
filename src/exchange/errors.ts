import { TgtsError } from '../errors.js';

/**
 * Why a key exchange failed without a security violation:
 * - `unknown-fingerprint`: none of the server's RSA fingerprints belongs to a key we know;
 * - `unexpected-message`: the peer answered with a message that does not belong at this step;
 * - `server-dh-params-fail`: the server answered `server_DH_params_fail`;
 * - `dh-gen-fail`: the server answered `dh_gen_fail`;
 * - `too-many-retries`: the server kept answering `dh_gen_retry`;
 * - `invalid-options`: the caller passed impossible options.
 */
export type KeyExchangeErrorKind =
  | 'unknown-fingerprint'
  | 'unexpected-message'
  | 'server-dh-params-fail'
  | 'dh-gen-fail'
  | 'too-many-retries'
  | 'invalid-options';

/** A key exchange that could not complete for a protocol (not cryptographic) reason. */
export class KeyExchangeError extends TgtsError {
  override name = 'KeyExchangeError';
  /** Machine-readable reason. */
  readonly kind: KeyExchangeErrorKind;

  constructor(kind: KeyExchangeErrorKind, message: string, options?: ErrorOptions) {
    super(`${kind}: ${message}`, options);
    this.kind = kind;
  }
}
