/**
 * Text + entities → Telegram's HTML.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { mentionedUserId } from './entities.js';
import { appendHtmlEscaped } from './escape.js';
import { dateFormatOf, userLink } from './links.js';
import { buildRenderTree, type RenderNode } from './render-tree.js';
import type { FormattingEntity } from './rules.js';
import type { FormattedText } from './types.js';

function attribute(value: string): string {
  return appendHtmlEscaped('"', value, 0, value.length, true) + '"';
}

/** Start and end tag of an entity; `undefined` for a mention whose user is not known by id. */
function tagsOf(e: FormattingEntity): [string, string] | undefined {
  switch (e._) {
    case 'messageEntityBold':
      return ['<b>', '</b>'];
    case 'messageEntityItalic':
      return ['<i>', '</i>'];
    case 'messageEntityUnderline':
      return ['<u>', '</u>'];
    case 'messageEntityStrike':
      return ['<s>', '</s>'];
    case 'messageEntitySpoiler':
      return ['<tg-spoiler>', '</tg-spoiler>'];
    case 'messageEntityCode':
      return ['<code>', '</code>'];
    case 'messageEntityPre':
      return e.language ? [`<pre><code class=${attribute(`language-${e.language}`)}>`, '</code></pre>'] : ['<pre>', '</pre>'];
    case 'messageEntityTextUrl':
      return [`<a href=${attribute(e.url)}>`, '</a>'];
    case 'messageEntityMentionName':
    case 'inputMessageEntityMentionName': {
      const userId = mentionedUserId(e);
      return userId === undefined ? undefined : [`<a href="${userLink(userId)}">`, '</a>'];
    }
    case 'messageEntityCustomEmoji':
      return [`<tg-emoji emoji-id="${e.documentId}">`, '</tg-emoji>'];
    case 'messageEntityBlockquote':
      return [e.collapsed ? '<blockquote expandable>' : '<blockquote>', '</blockquote>'];
    case 'messageEntityFormattedDate': {
      const format = dateFormatOf(e);
      return [format ? `<tg-time unix="${e.date}" format="${format}">` : `<tg-time unix="${e.date}">`, '</tg-time>'];
    }
  }
}

function emit(out: string, text: string, nodes: readonly RenderNode[], from: number, to: number, escape: boolean): string {
  let pos = from;
  for (const node of nodes) {
    if (node.start > pos) out = escape ? appendHtmlEscaped(out, text, pos, node.start, false) : out + text.slice(pos, node.start);
    const tags = tagsOf(node.entity);
    if (tags) out += tags[0];
    out = emit(out, text, node.children, node.start, node.end, escape);
    if (tags) out += tags[1];
    pos = node.end;
  }
  if (to > pos) out = escape ? appendHtmlEscaped(out, text, pos, to, false) : out + text.slice(pos, to);
  return out;
}

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
  const escape = /[&<>]/.test(text);
  if (entities.length === 0) return escape ? appendHtmlEscaped('', text, 0, text.length, false) : text;
  const tree = buildRenderTree(text, entities);
  return emit('', text, tree.children, 0, text.length, escape);
}
