import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDiffieHellman, randomBytes as nodeRandom } from 'node:crypto';
import { bigIntToBytes, bytesToBigInt, checkDhPrime, checkDhValue, modPow, SecurityError, TELEGRAM_DH_PRIME_HEX } from '../../src/crypto/index.js';
import { modPowBigInt } from '../../src/crypto/bigint.js';
import { hex, loadJson, toHex } from './helpers.js';

const legacy = loadJson('test/vectors/auth-key-exchange.json').legacy_sample_2013_partial;
const P = hex(TELEGRAM_DH_PRIME_HEX);
const p = bytesToBigInt(P);

function expectRule(fn: () => unknown, rule: string): void {
  assert.throws(fn, (e: unknown) => e instanceof SecurityError && e.rule === rule);
}

test('modPow reproduces the sample g_b and auth_key', () => {
  assert.equal(legacy.parsed.dh_prime, TELEGRAM_DH_PRIME_HEX);
  assert.equal(toHex(modPow(Uint8Array.of(legacy.parsed.g), hex(legacy.b), P)), legacy.g_b);
  assert.equal(toHex(modPow(hex(legacy.parsed.g_a), hex(legacy.b), P)), legacy.computed_auth_key);
});

test('modPow matches BigInt on random inputs and edge cases, padded to the modulus', () => {
  for (let i = 0; i < 4; i++) {
    const b = new Uint8Array(nodeRandom(256));
    const e = new Uint8Array(nodeRandom(i === 0 ? 1 : 255));
    assert.equal(toHex(modPow(b, e, P)), toHex(bigIntToBytes(modPowBigInt(bytesToBigInt(b), bytesToBigInt(e), p), 256)));
  }
  assert.equal(toHex(modPow(Uint8Array.of(1), Uint8Array.of(5), P)), toHex(bigIntToBytes(1n, 256)));
  assert.equal(toHex(modPow(Uint8Array.of(7), new Uint8Array(0), P)), toHex(bigIntToBytes(1n, 256)));
  assert.equal(toHex(modPow(Uint8Array.of(3), Uint8Array.of(4), Uint8Array.of(0, 10))), '0001');
});

test('checkDhPrime accepts the Telegram prime for the generators it allows', () => {
  checkDhPrime(P, 3);
  checkDhPrime(P, 4);
});

test('checkDhPrime accepts another safe prime (RFC 3526 group 14) after a full check', () => {
  checkDhPrime(new Uint8Array(getDiffieHellman('modp14').getPrime()), 2);
});

test('checkDhPrime rule dh_prime_size: not 2048 bits', () => {
  expectRule(() => checkDhPrime(P.subarray(1), 3), 'dh_prime_size');
  const low = P.slice();
  low[0] &= 0x7f;
  expectRule(() => checkDhPrime(low, 3), 'dh_prime_size');
});

test('checkDhPrime rule dh_g_range: g outside 2..7', () => {
  expectRule(() => checkDhPrime(P, 1), 'dh_g_range');
  expectRule(() => checkDhPrime(P, 8), 'dh_g_range');
  expectRule(() => checkDhPrime(P, 2.5), 'dh_g_range');
});

// One prime-shaped value per residue rule that fails exactly that rule.
function withResidue(mod: bigint, bad: (r: bigint) => boolean): Uint8Array {
  let v = p;
  while (!bad(v % mod)) v += 2n;
  return bigIntToBytes(v, 256);
}

test('checkDhPrime rule dh_g_residue for g = 2 (p mod 8 must be 7)', () => {
  expectRule(() => checkDhPrime(withResidue(8n, (r) => r !== 7n), 2), 'dh_g_residue');
});
test('checkDhPrime rule dh_g_residue for g = 3 (p mod 3 must be 2)', () => {
  expectRule(() => checkDhPrime(withResidue(3n, (r) => r !== 2n), 3), 'dh_g_residue');
});
test('checkDhPrime rule dh_g_residue for g = 5 (p mod 5 in {1, 4})', () => {
  expectRule(() => checkDhPrime(withResidue(5n, (r) => r !== 1n && r !== 4n), 5), 'dh_g_residue');
});
test('checkDhPrime rule dh_g_residue for g = 6 (p mod 24 in {19, 23})', () => {
  expectRule(() => checkDhPrime(withResidue(24n, (r) => r !== 19n && r !== 23n), 6), 'dh_g_residue');
});
test('checkDhPrime rule dh_g_residue for g = 7 (p mod 7 in {3, 5, 6})', () => {
  expectRule(() => checkDhPrime(withResidue(7n, (r) => r !== 3n && r !== 5n && r !== 6n), 7), 'dh_g_residue');
});

test('checkDhPrime rule dh_prime_not_safe: composite or non-safe prime', () => {
  expectRule(() => checkDhPrime(bigIntToBytes(p + 2n, 256), 4), 'dh_prime_not_safe'); // odd composite
  expectRule(() => checkDhPrime(bigIntToBytes(p - 2n, 256), 4), 'dh_prime_not_safe');
});

test('checkDhValue accepts a real g_a', () => {
  checkDhValue(hex(legacy.parsed.g_a), P);
  checkDhValue(hex(legacy.g_b), P);
});

test('checkDhValue rule dh_value_range: v <= 1 or v >= p - 1', () => {
  expectRule(() => checkDhValue(Uint8Array.of(1), P), 'dh_value_range');
  expectRule(() => checkDhValue(bigIntToBytes(p - 1n, 256), P), 'dh_value_range');
  expectRule(() => checkDhValue(P, P), 'dh_value_range');
});

test('checkDhValue rule dh_value_bounds: too close to 0 or to p', () => {
  expectRule(() => checkDhValue(bigIntToBytes((1n << 1984n) - 1n, 256), P), 'dh_value_bounds');
  expectRule(() => checkDhValue(bigIntToBytes(p - (1n << 1984n) + 1n, 256), P), 'dh_value_bounds');
  checkDhValue(bigIntToBytes(1n << 1984n, 256), P);
  checkDhValue(bigIntToBytes(p - (1n << 1984n), 256), P);
});
