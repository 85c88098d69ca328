// splitText: long text + entities → parts within the length limit, cut at newline / space / grapheme
// boundaries, entities over a cut split into both parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitText } from '../../../src/client/text/split.js';
import { parseHtml } from '../../../src/client/text/html-parse.js';
import type { MessageEntity } from '../../../src/tl/index.js';

const spans = (entities: MessageEntity[]) => entities.map((e) => [e._.replace('messageEntity', ''), e.offset, e.length]);

/** Every part fits, no part cuts a surrogate pair, and each entity range stays inside its part. */
function checkParts(parts: { text: string; entities: MessageEntity[] }[], max: number): void {
  for (const p of parts) {
    assert.ok(p.text.length <= max, `part of ${p.text.length} > ${max}`);
    assert.ok(p.text.length > 0);
    assert.ok(!/^[\udc00-\udfff]/.test(p.text) && !/[\ud800-\udbff]$/.test(p.text), 'no lone surrogate at an edge');
    for (const e of p.entities) assert.ok(e.offset >= 0 && e.length > 0 && e.offset + e.length <= p.text.length);
  }
}

test('a text that fits is one part, unchanged', () => {
  const input = { text: 'short', entities: [{ _: 'messageEntityBold' as const, offset: 0, length: 5 }] };
  assert.equal(splitText(input)[0], input);
  assert.equal(splitText(input).length, 1);
});

test('cuts at the last newline of the window, drops it, and splits the entity that spans it', () => {
  const text = 'aaaa bbbb\ncccc dddd\neeee';
  // bold over "bbbb\ncccc", italic inside "dddd\neeee"
  const entities: MessageEntity[] = [
    { _: 'messageEntityBold', offset: 5, length: 9 },
    { _: 'messageEntityItalic', offset: 15, length: 9 },
  ];
  const parts = splitText({ text, entities }, { maxLength: 12 });
  assert.deepEqual(parts.map((p) => p.text), ['aaaa bbbb', 'cccc dddd', 'eeee']);
  assert.deepEqual(parts.map((p) => spans(p.entities)), [[['Bold', 5, 4]], [['Bold', 0, 4], ['Italic', 5, 4]], [['Italic', 0, 4]]]);
  checkParts(parts, 12);
});

test('a newline early in the window loses to a space in its second half; no space at all → a hard cut', () => {
  const parts = splitText({ text: 'ab\ncdefgh ijkl mnop', entities: [] }, { maxLength: 10 });
  assert.deepEqual(parts.map((p) => p.text), ['ab\ncdefgh', 'ijkl mnop']);
  const hard = splitText({ text: 'x'.repeat(25), entities: [{ _: 'messageEntityCode', offset: 0, length: 25 }] }, { maxLength: 10 });
  assert.deepEqual(hard.map((p) => [p.text.length, spans(p.entities)]), [
    [10, [['Code', 0, 10]]],
    [10, [['Code', 0, 10]]],
    [5, [['Code', 0, 5]]],
  ]);
});

test('never inside a surrogate pair or an emoji sequence; entity offsets count UTF-16 units', () => {
  // 😀 is 2 UTF-16 units: a 7-unit window may not end between its halves
  const text = '😀😀😀😀😀😀😀😀'; // 16 units, no spaces
  const parts = splitText({ text, entities: [{ _: 'messageEntitySpoiler', offset: 2, length: 12 }] }, { maxLength: 7 });
  checkParts(parts, 7);
  assert.equal(parts.map((p) => p.text).join(''), text);
  assert.deepEqual(parts.map((p) => p.text.length), [6, 6, 4]);
  assert.deepEqual(parts.map((p) => spans(p.entities)), [[['Spoiler', 2, 4]], [['Spoiler', 0, 6]], [['Spoiler', 0, 2]]]);
  // a family emoji (ZWJ sequence, 11 units) and a skin-tone wave (4 units) are kept whole
  const family = '👨‍👩‍👧';
  const seq = `${family}👋🏽`.repeat(3); // 45 units
  const cut = splitText({ text: seq, entities: [] }, { maxLength: 20 });
  checkParts(cut, 20);
  assert.equal(cut.map((p) => p.text).join(''), seq);
  for (const p of cut) assert.match(p.text, /^(?:👨‍👩‍👧|👋🏽)+$/u);
});

test('HTML over 4096 UTF-16 units with emoji and an entity crossing the cut', () => {
  const line = '🙂 '.repeat(700); // 2100 units per line
  const { text, entities } = parseHtml(`<b>${line}\n${line}</b>\n<i>tail 🎉</i>`);
  assert.ok(text.length > 4096);
  const parts = splitText({ text, entities });
  checkParts(parts, 4096);
  // the newline between the two lines is in the window's second half: the cut, dropped
  assert.deepEqual(parts.map((p) => p.text), [line, `${line}\ntail 🎉`]);
  assert.deepEqual(spans(parts[0]!.entities), [['Bold', 0, 2100]]);
  assert.deepEqual(spans(parts[1]!.entities), [['Bold', 0, 2100], ['Italic', 2101, 7]]);
  // nothing is lost but the separators cut at
  assert.equal(parts.map((p) => p.text).join('').replace(/[\s]/g, ''), text.replace(/[\s]/g, ''));
});

test('parts made only of whitespace are left out', () => {
  const parts = splitText({ text: `abc${' '.repeat(30)}\n${'\n'.repeat(20)}def`, entities: [] }, { maxLength: 10 });
  assert.deepEqual(parts.map((p) => p.text.trim()), ['abc', 'def']);
});
