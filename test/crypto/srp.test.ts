import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import {
  bigIntToBytes,
  bytesToBigInt,
  computePasswordHash,
  computeSrpAnswer,
  computeSrpVerifier,
  createSrpServer,
  SecurityError,
  verifySrpAnswer,
} from '../../src/crypto/index.js';
import { computeSrpAnswerWith } from '../../src/crypto/srp.js';
import { hex, loadJson, toHex } from './helpers.js';

const srp = loadJson('test/vectors/srp.json');
const P = hex(srp.vectors[0].p);
const p = bytesToBigInt(P);

for (const v of srp.vectors) {
  test(`SRP answer vector: ${v.source.slice(0, 60)}`, async () => {
    const params = { salt1: hex(v.salt1), salt2: hex(v.salt2), g: Number(v.g), p: hex(v.p), srpB: hex(v.srp_B), srpId: BigInt(v.srp_id ?? 7) };
    if (v.expected.x_ph2) assert.equal(toHex(await computePasswordHash(v.password, params.salt1, params.salt2)), v.expected.x_ph2);
    if (v.intermediate?.x) assert.equal(toHex(await computePasswordHash(v.password, params.salt1, params.salt2)), v.intermediate.x);
    const r = await computeSrpAnswerWith(v.password, params, hex(v.a));
    assert.equal(toHex(r.A), v.expected.A);
    assert.equal(toHex(r.M1), v.expected.M1);
    assert.equal(r.srpId, params.srpId);
  });
}

for (const v of srp.new_password_hash_vectors) {
  test(`new password hash vector: ${v.source.slice(0, 60)}`, async () => {
    const x = await computePasswordHash(v.password, hex(v.new_salt1), hex(v.salt2));
    assert.equal(toHex(x), v.x);
    assert.equal(toHex(await computeSrpVerifier(v.password, hex(v.new_salt1), hex(v.salt2), Number(v.g), P)), v.new_password_hash);
  });
}

test('PBKDF2-HMAC-SHA512 check value', () => {
  const c = srp.pbkdf2_check;
  assert.equal(pbkdf2Sync(c.password_ascii, c.salt_ascii, c.iterations, c.length, c.hash).toString('hex'), c.output);
});

const salt1 = hex('0102030405060708');
const salt2 = hex('a1a2a3a4a5a6a7a8a9aaabacadaeafb0');

test('client ↔ server round trip: right password verifies, wrong one does not', async () => {
  const v = await computeSrpVerifier('correct horse', salt1, salt2, 3, P);
  const server = createSrpServer({ p: P, g: 3, v });
  const params = { salt1, salt2, g: 3, p: P, srpB: server.srpB, srpId: 42n };
  const good = await computeSrpAnswer('correct horse', params);
  assert.equal(good.srpId, 42n);
  const check = (A: Uint8Array, M1: Uint8Array) => verifySrpAnswer({ p: P, g: 3, v, b: server.b, srpB: server.srpB, A, M1, salt1, salt2 });
  assert.equal(check(good.A, good.M1), true);
  const bad = await computeSrpAnswer('battery staple', params);
  assert.equal(check(bad.A, bad.M1), false);
  assert.equal(check(Uint8Array.of(1), good.M1), false); // degenerate A
  assert.equal(check(good.A, good.M1.subarray(0, 31)), false);
});

function expectRule(rule: RegExp) {
  return (e: unknown) => e instanceof SecurityError && rule.test(e.rule);
}

const base = { salt1, salt2, g: 3, p: P, srpB: bigIntToBytes(p / 3n, 256), srpId: 1n };

test('computeSrpAnswer rejects B <= 1', async () => {
  await assert.rejects(computeSrpAnswer('x', { ...base, srpB: Uint8Array.of(1) }), expectRule(/^srp_B_range$/));
});

test('computeSrpAnswer rejects B >= p - 1', async () => {
  await assert.rejects(computeSrpAnswer('x', { ...base, srpB: bigIntToBytes(p - 1n, 256) }), expectRule(/^srp_B_range$/));
  await assert.rejects(computeSrpAnswer('x', { ...base, srpB: P }), expectRule(/^srp_B_range$/));
});

test('computeSrpAnswer rejects a p that is not 2048 bits', async () => {
  await assert.rejects(computeSrpAnswer('x', { ...base, p: P.subarray(1) }), expectRule(/^dh_prime_size$/));
});

test('computeSrpAnswer rejects g outside 2..7', async () => {
  await assert.rejects(computeSrpAnswer('x', { ...base, g: 9 }), expectRule(/^dh_g_range$/));
});

test('computeSrpAnswer rejects g that fails its residue rule (g = 2 with this p)', async () => {
  // Telegram's p is 3 mod 8... or not; pick whichever of g = 2/5/7 is invalid for it.
  const bad = [2, 5, 6, 7].find((g) => {
    try {
      createSrpServer({ p: P, g, v: Uint8Array.of(2) });
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(bad !== undefined);
  await assert.rejects(computeSrpAnswer('x', { ...base, g: bad }), expectRule(/^dh_g_residue$/));
});

test('computeSrpAnswer rejects a p that is not a safe prime', async () => {
  await assert.rejects(computeSrpAnswer('x', { ...base, g: 4, p: bigIntToBytes(p + 2n, 256) }), expectRule(/^dh_prime_not_safe$/));
});
