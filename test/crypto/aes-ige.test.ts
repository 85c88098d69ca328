import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes as nodeRandom } from 'node:crypto';
import {
  aesIgeBackend,
  aesIgeDecrypt,
  aesIgeDecryptPure,
  aesIgeEncrypt,
  aesIgeEncryptPure,
  CryptoError,
} from '../../src/crypto/index.js';
import { hex, loadJson, toHex } from './helpers.js';

const vectors = loadJson('test/vectors/aes-ige.json').vectors.filter((v: { key_bits: number }) => v.key_bits === 256);

test('there are AES-256-IGE vectors to check', () => {
  assert.ok(vectors.length >= 5);
});

for (const v of vectors) {
  test(`IGE vector: ${v.name}`, () => {
    for (const [enc, dec] of [
      [aesIgeEncrypt, aesIgeDecrypt],
      [aesIgeEncryptPure, aesIgeDecryptPure],
    ] as const) {
      assert.equal(toHex(enc(hex(v.plaintext), hex(v.key), hex(v.iv))), v.ciphertext);
      assert.equal(toHex(dec(hex(v.ciphertext), hex(v.key), hex(v.iv))), v.plaintext);
    }
  });
}

test(`backend is reported (${aesIgeBackend()})`, () => {
  assert.ok(aesIgeBackend() === 'native' || aesIgeBackend() === 'pure');
});

test('fast path and pure agree on random inputs, including unaligned views', () => {
  for (let i = 0; i < 60; i++) {
    const blocks = i < 50 ? (i % 17) + 1 : 64 * i;
    const backing = new Uint8Array(nodeRandom(blocks * 16 + 3));
    const off = i % 4; // unaligned Uint8Array views exercise the copying path
    const data = backing.subarray(off, off + blocks * 16);
    const key = new Uint8Array(nodeRandom(32));
    const iv = new Uint8Array(nodeRandom(32));
    const c = aesIgeEncrypt(data, key, iv);
    assert.deepEqual(c, aesIgeEncryptPure(data, key, iv));
    assert.deepEqual(aesIgeDecrypt(c, key, iv), data);
    assert.deepEqual(aesIgeDecryptPure(c, key, iv), data);
  }
});

test('inputs are not modified and empty data is fine', () => {
  const data = new Uint8Array(nodeRandom(64));
  const copy = data.slice();
  const key = new Uint8Array(32);
  const iv = new Uint8Array(32);
  aesIgeEncrypt(data, key, iv);
  aesIgeDecryptPure(data, key, iv);
  assert.deepEqual(data, copy);
  assert.equal(aesIgeEncrypt(new Uint8Array(0), key, iv).length, 0);
});

test('bad sizes throw CryptoError naming the field', () => {
  const ok32 = new Uint8Array(32);
  for (const fn of [aesIgeEncrypt, aesIgeDecrypt, aesIgeEncryptPure, aesIgeDecryptPure]) {
    assert.throws(() => fn(new Uint8Array(15), ok32, ok32), (e: unknown) => e instanceof CryptoError && /multiple of 16/.test(e.message));
    assert.throws(() => fn(new Uint8Array(16), new Uint8Array(16), ok32), (e: unknown) => e instanceof CryptoError && /key/.test(e.message));
    assert.throws(() => fn(new Uint8Array(16), ok32, new Uint8Array(16)), (e: unknown) => e instanceof CryptoError && /iv/.test(e.message));
  }
});
