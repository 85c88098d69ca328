/**
 * Names of the accounts a fleet database holds. One rule for every backend (a Redis key embeds
 * the name in a hash tag, so braces and spaces are out).
 *
 * @module
 */
import { BadArgumentError } from '../../errors.js';

const ACCOUNT_NAME = /^[A-Za-z0-9_.:@+-]{1,128}$/;

/** Checks an account name: 1-128 letters, digits or `_ . : @ + -`. */
export function checkAccountName(value: unknown, field = 'account'): string {
  if (typeof value !== 'string' || !ACCOUNT_NAME.test(value)) {
    throw new BadArgumentError(field, `must be 1-128 characters of letters, digits and _ . : @ + - (got ${JSON.stringify(value)})`);
  }
  return value;
}
