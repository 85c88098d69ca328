/**
 * The MarkdownV2 markers of entities that carry data (fences, links, custom emoji, dates), shared by the
 * renderer's general walk and its flat fast path so both write the same bytes.
 * @module
 */
import type { MessageEntityPre } from '../../tl/index.js';
import { mentionedUserId } from './entities.js';
import { timeLink, userLink } from './links.js';
import type { FormattingEntity } from './rules.js';

/** Languages a fence can carry: the parser ends the language at whitespace or a backtick. */
const FENCE_LANGUAGE = /^[^\s`]+$/;

/** The opening fence of a pre whose text starts at `source[start]`. */
export function fenceOpen(e: MessageEntityPre, source: string, start: number): string {
  const language = FENCE_LANGUAGE.test(e.language) ? e.language : '';
  // the parser drops one newline (`\n`, `\r`, `\r\n` or `\n\r`) after the fence: keep a leading `\r`
  return '```' + language + (source.charCodeAt(start) === 0x0d ? '\r\n' : '\n');
}

/** `[` or `![` before a link-like entity; `''` for a mention whose user is not known by id (plain text). */
export function linkOpen(e: FormattingEntity): string {
  switch (e._) {
    case 'messageEntityTextUrl':
      return '[';
    case 'messageEntityMentionName':
    case 'inputMessageEntityMentionName':
      return mentionedUserId(e) !== undefined ? '[' : '';
    default:
      return '![';
  }
}

/** `](…)` after a link-like entity (`''` where {@link linkOpen} wrote nothing). */
export function linkClose(e: FormattingEntity): string {
  switch (e._) {
    case 'messageEntityTextUrl':
      return linkEnd(e.url);
    case 'messageEntityMentionName':
    case 'inputMessageEntityMentionName': {
      const userId = mentionedUserId(e);
      return userId === undefined ? '' : `](${userLink(userId)})`;
    }
    case 'messageEntityCustomEmoji':
      return `](tg://emoji?id=${e.documentId})`;
    case 'messageEntityFormattedDate':
      return `](${timeLink(e)})`;
    default:
      return '';
  }
}

/** `](url)` with `)` and `\` escaped. */
function linkEnd(url: string): string {
  if (url.indexOf(')') < 0 && url.indexOf('\\') < 0) return `](${url})`;
  let escaped = '](';
  let start = 0;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x29 || c === 0x5c) {
      escaped += url.slice(start, i) + '\\';
      start = i;
    }
  }
  return escaped + url.slice(start) + ')';
}
