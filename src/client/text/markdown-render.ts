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
import { appendMarkdownEscaped, MARKDOWN_RESERVED } from './escape.js';
import { renderFlatMarkdown } from './markdown-flat.js';
import { fenceOpen, linkClose, linkOpen } from './markdown-markers.js';
import { buildRenderTree, emitTree, KINDS, streamEntities, type EntityKind, type RenderNode, type RenderSink } from './render-tree.js';
import { LEAF_TYPES, type FormattingEntity } from './rules.js';
import type { FormattedText } from './types.js';

/** Entities whose marker is the same on both sides. */
const SAME_BY_TYPE: Partial<Record<FormattingEntity['_'], string>> = {
  messageEntityBold: '*',
  messageEntityItalic: '_',
  messageEntityUnderline: '__',
  messageEntityStrike: '~',
  messageEntitySpoiler: '||',
  messageEntityCode: '`',
};
/** The same-both-sides marker of each kind (`''` for the others). */
const SAME_BOTH_SIDES: readonly string[] = KINDS.map((t) => SAME_BY_TYPE[t] ?? '');
const BOLD = KINDS.indexOf('messageEntityBold');
const CODE = KINDS.indexOf('messageEntityCode');

class MarkdownWriter implements RenderSink {
  out = '';
  /** The last token written was a single `_` marker (another `_` marker right after would merge with it). */
  private afterUnderscore = false;
  /** Only markers were written since a quote's closing newline (a `>` now would continue that quote). */
  private afterQuote = false;
  private boldDepth = 0;
  /** Inside code or pre: only `` ` `` and `\` are escaped. */
  private code = false;
  /** Newlines before this index belong to the quote being written (a `>` follows them); -1 outside quotes. */
  private quoteEnd = -1;
  /** Index of the newline that closes the quote being written, or -1. */
  private quoteClose = -1;
  private quoteCollapsed = false;

  constructor(private readonly source: string) {}

  private marker(m: string): void {
    if (this.afterUnderscore && m.charCodeAt(0) === 0x5f) this.out += this.boldDepth === 0 ? '**' : '``';
    this.out += m;
    this.afterUnderscore = m === '_';
  }

  /** Writes `source[from, to)` escaped for where it is. */
  text(from: number, to: number): void {
    const source = this.source;
    const code = this.code;
    this.afterUnderscore = false;
    this.afterQuote = false;
    if (!code && this.quoteEnd < 0) {
      // plain text outside quotes (the common case): only the reserved characters
      this.out = appendMarkdownEscaped(this.out, source, from, to);
      return;
    }
    let out = this.out;
    let start = from;
    for (let i = from; i < to; i++) {
      const c = source.charCodeAt(i);
      if (code ? c === 0x60 || c === 0x5c : c < 128 && MARKDOWN_RESERVED[c] === 1) {
        out += source.slice(start, i) + '\\';
        start = i;
      } else if (c === 0x0a && !code && this.quoteEnd >= 0) {
        if (i < this.quoteEnd) {
          out += source.slice(start, i + 1) + '>';
          start = i + 1;
        } else if (i === this.quoteClose && this.quoteCollapsed) {
          // the expandable mark goes just before the closing newline
          out += source.slice(start, i) + '||';
          start = i;
        }
      }
    }
    this.out = out + source.slice(start, to);
  }

  open(e: FormattingEntity, start: number, end: number, kind: EntityKind): void {
    const same = SAME_BOTH_SIDES[kind]!;
    if (same !== '') {
      if (kind === BOLD) this.boldDepth++;
      else if (kind === CODE) this.code = true;
      return this.marker(same);
    }
    switch (e._) {
      case 'messageEntityPre':
        this.code = true;
        return this.marker(fenceOpen(e, this.source, start));
      case 'messageEntityBlockquote': {
        const closing = hasClosingNewline(this.source, end);
        // `**` (an empty bold) keeps this quote from continuing the one that just ended
        this.marker(this.afterQuote ? '**>' : '>');
        this.quoteEnd = closing ? end - 1 : end;
        this.quoteClose = closing ? end - 1 : -1;
        this.quoteCollapsed = e.collapsed === true;
        return;
      }
      default: {
        // links, mentions, custom emoji, dates; a mention without a user id has no markers at all
        const m = linkOpen(e);
        if (m !== '') this.marker(m);
      }
    }
  }

  close(e: FormattingEntity, _start: number, end: number, kind: EntityKind): void {
    const same = SAME_BOTH_SIDES[kind]!;
    if (same !== '') {
      if (kind === BOLD) this.boldDepth--;
      else if (kind === CODE) this.code = false;
      return this.marker(same);
    }
    switch (e._) {
      case 'messageEntityPre':
        this.code = false;
        return this.marker('```');
      case 'messageEntityBlockquote':
        if (this.quoteCollapsed && this.quoteClose < 0) this.marker('||');
        this.quoteEnd = this.quoteClose = -1;
        this.afterUnderscore = false;
        this.afterQuote = end === this.source.length || this.source.charCodeAt(end - 1) === 0x0a;
        return;
      default: {
        const m = linkClose(e);
        if (m !== '') this.marker(m);
      }
    }
  }
}

/** Widens a quote to whole lines. */
function wholeLines(text: string, start: number, end: number): [number, number] {
  // a line starts after a newline and any carriage returns (the parser ignores `\r` there)
  let k = start;
  while (k > 0 && text.charCodeAt(k - 1) === 0x0d) k--;
  if (k > 0 && text.charCodeAt(k - 1) !== 0x0a) start = text.lastIndexOf('\n', k - 1) + 1;
  if (end < text.length && text.charCodeAt(end - 1) !== 0x0a) {
    const nl = text.indexOf('\n', end);
    end = nl < 0 ? text.length : nl + 1;
  }
  return [start, end];
}

/**
 * A quote followed by more text ends with a newline that no `>` follows: that newline closes it. At the
 * end of the text a quote needs none (a last `\n>` keeps a final newline inside the quote).
 */
function hasClosingNewline(text: string, end: number): boolean {
  return end < text.length && text.charCodeAt(end - 1) === 0x0a;
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
      node = childAt(node.children, p);
    }
  }
  if (clipped) clip(nodes, text.length);
}

function childAt(nodes: readonly RenderNode[], p: number): RenderNode | undefined {
  for (const c of nodes) if (c.start <= p && p < c.end) return c;
  return undefined;
}

/** Ends the entities inside a quote that reach its closing newline just before it. */
function clipQuoteEnds(text: string, nodes: RenderNode[]): void {
  for (const q of nodes) {
    if (q.entity._ === 'messageEntityBlockquote' && hasClosingNewline(text, q.end)) clip(q.children, q.end - 1);
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
  if (entities.length === 0) return appendMarkdownEscaped('', text, 0, text.length);
  // entities side by side (no quote) are written in one pass
  return renderFlatMarkdown(text, entities) ?? renderMarkdownWalked(text, entities);
}

/**
 * {@link renderMarkdown} without the flat fast path: entities nested as the parsers produce them are
 * streamed; quotes (whole lines) and anything else go through the render tree. Exposed for the test that
 * compares the paths.
 * @internal
 */
export function renderMarkdownWalked(text: string, entities: readonly MessageEntity[]): string {
  let quoted = false;
  for (let i = 0; i < entities.length; i++) if (entities[i]!._ === 'messageEntityBlockquote') quoted = true;
  const streamed = new MarkdownWriter(text);
  if (!quoted && streamEntities(text, entities, streamed, false)) return streamed.out;
  // otherwise the general walk, with a fresh writer
  const writer = new MarkdownWriter(text);
  if (!quoted) emitTree(buildRenderTree(text, entities), 0, text.length, writer);
  else {
    const tree = buildRenderTree(text, entities, wholeLines);
    clipQuoteEnds(text, tree);
    clipCodeBeforeQuotes(text, tree);
    emitTree(tree, 0, text.length, writer);
  }
  return writer.out;
}
