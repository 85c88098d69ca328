/**
 * The MarkdownV2 renderer's fast path for the commonest entity lists: entities side by side, none inside
 * another and no quote (what most short messages carry). It writes the markup in one pass with the output
 * in a local string, no walk state and no sink calls; anything else is left to the general walk, which
 * writes the same bytes for these lists (a property test compares the two).
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { appendCodeEscaped, appendMarkdownEscaped } from './escape.js';
import { fenceOpen, linkClose, linkOpen } from './markdown-markers.js';
import { kindOfType } from './render-tree.js';
import type { FormattingEntity } from './rules.js';

/** The same-both-sides marker of each kind below {@link PRE} (the order of `KINDS`). */
const SIMPLE_MARKERS: readonly string[] = ['*', '_', '__', '~', '||', '`'];
const ITALIC = 1;
const UNDERLINE = 2;
const CODE = 5;
const PRE = 6;
const QUOTE = 11;

/**
 * `text` with `entities` as MarkdownV2 when the formatting entities are in bounds, non-empty, in text
 * order and side by side (each starts at or after the previous one's end) and none is a blockquote;
 * undefined otherwise (nothing is lost: the caller renders through the general walk).
 * @internal
 */
export function renderFlatMarkdown(text: string, entities: readonly MessageEntity[]): string | undefined {
  const n = text.length;
  let out = '';
  /** Text before `pos` is written. */
  let pos = 0;
  /** Where an italic's closing `_` is the last thing written (-1: none): a `_` marker there would merge with it. */
  let italicEnd = -1;
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i]!;
    const kind = kindOfType(e._);
    if (kind < 0) continue;
    const start = e.offset;
    const end = start + e.length;
    if (start < pos || end > n || end <= start || kind === QUOTE) return undefined;
    if (start > pos) out = appendMarkdownEscaped(out, text, pos, start);
    const f = e as FormattingEntity;
    if (kind < PRE) {
      const marker = SIMPLE_MARKERS[kind]!;
      // an empty bold between `_` and `_`/`__` keeps the parser from reading them as one marker
      if (start === italicEnd && (kind === ITALIC || kind === UNDERLINE)) out += '**';
      out += marker;
      out = kind === CODE ? appendCodeEscaped(out, text, start, end) : appendMarkdownEscaped(out, text, start, end);
      out += marker;
      italicEnd = kind === ITALIC ? end : -1;
    } else if (kind === PRE) {
      out += fenceOpen(f as Extract<FormattingEntity, { _: 'messageEntityPre' }>, text, start);
      out = appendCodeEscaped(out, text, start, end) + '```';
      italicEnd = -1;
    } else {
      out += linkOpen(f);
      out = appendMarkdownEscaped(out, text, start, end) + linkClose(f);
      italicEnd = -1;
    }
    pos = end;
  }
  return n > pos ? appendMarkdownEscaped(out, text, pos, n) : out;
}
