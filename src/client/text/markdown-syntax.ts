/**
 * MarkdownV2's vocabulary (entity names, reserved characters, what a marker remembers) and the pure steps
 * of parsing it: reading a `(url)`, the entity a link makes, giving back unclosed markers.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { checkedLink, dateFlagsOf, mediaLinkOf, userIdOfLink } from './links.js';

/** What a marker opens. */
export type MdType = 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler' | 'code' | 'pre' | 'link' | 'media' | 'quote';

/** Entity names as Telegram's messages spell them. */
export const NAMES: Record<MdType, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strike: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  link: 'TextUrl',
  media: 'CustomEmoji',
  quote: 'BlockQuote',
};

/** Marker types whose entity has no fields beyond its range. */
export const SIMPLE: Partial<Record<MdType, MessageEntity['_']>> = {
  bold: 'messageEntityBold',
  italic: 'messageEntityItalic',
  underline: 'messageEntityUnderline',
  strike: 'messageEntityStrike',
  spoiler: 'messageEntitySpoiler',
  code: 'messageEntityCode',
};

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
  if (type === 'link') {
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
