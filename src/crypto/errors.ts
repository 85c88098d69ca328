import { TgtsError } from '../errors.js';

/** Base class for every error raised by the crypto layer (bad sizes, malformed keys...). */
export class CryptoError extends TgtsError {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoError';
  }
}

/**
 * A security check failed (MAC mismatch, bad DH parameters, bad padding...).
 * `rule` names the check so callers and logs can tell which one.
 */
export class SecurityError extends CryptoError {
  readonly rule: string;
  constructor(rule: string, message: string) {
    super(`${rule}: ${message}`);
    this.name = 'SecurityError';
    this.rule = rule;
  }
}
