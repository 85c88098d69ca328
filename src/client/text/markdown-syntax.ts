/**
 * MarkdownV2's vocabulary (entity names, reserved characters, what a marker remembers) and the pure steps
 * of parsing it: reading a `(url)`, the entity a link makes, giving back unclosed markers.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { checkedLink, dateFlagsOf, mediaLinkOf, userIdOfLink } from './links.js';

/**
 * What a marker opens, as small integers: the parser's hot loop compares and indexes them (string types
 * cost a keyed lookup per marker on short messages). The six simple types come first.
 */
export const MD = { bold: 0, italic: 1, underline: 2, strike: 3, spoiler: 4, code: 5, pre: 6, link: 7, media: 8, quote: 9 } as const;
/** One of {@link MD}'s values. */
export type MdType = (typeof MD)[keyof typeof MD];

/** Entity names as Telegram's messages spell them, by {@link MdType}. */
export const NAMES: readonly string[] = ['Bold', 'Italic', 'Underline', 'Strikethrough', 'Spoiler', 'Code', 'Pre', 'TextUrl', 'CustomEmoji', 'BlockQuote'];

/** The entity of each marker type that has no fields beyond its range (the types below {@link MD}.pre). */
export const SIMPLE: readonly MessageEntity['_'][] = [
  'messageEntityBold',
  'messageEntityItalic',
  'messageEntityUnderline',
  'messageEntityStrike',
  'messageEntitySpoiler',
  'messageEntityCode',
];

/** 1 for the characters that are markup outside code (and `\`, which escapes). */
export const SPECIAL = new Uint8Array(128);
for (const c of '_*[]()~`>#+-=|{}.!\n\\') SPECIAL[c.charCodeAt(0)] = 1;

/** An open marker. */
export interface MdFrame {
  type: MdType;
  /** Output offset where the entity's text begins. */
  offset: number;
  /** Input index of the marker (for errors), and of the first character after it. */
  at: number;
  contentAt: number;
  language: string;
  /** Index of the entity in the list: taken when the marker opens, so the list comes out in order. */
  slot: number;
}

/** Whitespace as Telegram's parser sees it. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** Reads `url)` from `from`, unescaping `\x`; undefined when no `)` ends it. */
export function readUrl(input: string, from: number): { url: string; end: number } | undefined {
  const close = input.indexOf(')', from);
  if (close < 0) return undefined;
  // the common case: no `\` before the first `)`, so that `)` ends the URL as it is
  const slash = input.indexOf('\\', from);
  if (slash < 0 || slash > close) return { url: input.slice(from, close), end: close };
  let url = '';
  let i = from;
  let start = from;
  for (; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x29 /* ) */) return { url: url + input.slice(start, i), end: i };
    if (c === 0x5c && i + 1 < input.length) {
      const e = input.charCodeAt(i + 1);
      if (e > 0 && e <= 126) {
        url += input.slice(start, i);
        start = i + 1;
        i++;
      }
    }
  }
  return undefined;
}

/**
 * The entity a `[text](url)` (`type` link) or `![text](url)` (`type` media) makes, its range still to be
 * set; undefined when Telegram would drop it (an unusable link), or the reason it refuses the URL.
 */
export function linkEntityOf(type: MdType, url: string): MessageEntity | string | undefined {
  if (type === MD.link) {
    const userId = userIdOfLink(url);
    if (userId !== undefined) return { _: 'messageEntityMentionName', offset: 0, length: 0, userId };
    const link = checkedLink(url);
    return link === undefined ? undefined : { _: 'messageEntityTextUrl', offset: 0, length: 0, url: link };
  }
  const media = mediaLinkOf(url);
  if (media.kind === 'emoji') return { _: 'messageEntityCustomEmoji', offset: 0, length: 0, documentId: media.documentId };
  if (media.kind === 'time') return { _: 'messageEntityFormattedDate', ...dateFlagsOf(media.format), offset: 0, length: 0, date: media.date };
  return media.reason;
}

/**
 * Lenient mode: puts the markers of given-up frames back into `text` and moves the entities after them
 * (in place). Returns the new text.
 */
export function restoreMarkers(input: string, text: string, entities: readonly (MessageEntity | undefined)[], unclosed: MdFrame[]): string {
  const frames = unclosed.sort((a, b) => b.offset - a.offset || b.at - a.at);
  for (const f of frames) {
    const marker = input.slice(f.at, f.contentAt);
    text = text.slice(0, f.offset) + marker + text.slice(f.offset);
    for (const e of entities) {
      if (e === undefined) continue;
      if (e.offset >= f.offset) e.offset += marker.length;
      else if (e.offset + e.length > f.offset) e.length += marker.length;
    }
  }
  return text;
}
