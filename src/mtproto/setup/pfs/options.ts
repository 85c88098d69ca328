/**
 * Options of Perfect Forward Secrecy (https://core.telegram.org/api/pfs) in a session.
 * @module
 */
import { BadArgumentError } from '../../../errors.js';

/** PFS settings of {@link MtprotoSessionOptions.pfs}. */
export interface PfsOptions {
  /** Lifetime of each temporary key, seconds (default 86 400 = one day). */
  expiresIn?: number;
}

/** Settings after defaults. */
export interface ResolvedPfsOptions {
  expiresIn: number;
}

/** Default temporary key lifetime: a day keeps rebinding rare. */
export const DEFAULT_TEMP_KEY_LIFETIME = 86_400;

/** Share of a temporary key's life after which it is replaced. */
export const RENEW_AT_FRACTION = 0.9;

/** Applies defaults; throws `BadArgumentError` naming the bad field. */
export function resolvePfsOptions(options: PfsOptions): ResolvedPfsOptions {
  const expiresIn = options.expiresIn ?? DEFAULT_TEMP_KEY_LIFETIME;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 0x7fffffff) {
    throw new BadArgumentError('pfs.expiresIn', `must be a positive whole number of seconds, got ${String(expiresIn)}`);
  }
  return { expiresIn };
}
