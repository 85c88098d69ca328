/**
 * Crypto benchmarks: AES-256-IGE (native AES-NI, pure TS, OpenSSL's legacy AES_ige_encrypt,
 * mtcute's WASM, GramJS's pure JS), 2048-bit modpow (OpenSSL vs BigInt), PQ factorisation.
 * Run alone with `node --import tsx bench/crypto.ts` (prints a Markdown table).
 */
import { createRequire } from 'node:module';
import { randomBytes as nodeRandom } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  aesIgeBackend,
  aesIgeDecrypt,
  aesIgeDecryptPure,
  aesIgeEncrypt,
  aesIgeEncryptPure,
  factorizePQ,
  modPow,
  TELEGRAM_DH_PRIME_HEX,
} from '../src/crypto/index.js';
import { bigIntToBytes, bytesToBigInt, modPowBigInt } from '../src/crypto/bigint.js';
import { nativeAddon } from '../src/platform/node/native.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

type Fn = () => unknown;

/** Runs `fn` for ~`ms` milliseconds after a warm-up; returns calls per second. */
function rate(fn: Fn, ms = 300): number {
  const warmEnd = performance.now() + ms / 4;
  while (performance.now() < warmEnd) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    calls++;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

function medianMs(fn: Fn, runs: number): number {
  for (let i = 0; i < Math.min(10, runs); i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 2)];
}

interface IgeImpl {
  name: string;
  enc: (d: Uint8Array) => unknown;
  dec: (d: Uint8Array) => unknown;
}

async function igeImpls(key: Uint8Array, iv: Uint8Array): Promise<IgeImpl[]> {
  const impls: IgeImpl[] = [];
  if (aesIgeBackend() === 'native') {
    impls.push({ name: 'tgts native (AES-NI)', enc: (d) => aesIgeEncrypt(d, key, iv), dec: (d) => aesIgeDecrypt(d, key, iv) });
  }
  impls.push({ name: 'tgts pure', enc: (d) => aesIgeEncryptPure(d, key, iv), dec: (d) => aesIgeDecryptPure(d, key, iv) });
  const ossl = nativeAddon?.opensslIge;
  if (ossl) {
    impls.push({
      name: 'OpenSSL AES_ige_encrypt (via addon)',
      enc: (d) => ossl(d, key, iv, new Uint8Array(d.length), true),
      dec: (d) => ossl(d, key, iv, new Uint8Array(d.length), false),
    });
  }
  try {
    const { NodeCryptoProvider } = await import('@mtcute/node/utils.js');
    const provider = new NodeCryptoProvider();
    await provider.initialize();
    const ige = provider.createAesIge(key, iv);
    impls.push({ name: 'mtcute (WASM)', enc: (d) => ige.encrypt(d), dec: (d) => ige.decrypt(d) });
  } catch (e) {
    console.error(`mtcute unavailable: ${(e as Error).message}`);
  }
  try {
    const require = createRequire(import.meta.url);
    const { IGE } = require('telegram/crypto/IGE') as {
      IGE: new (k: Buffer, iv: Buffer) => { encryptIge(b: Buffer): Buffer; decryptIge(b: Buffer): Buffer };
    };
    const k = Buffer.from(key);
    const v = Buffer.from(iv);
    impls.push({
      name: 'GramJS (pure JS)',
      enc: (d) => new IGE(k, v).encryptIge(Buffer.from(d.buffer, d.byteOffset, d.length)),
      dec: (d) => new IGE(k, v).decryptIge(Buffer.from(d.buffer, d.byteOffset, d.length)),
    });
  } catch (e) {
    console.error(`GramJS unavailable: ${(e as Error).message}`);
  }
  return impls;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const key = new Uint8Array(nodeRandom(32));
  const iv = new Uint8Array(nodeRandom(32));
  const impls = await igeImpls(key, iv);
  for (const size of [1 << 20, 1024]) {
    const data = new Uint8Array(nodeRandom(size));
    const label = size === 1024 ? '1 KiB' : '1 MiB';
    // Round-robin over the implementations and keep each one's best round: on a shared
    // machine this is far less sensitive to bursts of load than one long run each.
    const results = new Map<string, { enc: number; dec: number }>();
    for (let round = 0; round < 5; round++) {
      for (const impl of impls) {
        const ms = size === 1024 ? 80 : 150;
        const enc = (rate(() => impl.enc(data), ms) * size) / 1048576;
        const dec = (rate(() => impl.dec(data), ms) * size) / 1048576;
        const prev = results.get(impl.name);
        results.set(impl.name, { enc: Math.max(enc, prev?.enc ?? 0), dec: Math.max(dec, prev?.dec ?? 0) });
      }
    }
    const mt = results.get('mtcute (WASM)');
    const gram = results.get('GramJS (pure JS)');
    for (const [name, r] of results) {
      for (const dir of ['enc', 'dec'] as const) {
        const notes: string[] = [];
        if (mt && name !== 'mtcute (WASM)') notes.push(`${(r[dir] / mt[dir]).toFixed(2)}× mtcute`);
        if (gram && name !== 'GramJS (pure JS)') notes.push(`${(r[dir] / gram[dir]).toFixed(2)}× GramJS`);
        rows.push({ name: `IGE ${dir === 'enc' ? 'encrypt' : 'decrypt'} ${label}: ${name}`, value: r[dir], unit: 'MiB/s', note: notes.join(', ') });
      }
    }
  }

  // 2048-bit modpow with a 2048-bit exponent, as in auth key creation.
  const p = new Uint8Array(Buffer.from(TELEGRAM_DH_PRIME_HEX, 'hex'));
  const base = new Uint8Array(nodeRandom(256));
  base[0] &= 0x7f;
  const exp = new Uint8Array(nodeRandom(256));
  exp[0] &= 0x7f;
  const openssl = medianMs(() => modPow(base, exp, p), 30);
  const bigint = medianMs(() => bigIntToBytes(modPowBigInt(bytesToBigInt(base), bytesToBigInt(exp), bytesToBigInt(p)), 256), 10);
  rows.push({ name: 'modpow 2048-bit: tgts modPow (OpenSSL)', value: openssl, unit: 'ms', note: `${(bigint / openssl).toFixed(1)}× faster than BigInt` });
  rows.push({ name: 'modpow 2048-bit: BigInt square-and-multiply', value: bigint, unit: 'ms' });

  const pq = 0x17ed48941a08f981n;
  const ours = medianMs(() => factorizePQ(pq), 200);
  rows.push({ name: 'factorizePQ 0x17ED48941A08F981 median', value: ours, unit: 'ms' });
  try {
    const { factorizePQSync } = await import('@mtcute/core/utils.js');
    const { NodeCryptoProvider } = await import('@mtcute/node/utils.js');
    const provider = new NodeCryptoProvider();
    await provider.initialize();
    const bytes = bigIntToBytes(pq);
    const theirs = medianMs(() => factorizePQSync(provider, bytes), 50);
    rows.push({ name: 'factorizePQ 0x17ED48941A08F981 median: mtcute', value: theirs, unit: 'ms', note: `tgts is ${(theirs / ours).toFixed(1)}× faster` });
  } catch (e) {
    console.error(`mtcute factorization unavailable: ${(e as Error).message}`);
  }
  return rows;
}

function table(rows: BenchRow[]): string {
  const lines = ['| benchmark | value | unit | note |', '|---|---:|---|---|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.value < 10 ? r.value.toFixed(3) : r.value.toFixed(1)} | ${r.unit} | ${r.note ?? ''} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`AES-IGE backend: ${aesIgeBackend()}\n`);
  console.log(table(await run()));
}
