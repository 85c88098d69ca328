/**
 * The `tg://` links of formatted text (`tg://user?id=`, `tg://emoji?id=`, `tg://time?unix=`) and the check
 * that keeps a text link usable.
 * @module
 */
import type { MessageEntityFormattedDate } from '../../tl/index.js';
import { DATE_FORMAT, LINK_SCHEMES, MAX_USER_ID } from './rules.js';

/** Whitespace and control characters: a link with one is no link. */
const UNUSABLE = /[\s\u0000-\u001f\u007f]/;
const HOST_LIKE = /^[^\s/?#:@]+\.[^\s/?#:@]+(?::\d+)?(?:[/?#]\S*)?$/;

/** Splits `a=1&b=2` (after the `?`, before any `#`) into its parameters. */
function queryOf(url: string, prefixLength: number): URLSearchParams | undefined {
  if (url.charCodeAt(prefixLength) !== 0x3f /* ? */) return undefined;
  const hash = url.indexOf('#', prefixLength);
  return new URLSearchParams(url.slice(prefixLength + 1, hash < 0 ? url.length : hash));
}

/** Digits only, as a safe integer, or undefined. */
function integerOf(value: string | null | undefined): number | undefined {
  if (value == null || !/^-?\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The user id of a `tg://user?id=N` link (case-insensitive, `tg:user?id=` and `tg://user/?id=` too), or
 * undefined when `url` is no such link or N is not a user id.
 */
export function userIdOfLink(url: string): number | undefined {
  if (url.length < 12 || (url.charCodeAt(0) | 0x20) !== 0x74 /* t */) return undefined;
  const lower = url.toLowerCase();
  let at = lower.startsWith('tg://') ? 5 : lower.startsWith('tg:') ? 3 : -1;
  if (at < 0 || !lower.startsWith('user', at)) return undefined;
  at += 4;
  if (lower.charCodeAt(at) === 0x2f /* / */) at++;
  if (lower.charCodeAt(at) !== 0x3f /* ? */) return undefined;
  // the first `id=` parameter, up to `&` or `#`
  for (let p = at + 1; p < lower.length; ) {
    let end = p;
    while (end < lower.length && lower.charCodeAt(end) !== 0x26 && lower.charCodeAt(end) !== 0x23) end++;
    if (lower.startsWith('id=', p)) {
      const id = integerOf(lower.slice(p + 3, end));
      return id !== undefined && id >= 1 && id <= MAX_USER_ID ? id : undefined;
    }
    if (lower.charCodeAt(end) === 0x23) break;
    p = end + 1;
  }
  return undefined;
}

/** The link of a mention of `userId`. */
export function userLink(userId: number): string {
  return `tg://user?id=${userId}`;
}

/**
 * The link a text link keeps, or undefined when Telegram would drop it: a scheme outside
 * {@link LINK_SCHEMES}, spaces, or something that is no link at all. `example.com/x` becomes
 * `http://example.com/x`.
 */
export function checkedLink(url: string): string | undefined {
  const n = url.length;
  if (n === 0 || n > 8192 || UNUSABLE.test(url)) return undefined;
  // a scheme: a letter, then letters, digits, `+`, `-`, `.`, up to `:`
  let i = 0;
  while (i < n) {
    const c = url.charCodeAt(i);
    if (!(isAsciiLetter(c) || (i > 0 && ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)))) break;
    i++;
  }
  if (i > 0 && i < n && url.charCodeAt(i) === 0x3a /* : */) {
    return i + 1 < n && isLinkScheme(url, i) ? url : undefined;
  }
  return HOST_LIKE.test(url) ? `http://${url}` : undefined;
}

const HTTP_ALLOWED = LINK_SCHEMES.has('http');
const HTTPS_ALLOWED = LINK_SCHEMES.has('https');

/** `url.slice(0, length)` (letters, digits, `+-.`) is in {@link LINK_SCHEMES}, case-insensitively. */
function isLinkScheme(url: string, length: number): boolean {
  // `http` and `https` without a slice, a lower-casing and a hash (`| 0x20` lower-cases letters and keeps the others apart)
  if ((length === 4 || length === 5) && (url.charCodeAt(0) | 0x20) === 0x68 && (url.charCodeAt(1) | 0x20) === 0x74 && (url.charCodeAt(2) | 0x20) === 0x74 && (url.charCodeAt(3) | 0x20) === 0x70) {
    if (length === 4) return HTTP_ALLOWED;
    if ((url.charCodeAt(4) | 0x20) === 0x73) return HTTPS_ALLOWED;
  }
  return LINK_SCHEMES.has(url.slice(0, length).toLowerCase());
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** What a `tg://emoji` or `tg://time` link of MarkdownV2's `![…](…)` names, or why it names nothing. */
export type MediaLink =
  | { kind: 'emoji'; documentId: bigint }
  | { kind: 'time'; date: number; format: string }
  | { kind: 'error'; reason: string };

/** Reads the URL of a MarkdownV2 `![text](url)`. */
export function mediaLinkOf(url: string): MediaLink {
  const lower = url.toLowerCase();
  if (!lower.startsWith('tg:')) return { kind: 'error', reason: 'Custom emoji URL must have scheme tg' };
  const at = lower.startsWith('tg://') ? 5 : 3;
  if (lower.startsWith('emoji', at)) {
    const params = queryOf(url, at + 5);
    const id = params?.get('id');
    if (id == null) return { kind: 'error', reason: 'Custom emoji URL must have an emoji identifier' };
    const documentId = customEmojiIdOf(id);
    return documentId === undefined ? { kind: 'error', reason: 'Invalid custom emoji identifier specified' } : { kind: 'emoji', documentId };
  }
  if (lower.startsWith('time', at)) {
    const params = queryOf(url, at + 4);
    const date = dateOf(params?.get('unix'));
    if (date === undefined) return { kind: 'error', reason: 'Formatted date URL must have a valid unix time' };
    const format = params?.get('format') ?? '';
    if (!DATE_FORMAT.test(format)) return { kind: 'error', reason: `Invalid date format "${format}"` };
    return { kind: 'time', date, format };
  }
  return { kind: 'error', reason: 'Custom emoji URL must have host "emoji"' };
}

/** A custom emoji id (a non-zero signed 64-bit integer in decimal), or undefined. */
export function customEmojiIdOf(text: string): bigint | undefined {
  if (!/^-?\d{1,20}$/.test(text)) return undefined;
  const id = BigInt(text);
  return id !== 0n && id >= -(1n << 63n) && id < 1n << 63n ? id : undefined;
}

/** A unix time that fits `int`, or undefined. */
export function dateOf(text: string | null | undefined): number | undefined {
  const n = integerOf(text);
  return n !== undefined && n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
}

/** The flags of `messageEntityFormattedDate` for a format such as `wDT` (checked with {@link DATE_FORMAT}). */
export function dateFlagsOf(format: string): Omit<MessageEntityFormattedDate, '_' | 'offset' | 'length' | 'date'> {
  const flags: Omit<MessageEntityFormattedDate, '_' | 'offset' | 'length' | 'date'> = {};
  if (format.includes('r')) flags.relative = true;
  if (format.includes('w')) flags.dayOfWeek = true;
  if (format.includes('d')) flags.shortDate = true;
  if (format.includes('D')) flags.longDate = true;
  if (format.includes('t')) flags.shortTime = true;
  if (format.includes('T')) flags.longTime = true;
  return flags;
}

/** The format string of a formatted date entity (`''` when it sets no flag). */
export function dateFormatOf(e: MessageEntityFormattedDate): string {
  if (e.relative) return 'r';
  return `${e.dayOfWeek ? 'w' : ''}${e.longDate ? 'D' : e.shortDate ? 'd' : ''}${e.longTime ? 'T' : e.shortTime ? 't' : ''}`;
}

/** The `tg://time` link of a formatted date entity. */
export function timeLink(e: MessageEntityFormattedDate): string {
  const format = dateFormatOf(e);
  return format ? `tg://time?unix=${e.date}&format=${format}` : `tg://time?unix=${e.date}`;
}
