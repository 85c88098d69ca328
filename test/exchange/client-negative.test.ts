/**
 * Client-side checks, one test per rule: a real server answers, and the test rewrites one of its
 * replies (re-encrypting the inner answer when needed, with the tmp key the test can derive because
 * it injects the client's randomness).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aesIgeDecrypt, aesIgeEncrypt, computeNewNonceHash, deriveTmpAesKeyIv, sha1 } from '../../src/crypto/index.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { createAuthKey, decodePlainMessage, encodePlainMessage, KeyExchangeError } from '../../src/exchange/index.js';
import type { ServerAuthKeyResult } from '../../src/exchange/server-side.js';
import { unwrapWithHash, wrapWithHash } from '../../src/exchange/answer-hash.js';
import { TELEGRAM_DH_PRIME } from '../../src/exchange/dh-params.js';
import { createPacketPair } from '../helpers/packet-pair.js';
import { decodeLoose, encodeLoose, recordingRandom, serveExchange, serverKey } from './helpers.js';
import type { Obj } from './helpers.js';

interface Ctx {
  newNonce: Uint8Array;
  done: ServerAuthKeyResult | undefined;
}

/** Runs an exchange where `rewrite` may replace any decoded server reply. */
async function runWith(rewrite: (obj: Obj, ctx: Ctx) => Obj | undefined, msgIdDelta = 0n): Promise<unknown> {
  const [c, s] = createPacketPair();
  const rec = recordingRandom();
  serveExchange(s, {}, (reply, done) => {
    const { msgId, body } = decodePlainMessage(reply);
    const obj = decodeLoose(body);
    // new_nonce is drawn after resPQ arrives, so read it lazily
    const ctx: Ctx = {
      get newNonce() {
        return rec.last(32);
      },
      done,
    };
    const out = rewrite(obj, ctx) ?? obj;
    return encodePlainMessage(msgId + msgIdDelta, encodeLoose(out));
  });
  try {
    await createAuthKey(c, { publicKeys: [serverKey().publicKey], dcId: 2, random: rec.random, timeoutMs: 5000 });
    return undefined;
  } catch (err) {
    return err;
  } finally {
    c.close();
  }
}

/** Rewrites the server_DH_inner_data inside server_DH_params_ok, re-encrypting it correctly. */
function rewriteInner(change: (inner: Obj) => void) {
  return (obj: Obj, ctx: Ctx): Obj | undefined => {
    if (obj._ !== 'server_DH_params_ok') return undefined;
    const tmp = deriveTmpAesKeyIv(obj.serverNonce as Uint8Array, ctx.newNonce);
    const answer = unwrapWithHash(aesIgeDecrypt(obj.encryptedAnswer as Uint8Array, tmp.key, tmp.iv), 't', 'answer');
    const inner = decodeLoose(answer);
    change(inner);
    const encrypted = aesIgeEncrypt(wrapWithHash(encodeLoose(inner), (n) => new Uint8Array(n)), tmp.key, tmp.iv);
    return { ...obj, encryptedAnswer: encrypted } as Obj;
  };
}

function when(name: string, change: (obj: Obj, ctx: Ctx) => void) {
  return (obj: Obj, ctx: Ctx): Obj | undefined => {
    if (obj._ !== name) return undefined;
    const copy = { ...obj };
    change(copy, ctx);
    return copy;
  };
}

const flip = (b: Uint8Array): Uint8Array => {
  const c = b.slice();
  c[c.length - 1] ^= 1;
  return c;
};

function isSecurity(err: unknown, rule?: string): boolean {
  const e = err as Error & { rule?: string };
  return e?.name === 'SecurityError' && (rule === undefined || e.rule === rule);
}

test('baseline: the untouched exchange succeeds', async () => {
  assert.equal(await runWith(() => undefined), undefined);
});

for (const name of ['resPQ', 'server_DH_params_ok', 'dh_gen_ok']) {
  test(`${name} with a wrong nonce → SecurityError(nonce)`, async () => {
    const err = await runWith(when(name, (o) => (o.nonce = flip(o.nonce as Uint8Array))));
    assert.ok(isSecurity(err, 'nonce'), String(err));
  });
}

for (const name of ['server_DH_params_ok', 'dh_gen_ok']) {
  test(`${name} with a wrong server_nonce → SecurityError(server-nonce)`, async () => {
    const err = await runWith(when(name, (o) => (o.serverNonce = flip(o.serverNonce as Uint8Array))));
    assert.ok(isSecurity(err, 'server-nonce'), String(err));
  });
}

test('server_DH_inner_data with a wrong nonce → SecurityError(nonce)', async () => {
  const err = await runWith(rewriteInner((i) => (i.nonce = flip(i.nonce as Uint8Array))));
  assert.ok(isSecurity(err, 'nonce'), String(err));
});

test('server_DH_inner_data with a wrong server_nonce → SecurityError(server-nonce)', async () => {
  const err = await runWith(rewriteInner((i) => (i.serverNonce = flip(i.serverNonce as Uint8Array))));
  assert.ok(isSecurity(err, 'server-nonce'), String(err));
});

test('encrypted_answer whose SHA-1 does not match → SecurityError(answer-hash)', async () => {
  const err = await runWith(when('server_DH_params_ok', (o) => (o.encryptedAnswer = flip(o.encryptedAnswer as Uint8Array))));
  assert.ok(isSecurity(err, 'answer-hash'), String(err));
});

test('encrypted_answer of a bad length → SecurityError(answer-length)', async () => {
  const err = await runWith(when('server_DH_params_ok', (o) => (o.encryptedAnswer = (o.encryptedAnswer as Uint8Array).subarray(1))));
  assert.ok(isSecurity(err, 'answer-length'), String(err));
});

test('a dh_prime that is not a safe prime is refused', async () => {
  const err = await runWith(rewriteInner((i) => (i.dhPrime = flip(i.dhPrime as Uint8Array))));
  assert.ok(isSecurity(err), String(err));
});

test('a generator that does not fit the prime (g = 2, g = 8) is refused', async () => {
  for (const g of [2, 8]) {
    const err = await runWith(rewriteInner((i) => (i.g = g)));
    assert.ok(isSecurity(err), `g=${g}: ${String(err)}`);
  }
});

test('g_a out of range (1, p − 1, small) is refused', async () => {
  const pMinus1 = TELEGRAM_DH_PRIME.slice();
  pMinus1[255] -= 1;
  for (const gA of [Uint8Array.of(1), pMinus1, Uint8Array.of(2, 0, 0, 0)]) {
    const err = await runWith(rewriteInner((i) => (i.gA = gA)));
    assert.ok(isSecurity(err), String(err));
  }
});

test('dh_gen_ok with a wrong new_nonce_hash1 → SecurityError(new-nonce-hash1)', async () => {
  const err = await runWith(when('dh_gen_ok', (o) => (o.newNonceHash1 = flip(o.newNonceHash1 as Uint8Array))));
  assert.ok(isSecurity(err, 'new-nonce-hash1'), String(err));
});

test('dh_gen_fail with the right hash → KeyExchangeError(dh-gen-fail); wrong hash → SecurityError', async () => {
  const toFail = (bad: boolean) => (obj: Obj, ctx: Ctx): Obj | undefined => {
    if (obj._ !== 'dh_gen_ok' || !ctx.done) return undefined;
    const h = computeNewNonceHash(ctx.newNonce, ctx.done.authKey, 3);
    return { _: 'dh_gen_fail', nonce: obj.nonce, serverNonce: obj.serverNonce, newNonceHash3: bad ? flip(h) : h } as Obj;
  };
  const err = await runWith(toFail(false));
  assert.ok(err instanceof KeyExchangeError && err.kind === 'dh-gen-fail', String(err));
  assert.ok(isSecurity(await runWith(toFail(true)), 'new-nonce-hash3'));
});

test('dh_gen_retry with a wrong new_nonce_hash2 → SecurityError(new-nonce-hash2)', async () => {
  const err = await runWith((obj, ctx) => {
    if (obj._ !== 'dh_gen_ok' || !ctx.done) return undefined;
    const h = flip(computeNewNonceHash(ctx.newNonce, ctx.done.authKey, 2));
    return { _: 'dh_gen_retry', nonce: obj.nonce, serverNonce: obj.serverNonce, newNonceHash2: h } as Obj;
  });
  assert.ok(isSecurity(err, 'new-nonce-hash2'), String(err));
});

test('server_DH_params_fail: right hash → KeyExchangeError, wrong hash → SecurityError', async () => {
  const toFail = (bad: boolean) => (obj: Obj, ctx: Ctx): Obj | undefined => {
    if (obj._ !== 'server_DH_params_ok') return undefined;
    const h = sha1(ctx.newNonce).subarray(4, 20);
    return { _: 'server_DH_params_fail', nonce: obj.nonce, serverNonce: obj.serverNonce, newNonceHash: bad ? flip(h) : h } as Obj;
  };
  const err = await runWith(toFail(false));
  assert.ok(err instanceof KeyExchangeError && err.kind === 'server-dh-params-fail', String(err));
  assert.ok(isSecurity(await runWith(toFail(true)), 'new-nonce-hash'));
});

test('an answer of the wrong type → KeyExchangeError(unexpected-message)', async () => {
  const err = await runWith((obj) => (obj._ === 'server_DH_params_ok' ? ({ _: 'pong', msgId: 1n, pingId: 2n } as Obj) : undefined));
  assert.ok(err instanceof KeyExchangeError && err.kind === 'unexpected-message', String(err));
});

test('a server msg_id that is not ≡ 1 or 3 (mod 4) → SecurityError(msg-id)', async () => {
  const err = await runWith(() => undefined, -1n);
  assert.ok(isSecurity(err, 'msg-id'), String(err));
});

test('no known key among the server fingerprints → KeyExchangeError(unknown-fingerprint)', async () => {
  const [c, s] = createPacketPair();
  serveExchange(s);
  const other = generateRsaKeyPair().publicKey;
  await assert.rejects(
    createAuthKey(c, { publicKeys: [other], dcId: 2 }),
    (err) => err instanceof KeyExchangeError && err.kind === 'unknown-fingerprint',
  );
  c.close();
});

test('a prime pq → SecurityError(pq); an oversized pq → SecurityError(pq)', async () => {
  const prime = Uint8Array.from(Buffer.from('3fffffffffffffc7', 'hex')); // 2^62 − 57, prime
  const err = await runWith(when('resPQ', (o) => (o.pq = prime)));
  assert.ok(isSecurity(err, 'pq'), String(err));
  const big = await runWith(when('resPQ', (o) => (o.pq = new Uint8Array(9).fill(1))));
  assert.ok(isSecurity(big, 'pq'), String(big));
});
