/**
 * Turns an entity list (any order, possibly crossing) into a properly nested tree for the renderers.
 * Crossing entities are split at the edges of the ones they cross, as Telegram splits them; what Telegram
 * would remove is left out: entities inside code, pre and dates, a type inside itself, quotes inside
 * quotes. A blockquote is always at the top level: entities around it are split at its edges.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { compareEntities, isFormattingEntity } from './entities.js';
import { LEAF_TYPES, type FormattingEntity } from './rules.js';

/** One element of the tree: an entity (or a fragment of one) over `[start, end)` of the text. */
export interface RenderNode {
  entity: FormattingEntity;
  start: number;
  end: number;
  children: RenderNode[];
}

/** May move a blockquote's range before nesting (the MarkdownV2 renderer widens quotes); returns the new start and end. */
export type RangeAdjuster = (text: string, start: number, end: number) => [number, number];

interface Item {
  entity: FormattingEntity;
  start: number;
  end: number;
  /** Sort position, so re-queued fragments keep their place among equals. */
  order: number;
}

function compareItems(a: Item, b: Item): number {
  return a.start - b.start || b.end - a.end || compareEntities(a.entity, b.entity);
}

function isQuote(e: FormattingEntity): boolean {
  return e._ === 'messageEntityBlockquote';
}

/** The walk over the text's positions, with the open entities on a stack. */
class TreeBuilder {
  readonly root: RenderNode[] = [];
  private readonly stack: Item[] = [];
  private readonly nodes: RenderNode[] = [];
  /** Fragments to open later, sorted by start then order. */
  private readonly later: Item[] = [];
  private next = 0;

  constructor(private readonly items: Item[]) {}

  private push(item: Item, at: number): void {
    const node: RenderNode = { entity: item.entity, start: at, end: item.end, children: [] };
    const depth = this.nodes.length;
    (depth > 0 ? this.nodes[depth - 1]!.children : this.root).push(node);
    this.stack.push(item);
    this.nodes.push(node);
  }

  private requeue(item: Item, at: number): void {
    const later = this.later;
    let k = later.length;
    while (k > 0 && (later[k - 1]!.start > at || (later[k - 1]!.start === at && later[k - 1]!.order > item.order))) k--;
    later.splice(k, 0, { entity: item.entity, start: at, end: item.end, order: item.order });
  }

  /** Closes every open entity from depth `k` up; returns those that go on past `at`. */
  private closeFrom(k: number, at: number): Item[] | undefined {
    let reopen: Item[] | undefined;
    for (let j = k; j < this.stack.length; j++) {
      this.nodes[j]!.end = at;
      const item = this.stack[j]!;
      if (item.end > at) (reopen ??= []).push(item);
    }
    while (this.stack.length > k) {
      this.stack.pop();
      this.nodes.pop();
    }
    return reopen;
  }

  private open(item: Item, at: number): void {
    const e = item.entity;
    for (const open of this.stack) {
      const t = open.entity;
      // nothing inside a leaf, no type inside itself, no quote inside a quote: later, or never
      if (LEAF_TYPES.has(t._) || t._ === e._ || (isQuote(t) && isQuote(e))) {
        if (item.end > open.end) this.requeue(item, open.end);
        return;
      }
    }
    if (isQuote(e) && this.stack.length > 0) {
      const around = this.closeFrom(0, at);
      this.push(item, at);
      if (around) for (const a of around) this.push(a, at);
      return;
    }
    this.push(item, at);
  }

  build(n: number): void {
    const { items, stack, later } = this;
    let pos = 0;
    for (;;) {
      // close what ends here (and reopen what crossed it)
      for (let k = 0; k < stack.length; k++) {
        if (stack[k]!.end <= pos) {
          const reopen = this.closeFrom(k, pos);
          if (reopen) for (const r of reopen) this.push(r, pos);
          break;
        }
      }
      // open what starts here, in canonical order
      for (;;) {
        const a = this.next < items.length && items[this.next]!.start === pos ? items[this.next]! : undefined;
        const b = later.length > 0 && later[0]!.start === pos ? later[0]! : undefined;
        if (a === undefined && b === undefined) break;
        if (b === undefined || (a !== undefined && a.order < b.order)) {
          this.next++;
          this.open(a!, pos);
        } else {
          later.shift();
          this.open(b, pos);
        }
      }
      if (stack.length === 0 && this.next >= items.length && later.length === 0) break;
      // every remaining start and end lies after pos now
      let to = n;
      if (this.next < items.length) to = Math.min(to, items[this.next]!.start);
      if (later.length > 0) to = Math.min(to, later[0]!.start);
      for (const open of stack) to = Math.min(to, open.end);
      pos = to;
    }
  }
}

/** What a renderer does as the walk meets text and the edges of entities (fragments, once split). */
export interface RenderSink {
  text(from: number, to: number): void;
  open(e: FormattingEntity, start: number, end: number): void;
  close(e: FormattingEntity, start: number, end: number): void;
}

/**
 * Walks `text` with `entities`, calling `sink` in document order. Entities already in canonical order
 * and properly nested (what the parsers and Telegram produce) are streamed as they are; anything else
 * goes through the general walk ({@link buildRenderTree}). `simple` may refuse the streaming path for an
 * entity (the MarkdownV2 renderer refuses quotes, which need the tree).
 */
export function walkEntities(text: string, entities: readonly MessageEntity[], sink: RenderSink, simple?: (e: FormattingEntity) => boolean): void {
  if (isSimplyNested(text.length, entities, simple)) streamNested(text, entities, sink);
  else emitTree(buildRenderTree(text, entities), 0, text.length, sink);
}

/** Calls `sink` for the nodes of a tree. */
export function emitTree(nodes: readonly RenderNode[], from: number, to: number, sink: RenderSink): void {
  let pos = from;
  for (const node of nodes) {
    if (node.start > pos) sink.text(pos, node.start);
    sink.open(node.entity, node.start, node.end);
    emitTree(node.children, node.start, node.end, sink);
    sink.close(node.entity, node.start, node.end);
    pos = node.end;
  }
  if (to > pos) sink.text(pos, to);
}

const ENDS: number[] = [];
const TYPES: string[] = [];

/** True when the entities are in canonical order, in bounds, non-empty and properly nested. */
function isSimplyNested(n: number, entities: readonly MessageEntity[], simple: ((e: FormattingEntity) => boolean) | undefined): boolean {
  let depth = 0;
  let prev: MessageEntity | undefined;
  for (const e of entities) {
    if (!isFormattingEntity(e)) continue;
    const start = e.offset;
    const end = start + e.length;
    if (start < 0 || end > n || end <= start) return false;
    if (prev !== undefined && compareEntities(prev, e) > 0) return false;
    if (simple !== undefined && !simple(e)) return false;
    prev = e;
    while (depth > 0 && ENDS[depth - 1]! <= start) depth--;
    if (depth > 0) {
      if (end > ENDS[depth - 1]! || e._ === 'messageEntityBlockquote') return false;
      for (let d = 0; d < depth; d++) if (TYPES[d] === e._ || LEAF_TYPES.has(TYPES[d]!)) return false;
    }
    ENDS[depth] = end;
    TYPES[depth++] = e._;
  }
  return true;
}

/** Streams entities that {@link isSimplyNested} accepted. */
function streamNested(text: string, entities: readonly MessageEntity[], sink: RenderSink): void {
  const open: FormattingEntity[] = [];
  let pos = 0;
  for (const e of entities) {
    if (!isFormattingEntity(e)) continue;
    const start = e.offset;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const end = top.offset + top.length;
      if (end > start) break;
      if (end > pos) sink.text(pos, end);
      pos = end;
      sink.close(open.pop()!, top.offset, end);
    }
    if (start > pos) sink.text(pos, start);
    pos = start;
    sink.open(e, start, start + e.length);
    open.push(e);
  }
  while (open.length > 0) {
    const top = open.pop()!;
    const end = top.offset + top.length;
    if (end > pos) sink.text(pos, end);
    pos = end;
    sink.close(top, top.offset, end);
  }
  if (text.length > pos) sink.text(pos, text.length);
}

/**
 * Builds the render tree of `text` with `entities` (the top-level nodes, in text order): sorted, crossing
 * entities split, what cannot nest dropped. `adjust`, when given, may move each quote's range first.
 */
export function buildRenderTree(text: string, entities: readonly MessageEntity[], adjust?: RangeAdjuster): RenderNode[] {
  const n = text.length;
  const items: Item[] = [];
  for (const e of entities) {
    if (!isFormattingEntity(e)) continue;
    let start = e.offset > 0 ? e.offset : 0;
    let end = e.offset + e.length < n ? e.offset + e.length : n;
    if (adjust && e._ === 'messageEntityBlockquote') [start, end] = adjust(text, start, end);
    if (end > start) items.push({ entity: e, start, end, order: 0 });
  }
  items.sort(compareItems);
  for (let i = 0; i < items.length; i++) items[i]!.order = i;
  const builder = new TreeBuilder(items);
  builder.build(n);
  prune(builder.root);
  return builder.root;
}

/** Drops empty fragments (a reopened entity closed at once). */
function prune(nodes: RenderNode[]): void {
  let w = 0;
  for (let r = 0; r < nodes.length; r++) {
    const node = nodes[r]!;
    if (node.end <= node.start) continue;
    if (node.children.length > 0) prune(node.children);
    nodes[w++] = node;
  }
  while (nodes.length > w) nodes.pop();
}
