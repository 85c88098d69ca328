/**
 * Turns an entity list (any order, possibly crossing) into a properly nested tree for the renderers.
 * Crossing entities are split at the edges of the ones they cross, as Telegram splits them; what Telegram
 * would remove is left out: entities inside code, pre and dates, a type inside itself, quotes inside
 * quotes. A blockquote is always at the top level: entities around it are split at its edges.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { compareEntities, isFormattingEntity } from './entities.js';
import { ENTITY_RANK, LEAF_TYPES, type FormattingEntity } from './rules.js';

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

/**
 * The formatting types as small integers, so the renderers look a type up once per entity and then index
 * arrays and switch on numbers (the hot path of short messages). Index = kind.
 */
export const KINDS = [
  'messageEntityBold',
  'messageEntityItalic',
  'messageEntityUnderline',
  'messageEntityStrike',
  'messageEntitySpoiler',
  'messageEntityCode',
  'messageEntityPre',
  'messageEntityTextUrl',
  'messageEntityMentionName',
  'inputMessageEntityMentionName',
  'messageEntityCustomEmoji',
  'messageEntityBlockquote',
  'messageEntityFormattedDate',
] as const satisfies readonly FormattingEntity['_'][];

/** A kind: the index of an entity's type in {@link KINDS}. */
export type EntityKind = number;

/**
 * The kind of an entity type, or -1 for the types the markups do not express. A switch rather than a map:
 * type names are interned constants, so each case is a pointer comparison, cheaper than hashing on the
 * few entities of a short message. A test checks it against {@link KINDS}.
 * @internal
 */
export function kindOfType(type: string): EntityKind {
  switch (type) {
    case 'messageEntityBold':
      return 0;
    case 'messageEntityItalic':
      return 1;
    case 'messageEntityUnderline':
      return 2;
    case 'messageEntityStrike':
      return 3;
    case 'messageEntitySpoiler':
      return 4;
    case 'messageEntityCode':
      return 5;
    case 'messageEntityPre':
      return 6;
    case 'messageEntityTextUrl':
      return 7;
    case 'messageEntityMentionName':
      return 8;
    case 'inputMessageEntityMentionName':
      return 9;
    case 'messageEntityCustomEmoji':
      return 10;
    case 'messageEntityBlockquote':
      return 11;
    case 'messageEntityFormattedDate':
      return 12;
    default:
      return -1;
  }
}
const QUOTE_KIND = KINDS.indexOf('messageEntityBlockquote');
/** 1 for the kinds of {@link LEAF_TYPES}. */
const LEAF_KIND = Uint8Array.from(KINDS, (t) => (LEAF_TYPES.has(t) ? 1 : 0));
/** Rank of each kind in the canonical order ({@link compareEntities}'s tie-break). */
const RANK_OF_KIND = Int32Array.from(KINDS, (t) => ENTITY_RANK[t]!);

/** The kind of a formatting entity. */
export function kindOf(e: FormattingEntity): EntityKind {
  return kindOfType(e._);
}


/** What a renderer does as the walk meets text and the edges of entities (fragments, once split). */
export interface RenderSink {
  text(from: number, to: number): void;
  open(e: FormattingEntity, start: number, end: number, kind: EntityKind): void;
  close(e: FormattingEntity, start: number, end: number, kind: EntityKind): void;
}

/**
 * Walks `text` with `entities`, calling a sink made by `sink` in document order; returns the sink that
 * saw the whole walk. Entities already in canonical order and properly nested (what the parsers and
 * Telegram produce) are streamed as they are; anything else goes through the general walk
 * ({@link buildRenderTree}) with a second, fresh sink.
 */
export function walkEntities<S extends RenderSink>(text: string, entities: readonly MessageEntity[], sink: () => S): S {
  const streamed = sink();
  if (streamEntities(text, entities, streamed, true)) return streamed;
  const fresh = sink();
  emitTree(buildRenderTree(text, entities), 0, text.length, fresh);
  return fresh;
}

/** Calls `sink` for the nodes of a tree. */
export function emitTree(nodes: readonly RenderNode[], from: number, to: number, sink: RenderSink): void {
  let pos = from;
  for (const node of nodes) {
    if (node.start > pos) sink.text(pos, node.start);
    const kind = kindOf(node.entity);
    sink.open(node.entity, node.start, node.end, kind);
    emitTree(node.children, node.start, node.end, sink);
    sink.close(node.entity, node.start, node.end, kind);
    pos = node.end;
  }
  if (to > pos) sink.text(pos, to);
}

// Scratch space of the streaming walk (no walk runs inside another: sinks only append text): the open
// entities as indices into the list, with their ends and kinds.
let openIndex = new Int32Array(32);
let openEnd = new Int32Array(32);
let openKind = new Int32Array(32);

/**
 * Streams the entities to `sink` in one pass when they are in canonical order, in bounds, non-empty and
 * properly nested (and, unless `quotes`, hold no blockquote): what the parsers and Telegram produce. On the
 * first entity that breaks this it stops and returns false; the sink has then seen part of the text and
 * is to be thrown away (the caller renders through {@link buildRenderTree} with a fresh one).
 */
export function streamEntities(text: string, entities: readonly MessageEntity[], sink: RenderSink, quotes: boolean): boolean {
  const n = text.length;
  const count = entities.length;
  if (openIndex.length < count) {
    openIndex = new Int32Array(count * 2);
    openEnd = new Int32Array(count * 2);
    openKind = new Int32Array(count * 2);
  }
  let depth = 0;
  let pos = 0;
  let prevStart = -1;
  let prevEnd = 0;
  let prevRank = 0;
  for (let i = 0; i < count; i++) {
    const e = entities[i]!;
    const kind = kindOfType(e._);
    if (kind < 0) continue;
    const start = e.offset;
    const end = start + e.length;
    if (start < 0 || end > n || end <= start) return false;
    // canonical order: offset ascending, length descending, then rank
    const rank = RANK_OF_KIND[kind]!;
    if (start < prevStart || (start === prevStart && (end > prevEnd || (end === prevEnd && rank < prevRank)))) return false;
    if (kind === QUOTE_KIND && !quotes) return false;
    prevStart = start;
    prevEnd = end;
    prevRank = rank;
    // close what ends before this one starts
    while (depth > 0) {
      const topEnd = openEnd[depth - 1]!;
      if (topEnd > start) break;
      if (topEnd > pos) sink.text(pos, topEnd);
      pos = topEnd;
      depth--;
      const top = entities[openIndex[depth]!] as FormattingEntity;
      sink.close(top, top.offset, topEnd, openKind[depth]!);
    }
    if (depth > 0) {
      // inside: must end within its parent; no quote, no type inside itself, nothing inside a leaf
      if (end > openEnd[depth - 1]! || kind === QUOTE_KIND) return false;
      for (let d = 0; d < depth; d++) {
        const outer = openKind[d]!;
        if (outer === kind || LEAF_KIND[outer] === 1) return false;
      }
    }
    if (start > pos) sink.text(pos, start);
    pos = start;
    sink.open(e as FormattingEntity, start, end, kind);
    openIndex[depth] = i;
    openEnd[depth] = end;
    openKind[depth++] = kind;
  }
  while (depth > 0) {
    const end = openEnd[--depth]!;
    if (end > pos) sink.text(pos, end);
    pos = end;
    const top = entities[openIndex[depth]!] as FormattingEntity;
    sink.close(top, top.offset, end, openKind[depth]!);
  }
  if (n > pos) sink.text(pos, n);
  return true;
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
