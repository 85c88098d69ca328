/**
 * What foreign clients need from the server side of the key exchange: pq below 2^63 (GramJS and
 * Telethon read it as a signed long), both p_q_inner_data encodings (RSA_PAD and the older
 * SHA1(data) + data + padding), and a client that adopts the server's time mid-exchange.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, publicEncrypt } from 'node:crypto';
import { bigIntToBytes, bytesToBigInt, factorizePQ, randomBytes, rsaPadEncrypt, sha1 } from '../../src/crypto/index.js';
import { createPlainMsgIdGenerator, decodePlainMessage, encodePlainMessage } from '../../src/exchange/index.js';
import { ServerKeyExchange } from '../../src/exchange/server-side.js';
import { generatePq } from '../../src/exchange/server.js';
import { decryptInnerData } from '../../src/exchange/server-rsa.js';
import { encodeRequest } from '../../src/exchange/tl-io.js';
import { decodeLoose, encodeLoose, serverKey } from './helpers.js';

test('pq is always below 2^63, a product of two distinct primes p < q (500 samples)', () => {
  for (let i = 0; i < 500; i++) {
    const { p, q } = generatePq();
    assert.ok(p < q, `p ${p} < q ${q}`);
    assert.ok(p * q < 1n << 63n, `pq ${p * q} fits a signed long`);
    assert.ok(p * q >= 1n << 61n, 'pq is a 62/63-bit number like Telegram\'s');
  }
});

test('resPQ on the wire: pq bytes read as a signed big-endian long are positive and factor back', () => {
  for (let i = 0; i < 50; i++) {
    const sx = new ServerKeyExchange({ keys: [serverKey()], dcId: 2 });
    const step = sx.handlePacket(encodePlainMessage(createPlainMsgIdGenerator('client')(), encodeRequest({ _: 'req_pq_multi', nonce: randomBytes(16) })));
    const resPq = decodeLoose(decodePlainMessage(step.reply!).body);
    const pqBytes = resPq.pq as Uint8Array;
    assert.ok(pqBytes.length <= 8);
    const padded = new Uint8Array(8);
    padded.set(pqBytes, 8 - pqBytes.length);
    const signed = new DataView(padded.buffer).getBigInt64(0, false);
    assert.ok(signed > 0n, `pq ${signed} read as a signed long`);
    const [p, q] = factorizePQ(signed);
    assert.equal(p * q, signed);
  }
});

/** The older encoding: RSA(SHA1(data) + data + random padding to 255 bytes), no padding scheme. */
function sha1Encrypt(data: Uint8Array): Uint8Array {
  const block = new Uint8Array(256);
  block.set(sha1(data), 1);
  block.set(data, 21);
  block.set(randomBytes(235 - data.length), 21 + data.length);
  const out = publicEncrypt({ key: serverKey().publicKey.pem, padding: constants.RSA_NO_PADDING }, block);
  return bigIntToBytes(bytesToBigInt(new Uint8Array(out)), 256);
}

test('p_q_inner_data: RSA_PAD and SHA1(data) + data + padding both decrypt; anything else is refused', () => {
  const inner = encodeLoose({ _: 'p_q_inner_data_dc', pq: new Uint8Array(8).fill(1), p: new Uint8Array(4), q: new Uint8Array(4), nonce: randomBytes(16), serverNonce: randomBytes(16), newNonce: randomBytes(32), dc: 2 });
  const pad = decryptInnerData(rsaPadEncrypt(inner, serverKey().publicKey), serverKey().privateKeyPem);
  assert.equal(pad.scheme, 'rsa_pad');
  assert.deepEqual(pad.data.subarray(0, inner.length), inner);
  const old = decryptInnerData(sha1Encrypt(inner), serverKey().privateKeyPem);
  assert.equal(old.scheme, 'sha1');
  assert.deepEqual(old.data.subarray(0, inner.length), inner);
  // a wrong SHA-1 in the old encoding
  const bad = new Uint8Array(256);
  bad.set(inner, 21);
  const forged = bigIntToBytes(bytesToBigInt(new Uint8Array(publicEncrypt({ key: serverKey().publicKey.pem, padding: constants.RSA_NO_PADDING }, bad))), 256);
  assert.throws(() => decryptInnerData(forged, serverKey().privateKeyPem), (e: Error & { rule?: string }) => e.name === 'SecurityError' && e.rule === 'rsa-inner-hash');
});

test('a full exchange whose req_DH_params uses the older encoding completes (the server keeps answering as usual)', () => {
  const nextId = createPlainMsgIdGenerator('client');
  const sx = new ServerKeyExchange({ keys: [serverKey()], dcId: 2 });
  const nonce = randomBytes(16);
  const resPq = decodeLoose(decodePlainMessage(sx.handlePacket(encodePlainMessage(nextId(), encodeRequest({ _: 'req_pq_multi', nonce }))).reply!).body);
  const pq = bytesToBigInt(resPq.pq as Uint8Array);
  const [p, q] = factorizePQ(pq).map((n) => bigIntToBytes(n, 4));
  const inner = encodeLoose({ _: 'p_q_inner_data_dc', pq: resPq.pq, p, q, nonce, serverNonce: resPq.serverNonce, newNonce: randomBytes(32), dc: 2 });
  const req = { _: 'req_DH_params', nonce, serverNonce: resPq.serverNonce, p, q, publicKeyFingerprint: serverKey().publicKey.fingerprint, encryptedData: sha1Encrypt(inner) };
  const answer = decodeLoose(decodePlainMessage(sx.handlePacket(encodePlainMessage(nextId(), encodeLoose(req))).reply!).body);
  assert.equal(answer._, 'server_DH_params_ok');
});
