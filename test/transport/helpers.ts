import { readFileSync } from 'node:fs';

export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function loadVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8')) as T;
}

/** Deterministic pseudo-random bytes (xorshift32), for reproducible payloads. */
export function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A payload shaped like an encrypted MTProto packet (24 + 16k bytes, non-zero auth_key_id). */
export function encryptedShaped(blocks: number, seed: number): Uint8Array {
  const p = pseudoRandom(24 + 16 * blocks, seed);
  p[0] = 1;
  return p;
}

/** A payload shaped like an unencrypted MTProto packet with `bodyLen` body bytes (multiple of 4). */
export function plainShaped(bodyLen: number, seed: number): Uint8Array {
  const p = pseudoRandom(20 + bodyLen, seed);
  p.fill(0, 0, 8);
  new DataView(p.buffer).setUint32(16, bodyLen, true);
  return p;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
