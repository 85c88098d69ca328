/**
 * Properties beyond the round trip: crossing entities keep what they cover, any input either parses or
 * fails with a TextParseError (lenient mode never fails), escaping is exact, mentions become input
 * entities. fast-check, seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  escapeHtml,
  escapeMarkdown,
  parseHtml,
  parseMarkdown,
  renderHtml,
  renderMarkdown,
  TextParseError,
  toInputEntities,
  type FormattedText,
} from '../../../src/client/text/index.js';
import type { MessageEntity } from '../../../src/tl/index.js';
import { PIECES, pieceText } from './gen.js';

const SPLITTABLE = ['messageEntityBold', 'messageEntityItalic', 'messageEntityUnderline', 'messageEntityStrike', 'messageEntitySpoiler'] as const;

/** Random (crossing, overlapping, same-type) splittable entities over a random text. */
const crossing = pieceText.chain((text) =>
  fc
    .array(
      fc.record({
        _: fc.constantFrom(...SPLITTABLE),
        offset: fc.integer({ min: 0, max: text.length - 1 }),
        length: fc.integer({ min: 1, max: text.length }),
      }),
      { maxLength: 6 },
    )
    .map((entities) => ({ text, entities: entities as MessageEntity[] })),
);

/** Which code units each type covers. */
function coverage({ text, entities }: FormattedText): Record<string, string> {
  const out: Record<string, string> = {};
  for (const type of SPLITTABLE) {
    const marks = new Array<string>(text.length).fill('.');
    for (const e of entities) if (e._ === type) for (let k = e.offset; k < Math.min(text.length, e.offset + e.length); k++) marks[k] = 'x';
    out[type] = marks.join('');
  }
  return out;
}

test('crossing and overlapping entities: rendering keeps what each type covers', () => {
  fc.assert(
    fc.property(crossing, (formatted) => {
      const viaHtml = parseHtml(renderHtml(formatted));
      const viaMd = parseMarkdown(renderMarkdown(formatted));
      assert.equal(viaHtml.text, formatted.text);
      assert.equal(viaMd.text, formatted.text);
      assert.deepEqual(coverage(viaHtml), coverage(formatted));
      assert.deepEqual(coverage(viaMd), coverage(formatted));
    }),
    { seed: 31, numRuns: 800 },
  );
});

/** Strings made of markup-ish pieces, so that the parsers meet every branch. */
const markupish = fc
  .array(
    fc.constantFrom(...PIECES, '<b>', '</b>', '<i>', '</>', '<a href="https://e.com">', '</a>', '<pre>', '<code class="language-x">', '</code>',
      '<blockquote expandable>', '</blockquote>', '<span class="tg-spoiler">', '</span>', '<tg-emoji emoji-id="1">', '<br>', '<!--', '-->',
      '&#', '&#x', ';', '*', '_', '__', '~', '||', '`', '```', '```js\n', '[', '](', ')', '![', '](tg://emoji?id=1)', '\n>', '>', '\\'),
    { maxLength: 24 },
  )
  .map((a) => a.join(''));

function wellFormed({ text, entities }: FormattedText): void {
  let prev: MessageEntity | undefined;
  for (const e of entities) {
    assert.ok(e.offset >= 0 && e.length > 0 && e.offset + e.length <= text.length, JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)));
    if (prev) assert.ok(prev.offset < e.offset || (prev.offset === e.offset && prev.length >= e.length), 'canonical order');
    prev = e;
  }
}

test('any input: strict mode parses or throws TextParseError at a valid position; lenient mode never throws', () => {
  fc.assert(
    fc.property(markupish, (input) => {
      for (const parse of [parseHtml, parseMarkdown]) {
        try {
          wellFormed(parse(input));
        } catch (e) {
          if (!(e instanceof TextParseError)) throw e;
          assert.ok(e.offset >= 0 && e.offset <= input.length && e.line >= 1 && e.column >= 1, e.message);
        }
        wellFormed(parse(input, { lenient: true }));
      }
    }),
    { seed: 32, numRuns: 1500 },
  );
});

test('escapeHtml and escapeMarkdown: the escaped text parses back to itself in every context', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), pieceText, (random, pieces) => {
      for (const s of [random, pieces]) {
        assert.deepEqual(parseHtml(escapeHtml(s)), { text: s, entities: [] });
        assert.deepEqual(parseMarkdown(escapeMarkdown(s)), { text: s, entities: [] });
        assert.equal(parseHtml(`<a href="https://e.com/${escapeHtml(s, true)}">x</a>`, { lenient: true }).text, 'x');
        if (s.length > 0) {
          assert.deepEqual(parseMarkdown(`\`${escapeMarkdown(s, 'code')}\``), { text: s, entities: [{ _: 'messageEntityCode', offset: 0, length: s.length }] });
        }
        const url = `https://e.com/${s}`;
        if (!/[\s\u0000-\u001f\u007f]/.test(url)) {
          assert.deepEqual(parseMarkdown(`[x](${escapeMarkdown(url, 'url')})`).entities, [{ _: 'messageEntityTextUrl', offset: 0, length: 1, url }]);
        }
      }
    }),
    { seed: 33, numRuns: 400 },
  );
});

test('toInputEntities turns mentions into input mentions, once per user, dropping unknown users', async () => {
  const { entities } = parseHtml('<b>a</b> <a href="tg://user?id=5">b</a> <a href="tg://user?id=6">c</a> <a href="tg://user?id=5">d</a>');
  const asked: number[] = [];
  const input = await toInputEntities(entities, async (id) => {
    asked.push(id);
    return id === 5 ? { _: 'inputUser', userId: 5, accessHash: 99n } : undefined;
  });
  assert.deepEqual(asked, [5, 6]);
  assert.deepEqual(input, [
    { _: 'messageEntityBold', offset: 0, length: 1 },
    { _: 'inputMessageEntityMentionName', offset: 2, length: 1, userId: { _: 'inputUser', userId: 5, accessHash: 99n } },
    { _: 'inputMessageEntityMentionName', offset: 6, length: 1, userId: { _: 'inputUser', userId: 5, accessHash: 99n } },
  ]);
  // rendering an input mention gives the link back
  assert.equal(renderHtml('b', [input[1]!].map((e) => ({ ...e, offset: 0 }))), '<a href="tg://user?id=5">b</a>');
  assert.deepEqual(await toInputEntities([{ _: 'messageEntityItalic', offset: 0, length: 1 }], () => assert.fail('not asked')), [
    { _: 'messageEntityItalic', offset: 0, length: 1 },
  ]);
});
