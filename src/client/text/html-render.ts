/**
 * Text + entities → Telegram's HTML.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { mentionedUserId } from './entities.js';
import { appendHtmlEscaped } from './escape.js';
import { dateFormatOf, userLink } from './links.js';
import { KINDS, walkEntities, type EntityKind, type RenderSink } from './render-tree.js';
import type { FormattingEntity } from './rules.js';
import type { FormattedText } from './types.js';

function attribute(value: string): string {
  return appendHtmlEscaped('"', value, 0, value.length, true) + '"';
}

/** Entities whose tags carry no attribute: the tag name. */
const PLAIN_TAGS: Partial<Record<FormattingEntity['_'], string>> = {
  messageEntityBold: 'b',
  messageEntityItalic: 'i',
  messageEntityUnderline: 'u',
  messageEntityStrike: 's',
  messageEntitySpoiler: 'tg-spoiler',
  messageEntityCode: 'code',
  messageEntityBlockquote: 'blockquote',
};
/** Tags of each kind without attributes (`''`: built per entity). */
const OPEN: readonly string[] = KINDS.map((t) => (t === 'messageEntityBlockquote' || PLAIN_TAGS[t] === undefined ? '' : `<${PLAIN_TAGS[t]}>`));
const CLOSE: readonly string[] = KINDS.map((t) => (PLAIN_TAGS[t] === undefined ? '' : `</${PLAIN_TAGS[t]}>`));

/** The start tag of an entity; `''` for a mention whose user is not known by id. */
function startTag(e: FormattingEntity): string {
  switch (e._) {
    case 'messageEntityPre':
      return e.language ? `<pre><code class=${attribute(`language-${e.language}`)}>` : '<pre>';
    case 'messageEntityTextUrl':
      return `<a href=${attribute(e.url)}>`;
    case 'messageEntityMentionName':
    case 'inputMessageEntityMentionName': {
      const userId = mentionedUserId(e);
      return userId === undefined ? '' : `<a href="${userLink(userId)}">`;
    }
    case 'messageEntityCustomEmoji':
      return `<tg-emoji emoji-id="${e.documentId}">`;
    case 'messageEntityBlockquote':
      return e.collapsed ? '<blockquote expandable>' : '<blockquote>';
    case 'messageEntityFormattedDate': {
      const format = dateFormatOf(e);
      return format ? `<tg-time unix="${e.date}" format="${format}">` : `<tg-time unix="${e.date}">`;
    }
    default:
      return `<${PLAIN_TAGS[e._]!}>`;
  }
}

function endTag(e: FormattingEntity): string {
  switch (e._) {
    case 'messageEntityPre':
      return e.language ? '</code></pre>' : '</pre>';
    case 'messageEntityTextUrl':
      return '</a>';
    case 'messageEntityMentionName':
    case 'inputMessageEntityMentionName':
      return mentionedUserId(e) === undefined ? '' : '</a>';
    case 'messageEntityCustomEmoji':
      return '</tg-emoji>';
    case 'messageEntityFormattedDate':
      return '</tg-time>';
    default:
      return `</${PLAIN_TAGS[e._]!}>`;
  }
}

class HtmlWriter implements RenderSink {
  out = '';

  constructor(
    private readonly source: string,
    private readonly escape: boolean,
  ) {}

  text(from: number, to: number): void {
    this.out = this.escape ? appendHtmlEscaped(this.out, this.source, from, to, false) : this.out + this.source.slice(from, to);
  }

  open(e: FormattingEntity, _start: number, _end: number, kind: EntityKind): void {
    const tag = OPEN[kind]!;
    this.out += tag !== '' ? tag : startTag(e);
  }

  close(e: FormattingEntity, _start: number, _end: number, kind: EntityKind): void {
    const tag = CLOSE[kind]!;
    this.out += tag !== '' ? tag : endTag(e);
  }
}

const SPECIAL = /[&<>]/;

/**
 * Renders text with entities as Telegram's HTML, so that `parseHtml(renderHtml(t))` gives `t` back.
 * Crossing entities are split where they cross; entities HTML has no tag for (auto-detected mentions,
 * hashtags, URLs…) and what Telegram would drop (entities inside code, a type inside itself) render as
 * plain text.
 *
 * @param text - the text, or a {@link FormattedText} (then `entities` is ignored).
 * @param entities - its entities, in any order (UTF-16 offsets).
 *
 * @example
 * ```ts
 * renderHtml({ text: 'Hi you', entities: [{ _: 'messageEntityBold', offset: 0, length: 2 }] }) // '<b>Hi</b> you'
 * ```
 */
export function renderHtml(text: string | FormattedText, entities: readonly MessageEntity[] = []): string {
  if (typeof text !== 'string') ({ text, entities } = text);
  const escape = SPECIAL.test(text);
  if (entities.length === 0) return escape ? appendHtmlEscaped('', text, 0, text.length, false) : text;
  const source = text;
  return walkEntities(source, entities, () => new HtmlWriter(source, escape)).out;
}
