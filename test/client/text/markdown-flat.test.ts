/**
 * The MarkdownV2 renderer writes entities that lie side by side in one flat pass; that pass must write
 * the same bytes as the general walk for every list it accepts (fast-check, seeded), and accept exactly
 * the flat, quote-free lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MessageEntity } from '../../../src/tl/index.js';
import { renderMarkdown } from '../../../src/client/text/index.js';
import { renderFlatMarkdown } from '../../../src/client/text/markdown-flat.js';
import { renderMarkdownWalked } from '../../../src/client/text/markdown-render.js';
import { flatten, genTree, pieceText, show } from './gen.js';

type Range = { offset: number; length: number };

/** Entities without their range: every type the renderer knows except quotes, and some it does not. */
const entityArb: fc.Arbitrary<Omit<MessageEntity, 'offset' | 'length'>> = fc.oneof(
  fc.constantFrom(
    ...(['Bold', 'Italic', 'Underline', 'Strike', 'Spoiler', 'Code', 'Hashtag', 'Url'] as const).map((t) => ({ _: `messageEntity${t}` }) as const),
  ),
  // italics and underlines side by side are where markers could merge: more of them
  fc.constantFrom({ _: 'messageEntityItalic' } as const, { _: 'messageEntityUnderline' } as const),
  fc.constantFrom('', 'python', 'c++', 'two words', 'a`b').map((language) => ({ _: 'messageEntityPre', language }) as const),
  fc.constantFrom('https://example.com/', 'https://x.org/a\\b)c', 'tg://resolve?domain=a_b').map((url) => ({ _: 'messageEntityTextUrl', url }) as const),
  fc.constantFrom(1, 777000).map((userId) => ({ _: 'messageEntityMentionName', userId }) as const),
  fc.constantFrom(
    { _: 'inputMessageEntityMentionName', userId: { _: 'inputUser', userId: 5, accessHash: 1n } },
    { _: 'inputMessageEntityMentionName', userId: { _: 'inputUserSelf' } },
  ) as fc.Arbitrary<Omit<MessageEntity, 'offset' | 'length'>>,
  fc.constantFrom(1n, -5n).map((documentId) => ({ _: 'messageEntityCustomEmoji', documentId }) as const),
  fc.record({ date: fc.integer({ min: 0, max: 0x7fffffff }), shortTime: fc.boolean() }).map((d) => ({ _: 'messageEntityFormattedDate', ...d }) as const),
);

/** Texts and entities side by side (some touching, some with text between), in text order. */
const flatArb = fc
  .array(fc.record({ gap: fc.oneof(fc.constant(''), pieceText), entity: entityArb, text: fc.oneof(pieceText, fc.constant('\rx')) }), { minLength: 1, maxLength: 6 })
  .chain((parts) => pieceText.map((tail) => ({ parts, tail })))
  .map(({ parts, tail }) => {
    let text = '';
    const entities: MessageEntity[] = [];
    for (const p of parts) {
      text += p.gap;
      const range: Range = { offset: text.length, length: p.text.length };
      text += p.text;
      entities.push({ ...p.entity, ...range } as MessageEntity);
    }
    return { text: text + tail, entities };
  });

test('the flat pass takes every flat list and writes what the general walk writes', () => {
  fc.assert(
    fc.property(flatArb, ({ text, entities }) => {
      const flat = renderFlatMarkdown(text, entities);
      assert.notEqual(flat, undefined, show({ text, entities }));
      assert.equal(flat, renderMarkdownWalked(text, entities), show({ text, entities }));
      // reversed, the list goes through the render tree: the same markup again
      assert.equal(renderMarkdownWalked(text, [...entities].reverse()), flat);
      assert.equal(renderMarkdown(text, entities), flat);
    }),
    { seed: 20260611, numRuns: 1500 },
  );
});

test('on nested, crossing, out-of-bounds or quoted lists the flat pass declines or agrees', () => {
  fc.assert(
    fc.property(genTree, fc.integer({ min: -3, max: 3 }), (tree, shift) => {
      const { text, entities } = flatten(tree);
      // a shifted copy of one entity makes crossings, overlaps and out-of-bounds ranges
      const moved = entities.length > 0 ? [...entities, { ...entities[0]!, offset: entities[0]!.offset + shift }] : entities;
      for (const list of [entities, moved]) {
        const quoted = list.some((e) => e._ === 'messageEntityBlockquote');
        const flat = renderFlatMarkdown(text, list);
        if (quoted) assert.equal(flat, undefined);
        if (flat !== undefined) assert.equal(flat, renderMarkdownWalked(text, list), show({ text, list }));
        assert.equal(renderMarkdown(text, list), flat ?? renderMarkdownWalked(text, list));
      }
    }),
    { seed: 20260612, numRuns: 1000 },
  );
});

test('italic markers side by side get an empty bold between them', () => {
  const text = 'abcd';
  const at = (_: 'messageEntityItalic' | 'messageEntityUnderline', offset: number): MessageEntity => ({ _, offset, length: 2 });
  assert.equal(renderMarkdown(text, [at('messageEntityItalic', 0), at('messageEntityItalic', 2)]), '_ab_**_cd_');
  assert.equal(renderMarkdown(text, [at('messageEntityItalic', 0), at('messageEntityUnderline', 2)]), '_ab_**__cd__');
  assert.equal(renderMarkdown(text, [at('messageEntityUnderline', 0), at('messageEntityItalic', 2)]), '__ab___cd_');
});
