/**
 * TL codec throughput, side by side with mtcute's TL runtime in the same process:
 * decode and encode of the two fixtures (a 112-byte chatInviteExported and a 33 KB
 * messages.messages with 100 messages). mtcute gets the layer-227 copies of the fixtures
 * (its bundled schema is layer 227). Run alone: `node --import tsx bench/tl.ts`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decode, encode } from '../src/tl/index.js';
import { runIfMain } from './lib/standalone.js';
import type { BenchRow } from './lib/types.js';

const ROOT = resolve(import.meta.dirname, '..');
const MIB = 1024 * 1024;

function fixture(name: string): Uint8Array {
  return Uint8Array.from(Buffer.from(readFileSync(resolve(ROOT, 'test/fixtures', name), 'utf8').trim(), 'hex'));
}

interface MtcuteTl {
  decode(bytes: Uint8Array): unknown;
  encode(obj: unknown): Uint8Array;
}

/** mtcute's runtime with the reader/writer maps bundled in @mtcute/core (not exported: loaded by file URL). */
async function loadMtcute(): Promise<MtcuteTl> {
  const rt = (await import('@mtcute/tl-runtime')) as unknown as {
    TlBinaryReader: { deserializeObject(map: unknown, data: Uint8Array): unknown };
    TlBinaryWriter: { serializeObject(map: unknown, obj: { _: string }): Uint8Array };
  };
  const core = resolve(ROOT, 'node_modules/@mtcute/core/tl/binary');
  const { __tlReaderMap } = (await import(pathToFileURL(resolve(core, 'reader.js')).href)) as { __tlReaderMap: unknown };
  const { __tlWriterMap } = (await import(pathToFileURL(resolve(core, 'writer.js')).href)) as { __tlWriterMap: unknown };
  return {
    decode: (b) => rt.TlBinaryReader.deserializeObject(__tlReaderMap, b),
    encode: (o) => rt.TlBinaryWriter.serializeObject(__tlWriterMap, o as { _: string }),
  };
}

let sink = 0;

function warm(fn: () => unknown): void {
  const deadline = performance.now() + 300;
  while (performance.now() < deadline) for (let i = 0; i < 50; i++) fn();
}

function round(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 20; i++) {
      const x = fn();
      if (x === undefined) sink++;
    }
    n += 20;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Operations per second of `a` and `b`. The machine's speed drifts (shared CPU): rounds
 * alternate between the two so that both meet the same conditions, and the median round of
 * each is reported.
 */
function measurePair(a: () => unknown, b: () => unknown, rounds = 9, ms = 200): [number, number] {
  warm(a);
  warm(b);
  const ra: number[] = [];
  const rb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ra.push(round(a, ms));
    rb.push(round(b, ms));
  }
  return [median(ra), median(rb)];
}

export async function run(): Promise<BenchRow[]> {
  const mt = await loadMtcute();
  const cases = [
    { label: 'chatInviteExported (112 B)', ours: fixture('chatInviteExported.hex'), theirs: fixture('chatInviteExported.layer227.hex'), target: [2.1e6, 0.44e6] },
    { label: 'messages.messages ×100 (33 KB)', ours: fixture('messages_messages_100.hex'), theirs: fixture('messages_messages_100.layer227.hex'), target: [13500, 3000] },
  ];
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const ourObj = decode(c.ours);
    const theirObj = mt.decode(c.theirs);
    const size = c.ours.length;
    const [dOurs, dTheirs] = measurePair(() => decode(c.ours), () => mt.decode(c.theirs));
    const [eOurs, eTheirs] = measurePair(() => encode(ourObj), () => mt.encode(theirObj));
    const ratio = (a: number, b: number): string => `ours/mtcute ${(a / b).toFixed(2)}×`;
    rows.push(
      { name: `decode ${c.label}`, value: Math.round(dOurs), unit: 'ops/s', mtcute: Math.round(dTheirs), note: ratio(dOurs, dTheirs), target: '≥ 1.5× mtcute', met: dOurs >= 1.5 * dTheirs },
      { name: `decode ${c.label}`, value: +((dOurs * size) / MIB).toFixed(1), unit: 'MiB/s', mtcute: +((dTheirs * c.theirs.length) / MIB).toFixed(1) },
      { name: `encode ${c.label}`, value: Math.round(eOurs), unit: 'ops/s', mtcute: Math.round(eTheirs), note: ratio(eOurs, eTheirs), target: '≥ 1.5× mtcute', met: eOurs >= 1.5 * eTheirs },
      { name: `encode ${c.label}`, value: +((eOurs * size) / MIB).toFixed(1), unit: 'MiB/s', mtcute: +((eTheirs * c.theirs.length) / MIB).toFixed(1) },
    );
  }
  if (rows[0]) rows[0].note = `${rows[0].note}; 9 alternating rounds of 200 ms per library per row (median round)`;
  if (sink < 0) console.log(sink);
  return rows;
}

await runIfMain(import.meta.url, run);
