import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CryptoError,
  parsePublicKey,
  randomBytes,
  rsaPadDecrypt,
  rsaPadEncrypt,
  SecurityError,
} from '../../src/crypto/index.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { rsaPadEncryptWith } from '../../src/crypto/rsa.js';
import { hex, loadJson, toHex } from './helpers.js';

const keys = loadJson('data/public-keys.json');
const pad = loadJson('test/vectors/rsa-pad.json');

for (const group of ['production', 'test', 'legacy'] as const) {
  keys[group].forEach((k: { pem: string; fingerprint: string; fingerprint_int64: string; e: number }, i: number) => {
    test(`fingerprint of ${group} key #${i} = ${k.fingerprint}`, () => {
      const key = parsePublicKey(k.pem);
      assert.equal(key.fingerprint, BigInt(k.fingerprint_int64));
      assert.equal(key.e, BigInt(k.e));
      assert.equal(key.pem, k.pem);
    });
  });
}

test('fingerprint of an SPKI (BEGIN PUBLIC KEY) 1024-bit key', () => {
  const ex = keys.fingerprint_rule.example;
  assert.equal(parsePublicKey(ex.pem).fingerprint, BigInt(ex.fingerprint_int64));
});

test('parsePublicKey rejects garbage with CryptoError', () => {
  assert.throws(() => parsePublicKey('-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----'), CryptoError);
});

for (const v of pad.vectors) {
  test(`RSA_PAD vector: ${v.source.slice(0, 60)}`, () => {
    const pem = keys.production.find((k: { fingerprint: string }) => k.fingerprint === v.key_fingerprint).pem;
    const out = rsaPadEncryptWith(hex(v.data), parsePublicKey(pem), hex(v.random_padding_bytes), () => hex(v.temp_key));
    assert.equal(toHex(out), v.encrypted_data);
  });
}

test('RSA_PAD server-side vector: encrypt, then decrypt with the private key', () => {
  const s = pad.server_side_vector;
  const key = parsePublicKey(s.public_key_pkcs1_pem);
  assert.equal(key.fingerprint, BigInt(s.fingerprint_int64));
  assert.equal(key.n.toString(16), s.n);
  const out = rsaPadEncryptWith(hex(s.data), key, hex(s.random_padding_bytes), () => hex(s.temp_key));
  assert.equal(toHex(out), s.encrypted_data);
  assert.equal(toHex(rsaPadDecrypt(out, s.private_key_pkcs1_pem)), s.data_with_padding);
});

test('RSA_PAD round trip with a generated key pair, and tamper detection', () => {
  const pair = generateRsaKeyPair();
  assert.equal(pair.publicKey.e, 65537n);
  assert.equal(pair.publicKey.n.toString(2).length, 2048);
  const data = randomBytes(144);
  const enc = rsaPadEncrypt(data, pair.publicKey);
  assert.equal(enc.length, 256);
  assert.deepEqual(rsaPadDecrypt(enc, pair.privateKeyPem).subarray(0, 144), data);
  enc[100] ^= 1;
  assert.throws(() => rsaPadDecrypt(enc, pair.privateKeyPem), (e: unknown) => e instanceof SecurityError && e.rule === 'rsa_pad_hash');
});

test('RSA_PAD rejects oversize data and bad ciphertext sizes', () => {
  const s = pad.server_side_vector;
  assert.throws(() => rsaPadEncrypt(new Uint8Array(145), parsePublicKey(s.public_key_pkcs1_pem)), CryptoError);
  assert.throws(() => rsaPadDecrypt(new Uint8Array(255), s.private_key_pkcs1_pem), (e: unknown) => e instanceof SecurityError && e.rule === 'rsa_pad_length');
  assert.throws(() => rsaPadDecrypt(new Uint8Array(256).fill(0xff), s.private_key_pkcs1_pem), (e: unknown) => e instanceof SecurityError && e.rule === 'rsa_pad_range');
});
