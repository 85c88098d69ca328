/** parseHtml / renderHtml: Telegram's tags, references, offsets, errors with positions, lenient mode. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHtml, renderHtml, TextParseError, type FormattedText } from '../../../src/client/text/index.js';
import type { MessageEntity } from '../../../src/tl/index.js';
import { parseError } from './gen.js';

const b = (offset: number, length: number): MessageEntity => ({ _: 'messageEntityBold', offset, length });
const i = (offset: number, length: number): MessageEntity => ({ _: 'messageEntityItalic', offset, length });

test('every tag of the Bot API example', () => {
  const html =
    '<b>bold <i>italic bold <s>italic bold strikethrough <span class="tg-spoiler">italic bold strikethrough spoiler</span></s> <u>underline italic bold</u></i> bold</b>';
  const { text, entities } = parseHtml(html);
  assert.equal(text, 'bold italic bold italic bold strikethrough italic bold strikethrough spoiler underline italic bold bold');
  assert.deepEqual(entities, [
    b(0, 103),
    i(5, 93),
    { _: 'messageEntityStrike', offset: 17, length: 59 },
    { _: 'messageEntitySpoiler', offset: 43, length: 33 },
    { _: 'messageEntityUnderline', offset: 77, length: 21 },
  ]);
  assert.equal(renderHtml(text, entities), html.replace('<span class="tg-spoiler">', '<tg-spoiler>').replace('</span>', '</tg-spoiler>'));
});

test('synonyms and case-insensitive tags', () => {
  const { entities } = parseHtml('<STRONG>a</STRONG><em>b</em><ins>c</ins><strike>d</strike><DEL>e</DEL><tg-spoiler>f</tg-spoiler>');
  assert.deepEqual(
    entities.map((e) => e._),
    ['messageEntityBold', 'messageEntityItalic', 'messageEntityUnderline', 'messageEntityStrike', 'messageEntityStrike', 'messageEntitySpoiler'],
  );
});

test('links, mentions, custom emoji, dates, code, pre, quotes', () => {
  const r = parseHtml(
    '<a href="http://www.example.com/">url</a> <a href="tg://user?id=123456789">ann</a> <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> ' +
      '<code>c</code> <pre>p</pre> <pre><code class="language-python">x</code></pre> <blockquote>q</blockquote><blockquote expandable>e</blockquote>' +
      '<tg-time unix="1647531900" format="wDT">t</tg-time>',
  );
  assert.equal(r.text, 'url ann 👍 c p x qet');
  assert.deepEqual(r.entities, [
    { _: 'messageEntityTextUrl', offset: 0, length: 3, url: 'http://www.example.com/' },
    { _: 'messageEntityMentionName', offset: 4, length: 3, userId: 123456789 },
    { _: 'messageEntityCustomEmoji', offset: 8, length: 2, documentId: 5368324170671202286n },
    { _: 'messageEntityCode', offset: 11, length: 1 },
    { _: 'messageEntityPre', offset: 13, length: 1, language: '' },
    { _: 'messageEntityPre', offset: 15, length: 1, language: 'python' },
    { _: 'messageEntityBlockquote', offset: 17, length: 1 },
    { _: 'messageEntityBlockquote', collapsed: true, offset: 18, length: 1 },
    { _: 'messageEntityFormattedDate', dayOfWeek: true, longDate: true, longTime: true, offset: 19, length: 1, date: 1647531900 },
  ]);
});

test('a link without href uses its text; unusable links are dropped', () => {
  assert.deepEqual(parseHtml('<a>https://t.me/x</a>').entities, [{ _: 'messageEntityTextUrl', offset: 0, length: 14, url: 'https://t.me/x' }]);
  assert.deepEqual(parseHtml('<a href="example.com/a">x</a>').entities, [{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'http://example.com/a' }]);
  assert.deepEqual(parseHtml('<a href="javascript:alert(1)">x</a>').entities, []);
  assert.deepEqual(parseHtml('<a href="no link">x</a>').entities, []);
  // not a user id: kept as an ordinary tg:// link
  assert.deepEqual(parseHtml('<a href="tg://user?id=0">x</a>').entities, [{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'tg://user?id=0' }]);
  assert.deepEqual(parseHtml("<a href='TG://USER?ID=7'>x</a>").entities, [{ _: 'messageEntityMentionName', offset: 0, length: 1, userId: 7 }]);
});

test('only four named references and numeric ones decode; the rest stays literal', () => {
  assert.equal(parseHtml('&lt;&gt;&amp;&quot; &nbsp; &apos; &copy; & &amp &ltx').text, '<>&" &nbsp; &apos; &copy; & & &ltx');
  assert.equal(parseHtml('&#65;&#x42;&#67&#x1F600;&#128512; &#X41; &#0; &#1114111; &#12345678;').text, 'ABC😀😀 &#X41; &#0; &#1114111; &#12345678;');
  assert.deepEqual(parseHtml('<a href="https://e.com/?a=1&amp;b=&quot;2&quot;&#33;">x</a>').entities, [
    { _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'https://e.com/?a=1&b="2"!' },
  ]);
  // a bare > is text; `&` that starts nothing is text
  assert.equal(parseHtml('a > b & c').text, 'a > b & c');
});

test('offsets count UTF-16 code units: emoji, ZWJ sequences, combining marks, RTL', () => {
  const r = parseHtml('👨‍👩‍👧 <b>e\u0301😀</b> שלום <i>مرحبا</i>𝕏<u>x</u>');
  assert.equal(r.text, '👨‍👩‍👧 e\u0301😀 שלום مرحبا𝕏x');
  assert.deepEqual(r.entities, [b(9, 4), i(19, 5), { _: 'messageEntityUnderline', offset: 26, length: 1 }]);
  assert.equal(r.text.slice(9, 13), 'e\u0301😀');
  assert.equal(r.text.slice(26, 27), 'x');
});

test('entities at the very start and end, nested with equal ranges, adjacent', () => {
  assert.deepEqual(parseHtml('<b><i>x</i></b>').entities, [b(0, 1), i(0, 1)]);
  assert.deepEqual(parseHtml('<i><b>x</b></i>').entities, [b(0, 1), i(0, 1)]);
  assert.deepEqual(parseHtml('<b>a</b><b>b</b>').entities, [b(0, 1), b(1, 1)]);
  assert.deepEqual(parseHtml('<b>a</b><i>b</i>').entities, [b(0, 1), i(1, 1)]);
  assert.equal(renderHtml('ab', [b(0, 1), b(1, 1)]), '<b>a</b><b>b</b>');
});

test('whitespace and newlines are literal; empty elements make no entity', () => {
  const r = parseHtml('  <b> a \n\n b </b>\t\r\n<i></i><u> </u>');
  assert.equal(r.text, '   a \n\n b \t\r\n ');
  assert.deepEqual(r.entities, [b(2, 8), { _: 'messageEntityUnderline', offset: 13, length: 1 }]);
});

test('`</>` closes the innermost element; `<code>` language only inside `<pre>`', () => {
  assert.deepEqual(parseHtml('<b>a<i>b</>c</>').entities, [b(0, 3), i(1, 1)]);
  assert.deepEqual(parseHtml('<code class="language-js">x</code>').entities, [{ _: 'messageEntityCode', offset: 0, length: 1 }]);
  assert.deepEqual(parseHtml('<code class="language-js"><pre>x</pre></code>').entities, [{ _: 'messageEntityPre', offset: 0, length: 1, language: 'js' }]);
  // a code that does not fill its pre stays a code inside a pre
  assert.deepEqual(parseHtml('<pre>a<code class="language-js">x</code></pre>').entities, [
    { _: 'messageEntityPre', offset: 0, length: 2, language: '' },
    { _: 'messageEntityCode', offset: 1, length: 1 },
  ]);
});

const htmlError = (input: string): TextParseError => parseError(parseHtml, input);

test('malformed HTML: the error names the problem and its position', () => {
  const cases: [string, string, number][] = [
    ['a<br>b', 'Unsupported start tag "br"', 1],
    ['ok <p>x</p>', 'Unsupported start tag "p"', 3],
    ['<b>x</i>', 'Unmatched end tag, expected "</b>", found "</i>"', 4],
    ['x</b>', 'Unexpected end tag', 1],
    ['<b>x', `Can't find end tag corresponding to start tag "b"`, 0],
    ['a <b', 'Unclosed start tag', 2],
    ['<b>x</b', 'Unclosed end tag', 4],
    ['<b>x</b y>', 'Unclosed end tag', 4],
    ['1 < 2', 'Unsupported start tag "" (write &lt; for a literal "<")', 2],
    ['<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"', 0],
    ['<tg-emoji emoji-id="abc">x</tg-emoji>', 'Invalid custom emoji identifier specified', 0],
    ['<tg-time>x</tg-time>', 'Tag "tg-time" must have a valid "unix" attribute', 0],
    ['<tg-time unix="1" format="q">x</tg-time>', 'Invalid date format "q"', 0],
    ['<a href=http://x>y</a>', 'Unexpected end of name token', 8],
    ['<!-- c -->', 'Unsupported start tag "!--"', 0],
    ['&#xD83D;', 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units', 0],
    ['<b/>', 'Unsupported start tag "b/"', 0],
  ];
  for (const [html, reason, offset] of cases) {
    const e = htmlError(html);
    assert.equal(e.reason, reason, html);
    assert.equal(e.offset, offset, html);
    assert.equal(e.syntax, 'html');
  }
});

test('error positions: line, column and UTF-8 byte offset', () => {
  const e = htmlError('😀 first line\nсекунда <x>');
  assert.equal(e.offset, 22);
  assert.equal(e.line, 2);
  assert.equal(e.column, 9);
  assert.equal(e.byteOffset, 4 + 11 + 1 + 14 + 1);
  assert.match(e.message, /Unsupported start tag "x" at offset 22 \(line 2, column 9\)/);
});

test('lenient mode never throws and keeps what it can', () => {
  const cases: [string, FormattedText][] = [
    ['a<br>b<br/>c', { text: 'a\nb\nc', entities: [] }],
    ['<p><b>x</b></p>', { text: 'x', entities: [b(0, 1)] }],
    ['<b>x<i>y</b>z', { text: 'xyz', entities: [b(0, 2), i(1, 1)] }],
    ['x</b>y', { text: 'xy', entities: [] }],
    ['<b>open', { text: 'open', entities: [b(0, 4)] }],
    ['1 < 2 <b', { text: '1 < 2 <b', entities: [] }],
    ['<span>s</span><tg-emoji emoji-id="z">e</tg-emoji>', { text: 'se', entities: [] }],
    ['&#xDE00;!', { text: '\ufffd!', entities: [] }],
  ];
  for (const [html, expected] of cases) assert.deepEqual(parseHtml(html, { lenient: true }), expected, html);
});

test('renderHtml escapes text and attributes, splits crossing entities, skips what HTML cannot say', () => {
  assert.equal(renderHtml('a<b>&"c"', []), 'a&lt;b&gt;&amp;"c"');
  assert.equal(
    renderHtml('link', [{ _: 'messageEntityTextUrl', offset: 0, length: 4, url: 'https://e.com/?a="1"&b=<2>' }]),
    '<a href="https://e.com/?a=&quot;1&quot;&amp;b=&lt;2&gt;">link</a>',
  );
  // bold [0,4) and italic [2,6) cross: italic is split at the bold's end
  assert.equal(renderHtml('abcdef', [b(0, 4), i(2, 4)]), '<b>ab<i>cd</i></b><i>ef</i>');
  // a mention, a hashtag, bold inside code (Telegram removes it), a mention by an InputUser without id
  assert.equal(
    renderHtml('@x #y code me', [
      { _: 'messageEntityMention', offset: 0, length: 2 },
      { _: 'messageEntityHashtag', offset: 3, length: 2 },
      { _: 'messageEntityCode', offset: 6, length: 4 },
      b(7, 2),
      { _: 'inputMessageEntityMentionName', offset: 11, length: 2, userId: { _: 'inputUserSelf' } },
    ]),
    '@x #y <code>code</code> me',
  );
  assert.equal(
    renderHtml('me', [{ _: 'inputMessageEntityMentionName', offset: 0, length: 2, userId: { _: 'inputUser', userId: 5, accessHash: 1n } }]),
    '<a href="tg://user?id=5">me</a>',
  );
  // out-of-range entities are clamped, empty ones skipped
  assert.equal(renderHtml('ab', [b(1, 10), i(0, 0), b(-3, 4)]), '<b>a</b><b>b</b>');
});
