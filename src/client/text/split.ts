/**
 * `splitText(formatted, options)`: cuts a text that is over Telegram's message length (4096 UTF-16 code
 * units after parsing) into parts that each fit, at the most sensible place in each window: a newline in
 * its second half, else a space there, else any newline or space, else the last grapheme boundary (never
 * inside a surrogate pair). The newline or space cut at is dropped. Entities crossing a cut are split
 * into both parts with their offsets moved; parts made only of whitespace are left out (Telegram refuses
 * an empty message).
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import type { FormattedText } from './types.js';

/** Telegram's limit on a message's text (`message_length_max`). */
export const MESSAGE_LENGTH_MAX = 4096;

/** Options of {@link splitText}. */
export interface SplitTextOptions {
  /** Longest part, in UTF-16 code units (default {@link MESSAGE_LENGTH_MAX}). */
  maxLength?: number;
}

const BLANK = /^\s*$/;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The last grapheme boundary in `(start, end]` (falls back to "not between a surrogate pair"). */
function hardCut(text: string, start: number, end: number): number {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    // a little past `end`, so the segment that straddles it is seen whole
    const window = text.slice(start, Math.min(text.length, end + 64));
    let last = 0;
    for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(window)) {
      if (index > end - start) break;
      last = index;
    }
    if (last > 0) return start + last;
    // one grapheme longer than the window (a huge combining sequence): fall through to code points
  }
  return isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end)) ? end - 1 : end;
}

/** Where the part starting at `start` ends, and where the next one starts. */
function cutPoint(text: string, start: number, max: number): { end: number; next: number } {
  const limit = start + max; // the part is [start, end) with end <= limit
  const half = start + Math.floor(max / 2);
  const newline = text.lastIndexOf('\n', limit);
  const space = text.lastIndexOf(' ', limit);
  for (const at of [newline >= half ? newline : -1, space >= half ? space : -1, newline, space]) {
    if (at > start) return { end: at, next: at + 1 };
  }
  const end = hardCut(text, start, limit);
  return { end, next: end };
}

/** The part of `e` inside `[from, to)`, re-based to `from`; undefined when it has none. */
function clip(e: MessageEntity, from: number, to: number): MessageEntity | undefined {
  const s = Math.max(e.offset, from);
  const t = Math.min(e.offset + e.length, to);
  return t > s ? { ...e, offset: s - from, length: t - s } : undefined;
}

/**
 * Splits `formatted` into parts of at most `maxLength` UTF-16 code units each (see the module notes);
 * a text that fits comes back as the only part, unchanged.
 *
 * @example
 * ```ts
 * for (const part of splitText(parseHtml(longHtml))) await sendText(ctx, chat, part.text, { entities: part.entities });
 * ```
 */
export function splitText(formatted: FormattedText, options: SplitTextOptions = {}): FormattedText[] {
  const max = Math.max(2, Math.trunc(options.maxLength ?? MESSAGE_LENGTH_MAX));
  const { text, entities } = formatted;
  if (text.length <= max) return [formatted];
  const parts: FormattedText[] = [];
  let start = 0;
  while (start < text.length) {
    const { end, next } = text.length - start <= max ? { end: text.length, next: text.length } : cutPoint(text, start, max);
    const part = text.slice(start, end);
    if (!BLANK.test(part)) {
      const inside = entities.map((e) => clip(e, start, end)).filter((e): e is MessageEntity => e !== undefined);
      parts.push({ text: part, entities: inside });
    }
    start = next;
  }
  return parts;
}
