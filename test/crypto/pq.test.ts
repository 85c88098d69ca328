import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePrimeSync } from 'node:crypto';
import { bigIntToBytes, bytesToBigInt, CryptoError, factorizePQ } from '../../src/crypto/index.js';
import { hex, loadJson, toHex } from './helpers.js';

const pq = loadJson('test/vectors/pq.json');

for (const v of pq.values) {
  test(`factorizePQ ${v.pq} (${v.source.slice(0, 50)})`, () => {
    assert.deepEqual(factorizePQ(BigInt(v.pq)), [BigInt(v.p), BigInt(v.q)]);
    if (v.pq_hex) {
      assert.equal(bytesToBigInt(hex(v.pq_hex)), BigInt(v.pq));
      assert.equal(toHex(bigIntToBytes(BigInt(v.p))), v.p_hex);
    }
  });
}

test('factorizePQ on random products of two 31/32-bit primes', () => {
  for (let i = 0; i < 40; i++) {
    const bits = 30 + (i % 3);
    const p = generatePrimeSync(bits, { bigint: true });
    const q = generatePrimeSync(32, { bigint: true });
    const [a, b] = factorizePQ(p * q);
    assert.equal(a * b, p * q);
    assert.ok(a <= b);
    assert.ok((a === p && b === q) || (a === q && b === p));
  }
});

test('factorizePQ handles a product beyond 64 bits (Pollard–Brent fallback)', () => {
  const p = 1000000007n;
  const q = (1n << 61n) - 1n; // Mersenne prime
  assert.deepEqual(factorizePQ(p * q), [p, q]);
});

test('factorizePQ rejects primes and tiny inputs', () => {
  assert.throws(() => factorizePQ(1000000007n), CryptoError);
  assert.throws(() => factorizePQ(3n), CryptoError);
});

test('bigIntToBytes pads, and rejects values that do not fit', () => {
  assert.equal(toHex(bigIntToBytes(1n, 4)), '00000001');
  assert.equal(toHex(bigIntToBytes(0n)), '00');
  assert.equal(bytesToBigInt(new Uint8Array(0)), 0n);
  assert.throws(() => bigIntToBytes(0x10000n, 2), CryptoError);
  assert.throws(() => bigIntToBytes(-1n), CryptoError);
});
