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

/** Root of the tree: the whole text. */
export interface RenderTree {
  text: string;
  children: RenderNode[];
}

interface Item {
  entity: FormattingEntity;
  start: number;
  end: number;
  /** Sort position, so re-queued fragments keep their place among equals. */
  order: number;
}

interface Frame {
  item: Item;
  node: RenderNode;
}

function isQuote(e: FormattingEntity): boolean {
  return e._ === 'messageEntityBlockquote';
}

/**
 * Builds the render tree of `text` with `entities`. `adjust`, when given, may move an entity's range
 * before nesting (the MarkdownV2 renderer widens quotes to whole lines); it returns `[start, end]`.
 */
export function buildRenderTree(
  text: string,
  entities: readonly MessageEntity[],
  adjust?: (e: FormattingEntity, start: number, end: number) => [number, number],
): RenderTree {
  const n = text.length;
  const items: Item[] = [];
  for (const e of entities) {
    if (!isFormattingEntity(e)) continue;
    let start = Math.max(0, e.offset);
    let end = Math.min(n, e.offset + e.length);
    if (adjust) [start, end] = adjust(e, start, end);
    if (end > start) items.push({ entity: e, start, end, order: 0 });
  }
  items.sort((a, b) => a.start - b.start || b.end - a.end || compareEntities(a.entity, b.entity));
  for (let i = 0; i < items.length; i++) items[i]!.order = i;

  const root: RenderTree = { text, children: [] };
  const stack: Frame[] = [];
  /** Fragments to open later, sorted by start then order. */
  const later: Item[] = [];
  let next = 0;

  const push = (item: Item, at: number): void => {
    const node: RenderNode = { entity: item.entity, start: at, end: item.end, children: [] };
    (stack.length > 0 ? stack[stack.length - 1]!.node.children : root.children).push(node);
    stack.push({ item, node });
  };
  const requeue = (item: Item, at: number): void => {
    const fragment = { ...item, start: at };
    let k = later.length;
    while (k > 0 && (later[k - 1]!.start > at || (later[k - 1]!.start === at && later[k - 1]!.order > item.order))) k--;
    later.splice(k, 0, fragment);
  };
  /** Closes every frame from index `k` up; those that go on past `at` open again above. */
  const closeFrom = (k: number, at: number): Item[] => {
    const reopen: Item[] = [];
    for (let j = k; j < stack.length; j++) {
      const f = stack[j]!;
      f.node.end = at;
      if (f.item.end > at) reopen.push(f.item);
    }
    stack.length = k;
    return reopen;
  };
  const open = (item: Item, at: number): void => {
    const e = item.entity;
    for (const f of stack) {
      const t = f.item.entity;
      // nothing inside a leaf, no type inside itself, no quote inside a quote: later, or never
      if (LEAF_TYPES.has(t._) || t._ === e._ || (isQuote(t) && isQuote(e))) {
        if (item.end > f.item.end) requeue(item, f.item.end);
        return;
      }
    }
    if (isQuote(e) && stack.length > 0) {
      const around = closeFrom(0, at);
      push(item, at);
      for (const a of around) push(a, at);
      return;
    }
    push(item, at);
  };

  let pos = 0;
  for (;;) {
    // close what ends here (and reopen what crossed it)
    for (let k = 0; k < stack.length; k++) {
      if (stack[k]!.item.end <= pos) {
        for (const r of closeFrom(k, pos)) push(r, pos);
        break;
      }
    }
    // open what starts here, in canonical order
    for (;;) {
      const a = next < items.length && items[next]!.start === pos ? items[next]! : undefined;
      const b = later.length > 0 && later[0]!.start === pos ? later[0]! : undefined;
      if (a === undefined && b === undefined) break;
      if (b === undefined || (a !== undefined && a.order < b.order)) {
        next++;
        open(a!, pos);
      } else {
        later.shift();
        open(b, pos);
      }
    }
    if (stack.length === 0 && next >= items.length && later.length === 0) break;
    // every remaining start and end lies after pos now
    let to = n;
    if (next < items.length) to = Math.min(to, items[next]!.start);
    if (later.length > 0) to = Math.min(to, later[0]!.start);
    for (const f of stack) to = Math.min(to, f.item.end);
    pos = to;
  }
  prune(root.children);
  return root;
}

/** Drops empty fragments (a reopened entity closed at once). */
function prune(nodes: RenderNode[]): void {
  let w = 0;
  for (const node of nodes) {
    if (node.end <= node.start) continue;
    prune(node.children);
    nodes[w++] = node;
  }
  nodes.length = w;
}
