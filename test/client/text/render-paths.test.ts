/**
 * The renderers stream nested entity lists in one pass and send everything else through the render
 * tree; both paths must write the same markup. Reversing a list makes the streaming pass refuse it, so
 * the tree path renders the same entities (fast-check, seeded), and the plain-text escaping of the
 * stream matches `escapeMarkdown`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeMarkdown, renderHtml, renderMarkdown } from '../../../src/client/text/index.js';
import { flatten, genTree, PIECES } from './gen.js';

test('streamed and tree-walked rendering agree (HTML and MarkdownV2)', () => {
  fc.assert(
    fc.property(genTree, (tree) => {
      const { text, entities } = flatten(tree);
      if (entities.length < 2) return;
      const reversed = [...entities].reverse();
      assert.equal(renderHtml(text, reversed), renderHtml(text, entities));
      assert.equal(renderMarkdown(text, reversed), renderMarkdown(text, entities));
    }),
    { seed: 20261203, numRuns: 1000 },
  );
});

test('text outside code and quotes is escaped as escapeMarkdown escapes it', () => {
  for (const piece of [...PIECES, 'a_b*c[d]e(f)g~h`i>j#k+l-m=n|o{p}q.r!s\\t', '😀 1.50! \n> x']) {
    const bold = { _: 'messageEntityBold' as const, offset: 0, length: piece.length };
    assert.equal(renderMarkdown(piece), escapeMarkdown(piece));
    assert.equal(renderMarkdown(`${piece}${piece}`, [bold]), `*${escapeMarkdown(piece)}*${escapeMarkdown(piece)}`);
  }
});
