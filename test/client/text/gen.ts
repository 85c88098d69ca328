/**
 * fast-check arbitraries of formatted texts Telegram allows: properly nested entity trees (no type
 * inside itself, nothing inside code/pre/dates, links not inside links, code and pre not inside bold &
 * co., quotes only at the top level, made of whole lines).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MessageEntity } from '../../../src/tl/index.js';
import { sortEntities, TextParseError } from '../../../src/client/text/index.js';

/** Text pieces: every markup character of both syntaxes, emoji, ZWJ sequences, combining marks, RTL. */
export const PIECES = [
  'a', 'Hello', 'мир', ' ', '  ', '\n', '\r', '\t', '😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', 'e\u0301', 'n\u0303\u0323', '𝕏',
  'שלום', 'مرحبا', '\u200f', '\u200d', '\u00a0', '_', '__', '*', '[', ']', '(', ')', '~', '`', '```', '>', '#', '+', '-',
  '=', '|', '||', '{', '}', '.', '!', '\\', '\\\\', '<', '&', '"', "'", '&amp;', '&lt;', '&#33;', '</b>', '<i>', 'x_y', '1.5',
  'tg://user?id=1', '\u0000', '\u2028',
];

export const pieceText = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));

type Splittable = 'messageEntityBold' | 'messageEntityItalic' | 'messageEntityUnderline' | 'messageEntityStrike' | 'messageEntitySpoiler';
const SPLITTABLE: Splittable[] = ['messageEntityBold', 'messageEntityItalic', 'messageEntityUnderline', 'messageEntityStrike', 'messageEntitySpoiler'];

/** A node of a generated tree: plain text, or an entity (its range filled in when flattened) with children. */
export type GenNode =
  | { kind: 'text'; text: string }
  | { kind: 'entity'; entity: Omit<MessageEntity, 'offset' | 'length'>; children: GenNode[] }
  | { kind: 'leaf'; entity: Omit<MessageEntity, 'offset' | 'length'>; text: string }
  | { kind: 'quote'; collapsed: boolean; children: GenNode[] };

interface Ctx {
  depth: number;
  inLink: boolean;
  open: readonly Splittable[];
}

const URLS = ['https://example.com/', 'http://t.me/a_b?x=(1)&y=[2]', 'https://x.org/a\\b)c', 'tg://resolve?domain=durov', 'https://e.com/"q"<>&amp;'];
const LANGUAGES = ['', 'python', 'c++', 'js', 'Objective-C'];
const DOC_IDS = [1n, 5368324170671202286n, -5n, 9223372036854775807n];
const USERS = [1, 42, 777000, 0xffffffffff];

const linkEntity = fc.oneof(
  fc.constantFrom(...URLS).map((url) => ({ _: 'messageEntityTextUrl', url }) as const),
  fc.constantFrom(...USERS).map((userId) => ({ _: 'messageEntityMentionName', userId }) as const),
  fc.constantFrom(...DOC_IDS).map((documentId) => ({ _: 'messageEntityCustomEmoji', documentId }) as const),
);

const leafEntity = fc.oneof(
  fc.constant({ _: 'messageEntityCode' } as const),
  fc.constantFrom(...LANGUAGES).map((language) => ({ _: 'messageEntityPre', language }) as const),
  fc.record({
    date: fc.integer({ min: 0, max: 0x7fffffff }),
    format: fc.constantFrom('', 'r', 'w', 'd', 'D', 't', 'T', 'wDT', 'dt', 'wd'),
  }).map(({ date, format }) => ({
    _: 'messageEntityFormattedDate' as const,
    date,
    ...(format.includes('r') ? { relative: true } : {}),
    ...(format.includes('w') ? { dayOfWeek: true } : {}),
    ...(format.includes('d') ? { shortDate: true } : {}),
    ...(format.includes('D') ? { longDate: true } : {}),
    ...(format.includes('t') ? { shortTime: true } : {}),
    ...(format.includes('T') ? { longTime: true } : {}),
  })),
);

function nodeArb(ctx: Ctx): fc.Arbitrary<GenNode> {
  const options: fc.WeightedArbitrary<GenNode>[] = [{ weight: 5, arbitrary: pieceText.map((text) => ({ kind: 'text' as const, text })) }];
  if (ctx.depth < 4) {
    const free = SPLITTABLE.filter((t) => !ctx.open.includes(t));
    if (free.length > 0) {
      options.push({
        weight: 4,
        arbitrary: fc.constantFrom(...free).chain((t) =>
          seqArb({ ...ctx, depth: ctx.depth + 1, open: [...ctx.open, t] }).map((children) => ({ kind: 'entity' as const, entity: { _: t }, children })),
        ),
      });
    }
    if (!ctx.inLink) {
      options.push({
        weight: 2,
        arbitrary: linkEntity.chain((entity) =>
          seqArb({ ...ctx, depth: ctx.depth + 1, inLink: true }).map((children) => ({ kind: 'entity' as const, entity, children })),
        ),
      });
    }
  }
  if (!ctx.inLink && ctx.open.length === 0) {
    options.push({ weight: 2, arbitrary: fc.record({ entity: leafEntity, text: pieceText }).map(({ entity, text }) => ({ kind: 'leaf' as const, entity, text })) });
  }
  return fc.oneof(...options);
}

function seqArb(ctx: Ctx): fc.Arbitrary<GenNode[]> {
  return fc.array(nodeArb(ctx), { minLength: 1, maxLength: ctx.depth >= 2 ? 2 : 4 });
}

const top: Ctx = { depth: 0, inLink: false, open: [] };

/** A whole message: top-level nodes and quotes. */
export const genTree: fc.Arbitrary<GenNode[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: nodeArb(top) },
    { weight: 1, arbitrary: fc.record({ collapsed: fc.boolean(), children: seqArb({ ...top, depth: 1 }) }).map((q) => ({ kind: 'quote' as const, ...q })) },
  ),
  { minLength: 1, maxLength: 5 },
);

/** Flattens a tree into text + canonical entities. Quotes start on a fresh line and end with a newline (unless last). */
export function flatten(nodes: readonly GenNode[]): { text: string; entities: MessageEntity[] } {
  let text = '';
  const entities: MessageEntity[] = [];
  let leaf = [-1, -1];
  const walk = (list: readonly GenNode[]): void => {
    for (const node of list) {
      if (node.kind === 'text') text += node.text;
      else if (node.kind === 'leaf') {
        const offset = text.length;
        text += node.text;
        leaf = [offset, text.length];
        entities.push({ ...node.entity, offset, length: node.text.length } as MessageEntity);
      } else if (node.kind === 'entity') {
        const offset = text.length;
        walk(node.children);
        entities.push({ ...node.entity, offset, length: text.length - offset } as MessageEntity);
      }
    }
  };
  nodes.forEach((node, i) => {
    if (node.kind !== 'quote') return walk([node]);
    // a quote starts on a fresh line; a newline inside code does not count (MarkdownV2 cannot say it)
    let p = text.length - 1;
    while (p >= 0 && text[p] === '\r') p--;
    if (p >= 0 && (text[p] !== '\n' || (leaf[0]! <= p && p < leaf[1]!))) text += '\n';
    const offset = text.length;
    walk(node.children);
    if (i < nodes.length - 1) text += '\n';
    entities.push(node.collapsed ? { _: 'messageEntityBlockquote', collapsed: true, offset, length: text.length - offset } : { _: 'messageEntityBlockquote', offset, length: text.length - offset });
  });
  return { text, entities: sortEntities(entities) };
}

/** JSON with bigints, for deep comparisons in messages. */
export function show(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** The TextParseError `parse(input)` throws (fails the test when it throws none or another error). */
export function parseError(parse: (input: string) => unknown, input: string): TextParseError {
  try {
    parse(input);
  } catch (e) {
    assert.ok(e instanceof TextParseError, String(e));
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(input)}`);
}
