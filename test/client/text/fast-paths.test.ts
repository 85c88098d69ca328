/**
 * The short-message fast paths of the text code agree with the general rules they shortcut: the switch
 * that numbers entity types matches the {@link KINDS} table, the `http`/`https` scheme check without a
 * slice matches {@link LINK_SCHEMES} in any letter case, and a `(url)` with no `\` before its `)` reads as
 * the escaping loop reads it; and the renderer escapes each character as `escapeMarkdown` does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, renderMarkdown } from '../../../src/client/text/index.js';
import { checkedLink } from '../../../src/client/text/links.js';
import { readUrl } from '../../../src/client/text/markdown-syntax.js';
import { KINDS, kindOfType } from '../../../src/client/text/render-tree.js';
import { ENTITY_RANK, LINK_SCHEMES } from '../../../src/client/text/rules.js';

test('kindOfType numbers each formatting type as KINDS does, and nothing else', () => {
  KINDS.forEach((type, kind) => assert.equal(kindOfType(type), kind, type));
  for (const other of ['messageEntityHashtag', 'messageEntityUrl', 'messageEntityBoldX', 'MessageEntityBold', '']) assert.equal(kindOfType(other), -1, other);
  // every type the renderers rank is one they number
  for (const type of Object.keys(ENTITY_RANK)) assert.ok(kindOfType(type) >= 0, type);
});

test('the http(s) scheme shortcut agrees with LINK_SCHEMES, in any letter case', () => {
  for (const scheme of ['http', 'https', 'HTTP', 'HttPs', 'hTTps', 'tg', 'TON', 'tonsite', 'httpx', 'httq', 'htt', 'httpss', 'h1tp', 'ftp', 'file', 'javascript']) {
    const url = `${scheme}://example.com/x`;
    assert.equal(checkedLink(url), LINK_SCHEMES.has(scheme.toLowerCase()) ? url : undefined, scheme);
  }
  assert.equal(checkedLink('http:'), undefined);
  assert.equal(checkedLink('https://e.com/a b'), undefined);
  assert.equal(checkedLink('https://e.com/\u00a0'), undefined);
  assert.equal(checkedLink('https://e.com/ü'), 'https://e.com/ü');
});

test('readUrl: the first `)` ends a URL without escapes; escapes before it go through the loop', () => {
  assert.deepEqual(readUrl('[x](https://e.com/a)b', 4), { url: 'https://e.com/a', end: 19 });
  // a `\` after the end does not matter; one before it escapes
  assert.deepEqual(readUrl('(https://e.com/a) \\)', 1), { url: 'https://e.com/a', end: 16 });
  assert.deepEqual(readUrl('(a\\)b)', 1), { url: 'a)b', end: 5 });
  assert.deepEqual(readUrl('(a\\\\)b)', 1), { url: 'a\\', end: 4 });
  assert.equal(readUrl('(abc', 1), undefined);
  assert.equal(readUrl('(abc\\)', 1), undefined);
  assert.equal(readUrl('(abc\\', 1), undefined);
});

test('the renderer escapes every character as escapeMarkdown does, in one run and in runs split by entities', () => {
  assert.equal(renderMarkdown('😀.😀'), '😀\\.😀');
  const chars = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), 'é', 'ж', '\u00a0', '＊'];
  for (const ch of chars) {
    assert.equal(renderMarkdown(ch), escapeMarkdown(ch), JSON.stringify(ch));
    // runs split by entities escape as the whole text would
    const text = `a${ch}b${ch}${ch}c`;
    const entities = [
      { _: 'messageEntityBold' as const, offset: 0, length: 2 },
      { _: 'messageEntityItalic' as const, offset: 3, length: 1 },
    ];
    assert.equal(renderMarkdown(text, entities), `*${escapeMarkdown(`a${ch}`)}*${escapeMarkdown('b')}_${escapeMarkdown(ch)}_${escapeMarkdown(`${ch}c`)}`, JSON.stringify(ch));
  }
});
