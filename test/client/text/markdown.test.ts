/** parseMarkdown / renderMarkdown: MarkdownV2's syntax, every escaping rule, errors with positions, lenient mode. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, parseMarkdown, renderMarkdown, TextParseError, type FormattedText } from '../../../src/client/text/index.js';
import type { MessageEntity } from '../../../src/tl/index.js';
import { parseError } from './gen.js';

const b = (offset: number, length: number): MessageEntity => ({ _: 'messageEntityBold', offset, length });
const i = (offset: number, length: number): MessageEntity => ({ _: 'messageEntityItalic', offset, length });
const u = (offset: number, length: number): MessageEntity => ({ _: 'messageEntityUnderline', offset, length });
const q = (offset: number, length: number, collapsed = false): MessageEntity =>
  collapsed ? { _: 'messageEntityBlockquote', collapsed: true, offset, length } : { _: 'messageEntityBlockquote', offset, length };
const code = (offset: number, length: number): MessageEntity => ({ _: 'messageEntityCode', offset, length });
const pre = (offset: number, length: number, language = ''): MessageEntity => ({ _: 'messageEntityPre', offset, length, language });

test('the Bot API example, every entity', () => {
  const md = [
    '*bold \\*text*',
    '_italic \\*text_',
    '__underline__',
    '~strikethrough~',
    '||spoiler||',
    '[inline URL](http://www.example.com/)',
    '[inline mention of a user](tg://user?id=123456789)',
    '![👍](tg://emoji?id=5368324170671202286)',
    '`inline fixed-width code`',
    '```',
    'pre-formatted fixed-width code block',
    '```',
    '```python',
    'pre-formatted fixed-width code block written in the Python programming language',
    '```',
    '>Block quotation started',
    '>Block quotation continued',
    '>The last line of the block quotation',
    '**>The expandable block quotation started right after the previous block quotation',
    '>Expandable block quotation continued',
    '>The last line of the expandable block quotation with the expandability mark||',
  ].join('\n');
  const { text, entities } = parseMarkdown(md);
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 9), [
    'bold *text',
    'italic *text',
    'underline',
    'strikethrough',
    'spoiler',
    'inline URL',
    'inline mention of a user',
    '👍',
    'inline fixed-width code',
  ]);
  const at = (s: string): number => text.indexOf(s);
  assert.deepEqual(entities, [
    b(0, 10),
    i(11, 12),
    u(24, 9),
    { _: 'messageEntityStrike', offset: 34, length: 13 },
    { _: 'messageEntitySpoiler', offset: 48, length: 7 },
    { _: 'messageEntityTextUrl', offset: 56, length: 10, url: 'http://www.example.com/' },
    { _: 'messageEntityMentionName', offset: 67, length: 24, userId: 123456789 },
    { _: 'messageEntityCustomEmoji', offset: 92, length: 2, documentId: 5368324170671202286n },
    code(95, 23),
    pre(at('pre-formatted fixed-width code block\n'), 37),
    pre(at('pre-formatted fixed-width code block written'), lines[11]!.length + 1, 'python'),
    q(at('Block quotation started'), 'Block quotation started\nBlock quotation continued\nThe last line of the block quotation\n'.length),
    q(at('The expandable'), text.length - at('The expandable'), true),
  ]);
  assert.equal(parseMarkdown(renderMarkdown(text, entities)).entities.length, entities.length);
});

test('every reserved character must be escaped outside markup', () => {
  for (const c of '_*[]()~`>#+-=|{}.!') {
    const escaped = parseMarkdown(`a\\${c}b`);
    assert.deepEqual(escaped, { text: `a${c}b`, entities: [] }, c);
  }
  for (const c of ']()#+-=|{}.!>') {
    let err: unknown;
    try {
      parseMarkdown(`ab${c}`);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TextParseError, c);
    assert.equal(err.reason, `Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    assert.equal(err.offset, 2);
  }
});

test('`\\` escapes any ASCII character; before anything else it is literal', () => {
  assert.equal(parseMarkdown('\\a\\\\\\ \\\n\\~').text, 'a\\ \n~');
  assert.equal(parseMarkdown('\\😀 \\é').text, '\\😀 \\é');
  assert.equal(parseMarkdown('end\\').text, 'end\\');
  // an escaped newline starts a line: a quote may follow
  assert.deepEqual(parseMarkdown('a\\\n>q').entities, [q(2, 1)]);
});

test('inside code and pre only ` and \\ are escaped; inside (url) only ) and \\', () => {
  assert.deepEqual(parseMarkdown('`a.b_c*[x](y)!`'), { text: 'a.b_c*[x](y)!', entities: [code(0, 13)] });
  assert.deepEqual(parseMarkdown('`a\\`b\\\\c\\d`'), { text: 'a`b\\cd', entities: [code(0, 6)] });
  assert.deepEqual(parseMarkdown('```\n*not bold* \\`\n```'), { text: '*not bold* `\n', entities: [pre(0, 13)] });
  assert.deepEqual(parseMarkdown('[x](http://e.com/a\\)b\\\\c(d)'), {
    text: 'x',
    entities: [{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'http://e.com/a)b\\c(d' }],
  });
  assert.equal(escapeMarkdown('a_b*c.d\\e'), 'a\\_b\\*c\\.d\\\\e');
  assert.equal(escapeMarkdown('a`b\\c.d', 'code'), 'a\\`b\\\\c.d');
  assert.equal(escapeMarkdown('http://e.com/(a)\\', 'url'), 'http://e.com/(a\\)\\\\');
});

test('__ is greedy; an empty entity separates _ from __', () => {
  assert.deepEqual(parseMarkdown('___italic underline_**__').entities, [i(0, 16), u(0, 16)]);
  assert.deepEqual(parseMarkdown('__a__').entities, [u(0, 1)]);
  assert.deepEqual(parseMarkdown('_a_**_b_').entities, [i(0, 1), i(1, 1)]);
  assert.equal(renderMarkdown('ab', [i(0, 1), i(1, 1)]), '_a_**_b_');
  assert.equal(renderMarkdown('ab', [i(0, 1), u(1, 1)]), '_a_**__b__');
  assert.equal(renderMarkdown('ab', [i(0, 2), u(0, 2)]), '_**__ab___');
  // inside bold, an empty code separates instead
  assert.equal(renderMarkdown('ab', [b(0, 2), i(0, 1), i(1, 1)]), '*_a_``_b_*');
});

test('fences: language up to whitespace when text follows; one newline after it dropped', () => {
  assert.deepEqual(parseMarkdown('```python\nx```'), { text: 'x', entities: [pre(0, 1, 'python')] });
  assert.deepEqual(parseMarkdown('```python```'), { text: 'python', entities: [pre(0, 6)] });
  assert.deepEqual(parseMarkdown('```py x```'), { text: ' x', entities: [pre(0, 2, 'py')] });
  assert.deepEqual(parseMarkdown('```\r\nx```'), { text: 'x', entities: [pre(0, 1)] });
  assert.deepEqual(parseMarkdown('```\n\nx```'), { text: '\nx', entities: [pre(0, 2)] });
  assert.equal(renderMarkdown('\rx', [pre(0, 2, 'c')]), '```c\r\n\rx```');
});

test('links: text as URL, unusable ones dropped, mentions, custom emoji, dates', () => {
  assert.deepEqual(parseMarkdown('[https://t\\.me/x]').entities, [{ _: 'messageEntityTextUrl', offset: 0, length: 14, url: 'https://t.me/x' }]);
  assert.deepEqual(parseMarkdown('[x](javascript:alert\\(1\\))').entities, []);
  assert.deepEqual(parseMarkdown('[x]').entities, []);
  assert.deepEqual(parseMarkdown('![t](tg://time?unix=1647531900&format=wDT)').entities, [
    { _: 'messageEntityFormattedDate', dayOfWeek: true, longDate: true, longTime: true, offset: 0, length: 1, date: 1647531900 },
  ]);
  assert.deepEqual(parseMarkdown('![t](tg://time?unix=5)').entities, [{ _: 'messageEntityFormattedDate', offset: 0, length: 1, date: 5 }]);
});

test('quotes: > at line starts only, the newline that ends a quote belongs to it, || makes it expandable', () => {
  assert.deepEqual(parseMarkdown('>a\n>b\nc'), { text: 'a\nb\nc', entities: [q(0, 4)] });
  assert.deepEqual(parseMarkdown('x\n>q'), { text: 'x\nq', entities: [q(2, 1)] });
  assert.deepEqual(parseMarkdown('>a||\nb'), { text: 'a\nb', entities: [q(0, 2, true)] });
  assert.deepEqual(parseMarkdown('>a\n**>b||'), { text: 'a\nb', entities: [q(0, 2), q(2, 1, true)] });
  assert.deepEqual(parseMarkdown('>*a\n>b*'), { text: 'a\nb', entities: [q(0, 3), b(0, 3)] });
  // without the empty bold the second quote continues the first
  assert.deepEqual(parseMarkdown('>a\n>b').entities, [q(0, 3)]);
  assert.equal(renderMarkdown('a\nb', [q(0, 2), q(2, 1)]), '>a\n**>b');
  // quotes are widened to whole lines; an entity on the closing newline ends before it
  assert.equal(renderMarkdown('xy\nz', [q(1, 1)]), '>xy\nz');
  assert.equal(renderMarkdown('a\nb', [q(0, 2), b(0, 2)]), '>*a*\nb');
});

test('offsets with emoji, surrogate pairs, ZWJ sequences, combining marks, RTL', () => {
  const r = parseMarkdown('👨‍👩‍👧 *e\u0301😀* שלום _مرحبا_𝕏__x__');
  assert.equal(r.text, '👨‍👩‍👧 e\u0301😀 שלום مرحبا𝕏x');
  assert.deepEqual(r.entities, [b(9, 4), i(19, 5), u(26, 1)]);
  assert.equal(renderMarkdown(r), '👨‍👩‍👧 *e\u0301😀* שלום _مرحبا_𝕏__x__');
});

const mdError = (input: string): TextParseError => parseError(parseMarkdown, input);

test('malformed MarkdownV2: the error names the problem and its position', () => {
  const cases: [string, string, number][] = [
    ['a *b', "Can't find end of Bold entity", 2],
    ['_a', "Can't find end of Italic entity", 0],
    ['x __a', "Can't find end of Underline entity", 2],
    ['~a', "Can't find end of Strikethrough entity", 0],
    ['||a', "Can't find end of Spoiler entity", 0],
    ['`a', "Can't find end of Code entity", 0],
    ['```a', "Can't find end of Pre entity", 0],
    ['```js\na', "Can't find end of PreCode entity", 0],
    ['[a', "Can't find end of TextUrl entity", 0],
    ['[a](http://x', "Can't find end of a URL", 4],
    ['![a]', 'Custom emoji entity must contain a tg://emoji URL', 0],
    ['![a](http://x)', 'Custom emoji URL must have scheme tg', 0],
    ['![a](tg://emoji?id=x)', 'Invalid custom emoji identifier specified', 0],
    ['![a](tg://time?unix=q)', 'Formatted date URL must have a valid unix time', 0],
    ['>*a\nb*', "Can't find end of Bold entity", 1],
    ['a|b', "Character '|' is reserved and must be escaped with the preceding '\\'", 1],
    ['a!b', "Character '!' is reserved and must be escaped with the preceding '\\'", 1],
    ['a>b', "Character '>' is reserved and must be escaped with the preceding '\\'", 1],
  ];
  for (const [md, reason, offset] of cases) {
    const e = mdError(md);
    assert.equal(e.reason, reason, md);
    assert.equal(e.offset, offset, md);
    assert.equal(e.syntax, 'markdown');
  }
  const e = mdError('ok\nпривет *x');
  assert.deepEqual([e.offset, e.line, e.column, e.byteOffset], [10, 2, 8, 3 + 12 + 1]);
});

test('lenient mode gives unclosed markers and stray reserved characters back as text', () => {
  const cases: [string, FormattedText][] = [
    ['1.5 + 2 = 3.5!', { text: '1.5 + 2 = 3.5!', entities: [] }],
    ['*a _b_', { text: '*a b', entities: [i(3, 1)] }],
    ['_x *y* z', { text: '_x y z', entities: [b(3, 1)] }],
    ['[a](http', { text: '[a](http', entities: [] }],
    ['>a *b\nc', { text: 'a *b\nc', entities: [q(0, 5)] }],
    ['![x] ok', { text: '![x] ok', entities: [] }],
  ];
  for (const [md, expected] of cases) assert.deepEqual(parseMarkdown(md, { lenient: true }), expected, md);
});

test('renderMarkdown escapes every context and skips what MarkdownV2 cannot say', () => {
  const all = '_*[]()~`>#+-=|{}.!\\';
  assert.equal(renderMarkdown(all), '\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\');
  assert.equal(parseMarkdown(renderMarkdown(all)).text, all);
  assert.equal(renderMarkdown('a`b\\c', [code(0, 5)]), '`a\\`b\\\\c`');
  assert.equal(renderMarkdown('x', [{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'http://e.com/a)b\\' }]), '[x](http://e.com/a\\)b\\\\)');
  // a pre language the fence cannot carry is left out
  assert.equal(renderMarkdown('x', [pre(0, 1, 'two words')]), '```\nx```');
  assert.equal(renderMarkdown('@x #y', [{ _: 'messageEntityMention', offset: 0, length: 2 }]), '@x \\#y');
  // crossing entities are split where they cross
  assert.equal(renderMarkdown('abcdef', [b(0, 4), i(2, 4)]), '*ab_cd_*_ef_');
});
