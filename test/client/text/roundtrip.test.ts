/** parse(render(x)) is x for generated texts Telegram allows, in both syntaxes (fast-check, seeded). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHtml, parseMarkdown, renderHtml, renderMarkdown } from '../../../src/client/text/index.js';
import { flatten, genTree } from './gen.js';

test('HTML: parse(render(text, entities)) is the identity', () => {
  fc.assert(
    fc.property(genTree, (tree) => {
      const formatted = flatten(tree);
      const html = renderHtml(formatted);
      assert.deepStrictEqual(parseHtml(html), formatted, html);
    }),
    { seed: 20261201, numRuns: 1000 },
  );
});

test('MarkdownV2: parse(render(text, entities)) is the identity', () => {
  fc.assert(
    fc.property(genTree, (tree) => {
      const formatted = flatten(tree);
      const md = renderMarkdown(formatted);
      assert.deepStrictEqual(parseMarkdown(md), formatted, md);
    }),
    { seed: 20261202, numRuns: 1000 },
  );
});

test('HTML → MarkdownV2 → HTML keeps text and entities', () => {
  fc.assert(
    fc.property(genTree, (tree) => {
      const formatted = flatten(tree);
      const viaMd = parseMarkdown(renderMarkdown(parseHtml(renderHtml(formatted))));
      assert.deepStrictEqual(viaMd, formatted);
    }),
    { seed: 20261203, numRuns: 300 },
  );
});
