/**
 * The elements of Telegram's HTML: tag names, what an open element remembers, and the entity each one
 * makes when it closes.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { checkedLink, customEmojiIdOf, dateFlagsOf, dateOf, userIdOfLink } from './links.js';
import { DATE_FORMAT } from './rules.js';

/** What an element is, once its name is known. */
export type TagKind =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strike'
  | 'spoiler'
  | 'span'
  | 'link'
  | 'code'
  | 'pre'
  | 'quote'
  | 'emoji'
  | 'time'
  | 'ignored';

/** The tags Telegram accepts (lowercase) and what each is. */
export const TAGS: ReadonlyMap<string, TagKind> = new Map<string, TagKind>([
  ['b', 'bold'],
  ['strong', 'bold'],
  ['i', 'italic'],
  ['em', 'italic'],
  ['u', 'underline'],
  ['ins', 'underline'],
  ['s', 'strike'],
  ['strike', 'strike'],
  ['del', 'strike'],
  ['tg-spoiler', 'spoiler'],
  ['span', 'span'],
  ['a', 'link'],
  ['code', 'code'],
  ['pre', 'pre'],
  ['blockquote', 'quote'],
  ['tg-emoji', 'emoji'],
  ['tg-time', 'time'],
]);

/** An unquoted attribute value (a name token). */
export const NAME_TOKEN = /^[A-Za-z0-9.-]*$/;

/** One open element. */
export interface Frame {
  kind: TagKind;
  /** Tag name as written, lowercased (end tags must repeat it). */
  name: string;
  /** Where the element's text begins in the output. */
  offset: number;
  /** Where its start tag begins in the input (for errors). */
  at: number;
  /** `href`, `class="language-…"`'s language, `emoji-id`, or `unix`. */
  arg: string | undefined;
  /** `format` of `tg-time`. */
  format: string | undefined;
  expandable: boolean;
  /** A `<code>`/`<pre>` that began together with this `<pre>`/`<code>`: its entity and where it ended. */
  inner: { index: number; end: number; language: string } | undefined;
  /** Index of the entity in the list: taken when the element opens, so the list comes out in order. */
  slot: number;
}

/** `s` lowercased, without a copy when it has no capital. */
export function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return s.toLowerCase();
  }
  return s;
}

/** HTML whitespace. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/**
 * The entity of a closed element other than code and pre (those need their neighbours), undefined when it
 * makes none (an unusable link, an ignored tag), or the reason Telegram refuses it.
 */
export function elementEntity(frame: Frame, offset: number, length: number, text: string): MessageEntity | string | undefined {
  switch (frame.kind) {
    case 'bold':
      return { _: 'messageEntityBold', offset, length };
    case 'italic':
      return { _: 'messageEntityItalic', offset, length };
    case 'underline':
      return { _: 'messageEntityUnderline', offset, length };
    case 'strike':
      return { _: 'messageEntityStrike', offset, length };
    case 'spoiler':
      return { _: 'messageEntitySpoiler', offset, length };
    case 'link': {
      const url = frame.arg ? frame.arg : text.slice(offset);
      const userId = userIdOfLink(url);
      if (userId !== undefined) return { _: 'messageEntityMentionName', offset, length, userId };
      const link = checkedLink(url);
      return link === undefined ? undefined : { _: 'messageEntityTextUrl', offset, length, url: link };
    }
    case 'quote':
      return frame.expandable ? { _: 'messageEntityBlockquote', collapsed: true, offset, length } : { _: 'messageEntityBlockquote', offset, length };
    case 'emoji': {
      const documentId = customEmojiIdOf(frame.arg ?? '');
      if (documentId !== undefined) return { _: 'messageEntityCustomEmoji', offset, length, documentId };
      return 'Invalid custom emoji identifier specified';
    }
    case 'time': {
      const date = dateOf(frame.arg);
      const format = frame.format ?? '';
      if (date !== undefined && DATE_FORMAT.test(format)) return { _: 'messageEntityFormattedDate', ...dateFlagsOf(format), offset, length, date };
      return date === undefined ? 'Tag "tg-time" must have a valid "unix" attribute' : `Invalid date format "${format}"`;
    }
    default:
      return undefined;
  }
}
