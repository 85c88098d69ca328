/**
 * Text + entities → Telegram's MarkdownV2, written so that Telegram's parser reads back the same
 * entities: every reserved character escaped for its context, an empty entity between markers the parser
 * would otherwise merge (`_` next to `__`, two quotes in a row), `>` at the start of each quoted line.
 *
 * MarkdownV2 can only quote whole lines, so a blockquote is widened to the start of its first line and to
 * the end of its last one (newline included), and entities inside a quote that end on its closing newline
 * end just before it ([I]: the smallest change that keeps the quote).
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { mentionedUserId } from './entities.js';
import { MARKDOWN_RESERVED } from './escape.js';
import { timeLink, userLink } from './links.js';
import { buildRenderTree, type RenderNode } from './render-tree.js';
import { LEAF_TYPES, type FormattingEntity } from './rules.js';
import type { FormattedText } from './types.js';

/** Languages a fence can carry: the parser ends the language at whitespace or a backtick. */
const FENCE_LANGUAGE = /^[^\s`]+$/;

class MarkdownWriter {
  out = '';
  /** The last token written was a single `_` marker (another `_` marker right after would merge with it). */
  private afterUnderscore = false;
  /** Only markers were written since a quote's closing newline (a `>` now would continue that quote). */
  private afterQuote = false;
  private boldDepth = 0;
  /** Newlines before this index belong to the quote being written (a `>` follows them); -1 outside quotes. */
  private quoteEnd = -1;

  constructor(private readonly text: string) {}

  private marker(m: string): void {
    if (this.afterUnderscore && m.charCodeAt(0) === 0x5f) this.out += this.boldDepth === 0 ? '**' : '``';
    this.out += m;
    this.afterUnderscore = m === '_';
  }

  /** Writes `text[from, to)` escaped for ordinary text (`code` false) or code. */
  private plain(from: number, to: number, code: boolean): void {
    if (to <= from) return;
    const text = this.text;
    let out = this.out;
    let start = from;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (code ? c === 0x60 || c === 0x5c : c < 128 && MARKDOWN_RESERVED[c] === 1) {
        out += text.slice(start, i) + '\\';
        start = i;
      } else if (c === 0x0a && !code && i < this.quoteEnd) {
        out += text.slice(start, i + 1) + '>';
        start = i + 1;
      }
    }
    this.out = out + text.slice(start, to);
    this.afterUnderscore = false;
    this.afterQuote = false;
  }

  nodes(nodes: readonly RenderNode[], from: number, to: number): void {
    let pos = from;
    for (const node of nodes) {
      this.plain(pos, node.start, false);
      this.node(node);
      pos = node.end;
    }
    this.plain(pos, to, false);
  }

  private wrap(node: RenderNode, open: string, close: string): void {
    this.marker(open);
    this.nodes(node.children, node.start, node.end);
    this.marker(close);
  }

  private node(node: RenderNode): void {
    const e: FormattingEntity = node.entity;
    switch (e._) {
      case 'messageEntityBold':
        this.boldDepth++;
        this.wrap(node, '*', '*');
        this.boldDepth--;
        return;
      case 'messageEntityItalic':
        return this.wrap(node, '_', '_');
      case 'messageEntityUnderline':
        return this.wrap(node, '__', '__');
      case 'messageEntityStrike':
        return this.wrap(node, '~', '~');
      case 'messageEntitySpoiler':
        return this.wrap(node, '||', '||');
      case 'messageEntityCode':
        this.marker('`');
        this.plain(node.start, node.end, true);
        this.marker('`');
        return;
      case 'messageEntityPre': {
        const language = FENCE_LANGUAGE.test(e.language) ? e.language : '';
        // the parser drops one newline (`\n`, `\r`, `\r\n` or `\n\r`) after the fence: keep a leading `\r`
        this.marker('```' + language + (this.text.charCodeAt(node.start) === 0x0d ? '\r\n' : '\n'));
        this.plain(node.start, node.end, true);
        this.marker('```');
        return;
      }
      case 'messageEntityTextUrl':
        return this.link(node, '[', e.url);
      case 'messageEntityMentionName':
      case 'inputMessageEntityMentionName': {
        const userId = mentionedUserId(e);
        if (userId === undefined) this.nodes(node.children, node.start, node.end);
        else this.link(node, '[', userLink(userId));
        return;
      }
      case 'messageEntityCustomEmoji':
        return this.link(node, '![', `tg://emoji?id=${e.documentId}`);
      case 'messageEntityFormattedDate':
        this.marker('![');
        this.plain(node.start, node.end, false);
        this.marker(`](${timeLink(e)})`);
        return;
      case 'messageEntityBlockquote':
        return this.quote(node, e.collapsed === true);
    }
  }

  private link(node: RenderNode, open: string, url: string): void {
    this.marker(open);
    this.nodes(node.children, node.start, node.end);
    let escaped = '](';
    let start = 0;
    for (let i = 0; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c === 0x29 || c === 0x5c) {
        escaped += url.slice(start, i) + '\\';
        start = i;
      }
    }
    this.marker(escaped + url.slice(start) + ')');
  }

  private quote(node: RenderNode, collapsed: boolean): void {
    const closingNewline = hasClosingNewline(this.text, node);
    const contentEnd = closingNewline ? node.end - 1 : node.end;
    // `**` (an empty bold) keeps this quote from continuing the one that just ended
    this.marker(this.afterQuote ? '**>' : '>');
    this.quoteEnd = contentEnd;
    this.nodes(node.children, node.start, contentEnd);
    if (collapsed) this.marker('||');
    this.quoteEnd = -1;
    if (closingNewline) this.out += '\n';
    this.afterUnderscore = false;
    this.afterQuote = true;
  }
}

/** Widens a quote to whole lines. */
function wholeLines(text: string): (e: FormattingEntity, start: number, end: number) => [number, number] {
  return (e, start, end) => {
    if (e._ !== 'messageEntityBlockquote') return [start, end];
    // a line starts after a newline and any carriage returns (the parser ignores `\r` there)
    let k = start;
    while (k > 0 && text.charCodeAt(k - 1) === 0x0d) k--;
    if (k > 0 && text.charCodeAt(k - 1) !== 0x0a) start = text.lastIndexOf('\n', k - 1) + 1;
    if (end < text.length && text.charCodeAt(end - 1) !== 0x0a) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
    }
    return [start, end];
  };
}

/**
 * A quote followed by more text ends with a newline that no `>` follows: that newline closes it. At the
 * end of the text a quote needs none (a last `\n>` keeps a final newline inside the quote).
 */
function hasClosingNewline(text: string, q: RenderNode): boolean {
  return q.end < text.length && text.charCodeAt(q.end - 1) === 0x0a;
}

/**
 * A `>` opens a quote only after a newline outside code (inside code a newline is just a character): a
 * code or pre that ends with the newline before a quote ends just before that newline.
 */
function clipCodeBeforeQuotes(text: string, nodes: RenderNode[]): void {
  let clipped = false;
  for (let k = 1; k < nodes.length; k++) {
    if (nodes[k]!.entity._ !== 'messageEntityBlockquote') continue;
    let p = nodes[k]!.start - 1;
    while (p >= 0 && text.charCodeAt(p) === 0x0d) p--;
    let node: RenderNode | undefined = nodes[k - 1];
    while (node !== undefined && node.start <= p && p < node.end) {
      if (LEAF_TYPES.has(node.entity._)) {
        node.end = p;
        clipped = true;
        break;
      }
      node = node.children.find((c) => c.start <= p && p < c.end);
    }
  }
  if (clipped) clip(nodes, text.length);
}

/** Ends the entities inside a quote that reach its closing newline just before it. */
function clipQuoteEnds(text: string, nodes: RenderNode[]): void {
  for (const q of nodes) {
    if (q.entity._ === 'messageEntityBlockquote' && hasClosingNewline(text, q)) clip(q.children, q.end - 1);
  }
}

function clip(nodes: RenderNode[], limit: number): void {
  let w = 0;
  for (const node of nodes) {
    if (node.end > limit) node.end = limit;
    if (node.end <= node.start) continue;
    clip(node.children, limit);
    nodes[w++] = node;
  }
  nodes.length = w;
}

/**
 * Renders text with entities as Telegram's MarkdownV2, so that `parseMarkdown(renderMarkdown(t))` gives
 * `t` back for every entity list MarkdownV2 can express. Crossing entities are split where they cross;
 * entities without a syntax (auto-detected mentions, hashtags, URLs…) and what Telegram would drop render
 * as plain text; quotes are widened to whole lines (see the module notes).
 *
 * @param text - the text, or a {@link FormattedText} (then `entities` is ignored).
 * @param entities - its entities, in any order (UTF-16 offsets).
 *
 * @example
 * ```ts
 * renderMarkdown({ text: 'Total: 1.50', entities: [{ _: 'messageEntityBold', offset: 0, length: 6 }] })
 * // '*Total:* 1\\.50'
 * ```
 */
export function renderMarkdown(text: string | FormattedText, entities: readonly MessageEntity[] = []): string {
  if (typeof text !== 'string') ({ text, entities } = text);
  const writer = new MarkdownWriter(text);
  if (entities.length === 0) {
    writer.nodes([], 0, text.length);
    return writer.out;
  }
  const tree = buildRenderTree(text, entities, wholeLines(text));
  clipQuoteEnds(text, tree.children);
  clipCodeBeforeQuotes(text, tree.children);
  writer.nodes(tree.children, 0, text.length);
  return writer.out;
}
