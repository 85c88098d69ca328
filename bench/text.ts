/**
 * Formatted text throughput, side by side with GramJS (`telegram/extensions/html`, `…/markdown`) and
 * mtcute 0.30.3 (`@mtcute/html-parser`'s Bot-API-compatible `thtml`, `@mtcute/markdown-parser`'s `md`) in
 * the same process. Three realistic messages (a short one, a long digest with many entities, an
 * emoji-heavy chat message) are written once as text + entities; each library parses its own rendering of
 * them (so each parses the syntax it implements) and renders the entities back. Rounds alternate between
 * the libraries; the median round of each is reported. Run alone: `node --import tsx bench/text.ts`.
 * @module
 */
import { parseHtml, parseMarkdown, renderHtml, renderMarkdown, type FormattedText } from '../src/client/text/index.js';
import type { MessageEntity } from '../src/tl/index.js';
import { runIfMain } from './lib/standalone.js';
import { median } from './lib/stats.js';
import type { BenchRow } from './lib/types.js';

type Parse = (s: string) => unknown;
type Render = (f: FormattedText) => string;

interface Library {
  name: 'tgts' | 'mtcute' | 'gramjs';
  html: { parse: Parse; render: Render };
  markdown: { parse: Parse; render: Render; syntax: string };
}

let sink = 0;

function round(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 10; i++) if (fn() === undefined) sink++;
    n += 10;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Operations per second of each function: alternating rounds after a warm-up, median round. */
function measure(fns: readonly (() => unknown)[], rounds = 9, ms = 200): number[] {
  for (const fn of fns) round(fn, 250);
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) fns.forEach((fn, k) => samples[k]!.push(round(fn, ms)));
  return samples.map(median);
}

// ---------------------------------------------------------------------------------------------- messages

const SHORT =
  '<b>Hello</b>, <i>world</i>! Read <a href="https://core.telegram.org/api/entities">the docs</a> and reply with <code>/start</code>.';

function digest(): string {
  const parts: string[] = ['<b>Weekly digest</b> — <i>issue 42</i>\n\n'];
  for (let k = 1; k <= 20; k++) {
    parts.push(
      `<b>${k}. Release ${k}.0</b> is out: <a href="https://example.com/releases/${k}">notes</a>, ` +
        `<i>breaking</i> changes in <code>api.v${k}</code>, <u>please</u> <s>ignore</s> update. ` +
        `See <a href="tg://user?id=${1000 + k}">@maintainer${k}</a> for details &amp; questions.\n`,
    );
    if (k % 5 === 0) parts.push(`<pre><code class="language-ts">const x${k} = await client.invoke(request); // &lt;${k}&gt;\n</code></pre>\n`);
    if (k % 7 === 0) parts.push(`<blockquote>Quote ${k}: <b>bold</b> and <tg-spoiler>hidden</tg-spoiler> words.\nSecond line.</blockquote>\n`);
  }
  parts.push('\n<i>Thanks for reading!</i>');
  return parts.join('');
}

function emojiChat(): string {
  const emoji = ['😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🔥', '🎉', '❤️', '🇺🇦', '🙈', '✨'];
  const parts: string[] = [];
  for (let k = 0; k < 30; k++) {
    const e = emoji[k % emoji.length]!;
    parts.push(k % 3 === 0 ? `<b>${e}${e}</b> ` : k % 3 === 1 ? `<tg-spoiler>${e} secret ${e}</tg-spoiler> ` : `${e}${e}${e} ok `);
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------- peers

const GRAMJS_TYPES: Record<string, string> = {
  messageEntityBold: 'MessageEntityBold',
  messageEntityItalic: 'MessageEntityItalic',
  messageEntityUnderline: 'MessageEntityUnderline',
  messageEntityStrike: 'MessageEntityStrike',
  messageEntitySpoiler: 'MessageEntitySpoiler',
  messageEntityCode: 'MessageEntityCode',
  messageEntityPre: 'MessageEntityPre',
  messageEntityTextUrl: 'MessageEntityTextUrl',
  messageEntityBlockquote: 'MessageEntityBlockquote',
};

async function loadGramjs(): Promise<Library> {
  const { HTMLParser } = (await import('telegram/extensions/html.js')) as typeof import('telegram/extensions/html.js');
  const { MarkdownParser } = (await import('telegram/extensions/markdown.js')) as typeof import('telegram/extensions/markdown.js');
  const { Api } = await import('telegram');
  const api = Api as unknown as Record<string, new (args: object) => unknown>;
  // GramJS renders from its own entity classes; mentions by id have no class here (kept as text links)
  const toGram = (f: FormattedText) =>
    f.entities.flatMap((e: MessageEntity) => {
      if (e._ === 'messageEntityMentionName') return [new api.MessageEntityTextUrl!({ offset: e.offset, length: e.length, url: `tg://user?id=${e.userId}` })];
      const cls = GRAMJS_TYPES[e._];
      return cls ? [new api[cls]!({ ...e })] : [];
    }) as never;
  return {
    name: 'gramjs',
    html: { parse: (s) => HTMLParser.parse(s), render: (f) => HTMLParser.unparse(f.text, toGram(f)) },
    markdown: { parse: (s) => MarkdownParser.parse(s), render: (f) => MarkdownParser.unparse(f.text, toGram(f)), syntax: 'its own Markdown (no links, underline, spoilers, quotes)' },
  };
}

async function loadMtcute(): Promise<Library> {
  const { thtml } = await import('@mtcute/html-parser');
  const { md } = await import('@mtcute/markdown-parser');
  // mtcute's entity objects are TL objects like ours (no bigint fields in these messages)
  const toMt = (f: FormattedText) => ({ text: f.text, entities: f.entities as never });
  return {
    name: 'mtcute',
    html: { parse: (s) => thtml(s), render: (f) => thtml.unparse(toMt(f)) },
    markdown: { parse: (s) => md(s), render: (f) => md.unparse(toMt(f)), syntax: 'its own Markdown (`**bold**`, `--underline--`…)' },
  };
}

const tgts: Library = {
  name: 'tgts',
  html: { parse: (s) => parseHtml(s), render: (f) => renderHtml(f) },
  markdown: { parse: (s) => parseMarkdown(s), render: (f) => renderMarkdown(f), syntax: 'MarkdownV2' },
};

// ---------------------------------------------------------------------------------------------- run

export async function run(): Promise<BenchRow[]> {
  const peers: Library[] = [];
  const problems: Record<string, string> = {};
  for (const [name, load] of [['mtcute', loadMtcute], ['gramjs', loadGramjs]] as const) {
    try {
      peers.push(await load());
    } catch (err) {
      problems[name] = `not comparable: ${(err as Error).message}`;
    }
  }
  const libs = [tgts, ...peers];
  const messages = [
    { label: 'short', source: parseHtml(SHORT) },
    { label: 'long digest', source: parseHtml(digest()) },
    { label: 'emoji-heavy', source: parseHtml(emojiChat()) },
  ];
  const rows: BenchRow[] = [];
  for (const { label, source } of messages) {
    const size = `${source.text.length} chars, ${source.entities.length} entities`;
    for (const syntax of ['html', 'markdown'] as const) {
      const inputs = libs.map((l) => l[syntax].render(source));
      const parsed = measure(libs.map((l, k) => () => l[syntax].parse(inputs[k]!)));
      const rendered = measure(libs.map((l) => () => l[syntax].render(source)));
      for (const [op, figures] of [['parse', parsed], ['render', rendered]] as const) {
        const row: BenchRow = { name: `${op} ${syntax === 'html' ? 'HTML' : 'Markdown'}: ${label} (${size})`, value: Math.round(figures[0]!), unit: 'ops/s' };
        let best = 0;
        peers.forEach((p, k) => {
          row[p.name as 'mtcute' | 'gramjs'] = Math.round(figures[k + 1]!);
          best = Math.max(best, figures[k + 1]!);
        });
        for (const [name, problem] of Object.entries(problems)) row[name as 'mtcute' | 'gramjs'] = problem;
        if (best > 0) {
          row.target = '≥ 2× the faster peer';
          row.met = figures[0]! >= 2 * best;
          row.note = `${(figures[0]! / best).toFixed(2)}× the faster peer`;
        }
        rows.push(row);
      }
    }
  }
  const mdNotes = peers.map((p) => `${p.name} parses ${p.markdown.syntax}`).join('; ');
  rows[0]!.note = `${rows[0]!.note ?? ''}; each library parses its own rendering of the same text + entities; 9 alternating rounds of 200 ms (median)`;
  const firstMd = rows.find((r) => r.name.startsWith('parse Markdown'));
  if (firstMd) firstMd.note = `${firstMd.note ?? ''}; tgts parses MarkdownV2, ${mdNotes}`;
  if (sink < 0) console.log(sink);
  return rows;
}

await runIfMain(import.meta.url, run);
