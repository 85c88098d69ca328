/**
 * The syntax of usernames and phone numbers.
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import { PHONE_DIGITS } from './rules.js';

const USERNAME_CHARS = /^[A-Za-z0-9_]+$/;

/**
 * Why `name` is not a username, or undefined when it is one: 1–32 characters of `[A-Za-z0-9_]`,
 * starting with a letter, not ending with `_`, no `__` (Telegram answers `USERNAME_INVALID` otherwise).
 */
export function usernameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 32) return `it has ${name.length} characters (at most 32)`;
  if (!USERNAME_CHARS.test(name)) return 'only letters, digits and _ are allowed';
  const first = name.charCodeAt(0) | 0x20;
  if (first < 0x61 || first > 0x7a) return 'it must start with a letter';
  if (name.endsWith('_')) return 'it must not end with _';
  if (name.includes('__')) return 'it must not contain __';
  return undefined;
}

/** The username, or a `BadArgumentError` naming what is wrong with it. */
export function checkUsername(name: string, input: string): string {
  const problem = usernameProblem(name);
  if (problem !== undefined) throw new BadArgumentError('peer', `${JSON.stringify(input)} is not a username: ${problem}`);
  return name;
}

/** The digits of a phone number written with `+` and optional spaces, dashes, dots and parentheses. */
export function phoneDigits(written: string, input: string): string {
  const digits = written.replace(/[\s().-]/g, '');
  if (!/^\d+$/.test(digits)) throw new BadArgumentError('peer', `${JSON.stringify(input)} is not a phone number: only digits may follow +`);
  if (digits.length < PHONE_DIGITS.min || digits.length > PHONE_DIGITS.max) {
    throw new BadArgumentError('peer', `${JSON.stringify(input)} is not a phone number: ${digits.length} digits (${PHONE_DIGITS.min}–${PHONE_DIGITS.max})`);
  }
  return digits;
}
