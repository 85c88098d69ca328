import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aesIgeDecrypt,
  computeAuthKeyAuxHash,
  computeAuthKeyId,
  computeFirstServerSalt,
  computeNewNonceHash,
  deriveTmpAesKeyIv,
  sha1,
} from '../../src/crypto/index.js';
import { hex, loadJson, toHex } from './helpers.js';

const kex = loadJson('test/vectors/auth-key-exchange.json');
const kdf = loadJson('test/vectors/kdf.json');
const legacy = kex.legacy_sample_2013_partial;

for (const v of kdf.tmp_aes_from_nonces.vectors) {
  test(`tmp_aes_key/iv vector: ${v.source.slice(0, 50)}`, () => {
    const { key, iv } = deriveTmpAesKeyIv(hex(v.server_nonce), hex(v.new_nonce));
    assert.equal(toHex(key), v.tmp_aes_key);
    assert.equal(toHex(iv), v.tmp_aes_iv);
  });
}

test('legacy sample: tmp_aes_key/iv from nonces and decrypting encrypted_answer', () => {
  const { key, iv } = deriveTmpAesKeyIv(hex(legacy.server_nonce), hex(legacy.new_nonce));
  assert.equal(toHex(key), legacy.tmp_aes_key);
  assert.equal(toHex(iv), legacy.tmp_aes_iv);
  const plain = aesIgeDecrypt(hex(legacy.encrypted_answer), key, iv);
  assert.equal(toHex(plain), legacy.answer_with_hash); // includes the padding
  assert.ok(legacy.answer_with_hash.endsWith(legacy.answer_padding));
  const answer = hex(legacy.answer);
  assert.equal(toHex(sha1(answer)), toHex(plain.subarray(0, 20)));
});

test('legacy sample: auth_key_id, aux hash, new_nonce_hash1, first salt', () => {
  const authKey = hex(legacy.computed_auth_key);
  assert.equal(toHex(computeAuthKeyId(authKey)), legacy.computed_auth_key_id_wire_le);
  assert.equal(toHex(computeAuthKeyAuxHash(authKey)), legacy.computed_auth_key_aux_hash);
  assert.equal(toHex(computeNewNonceHash(hex(legacy.new_nonce), authKey, 1)), legacy.computed_new_nonce_hash1);
  assert.equal(toHex(computeFirstServerSalt(hex(legacy.new_nonce), hex(legacy.server_nonce))), legacy.computed_first_server_salt_wire_le);
});

type Step = Record<string, any>;

for (const name of ['official_sample_2025', 'official_sample_2024'] as const) {
  test(`${name}: tmp key, encrypted_answer, g_b, client_DH encryption, auth key and hashes`, async () => {
    const { aesIgeEncrypt, modPow, checkDhPrime, checkDhValue } = await import('../../src/crypto/index.js');
    const steps: Step[] = kex[name].steps;
    const find = (pred: (s: Step) => boolean): Step => {
      const s = steps.find(pred);
      assert.ok(s, 'step present');
      return s;
    };
    const serverNonce = hex(find((s) => s.server_nonce).server_nonce);
    const newNonce = hex(find((s) => s.new_nonce).new_nonce);
    const enc = find((s) => s.encrypted_answer).encrypted_answer;
    const dec = find((s) => s.step === 'decrypt encrypted_answer');
    const { key, iv } = deriveTmpAesKeyIv(serverNonce, newNonce);
    assert.equal(toHex(key), dec.tmp_aes_key);
    assert.equal(toHex(iv), dec.tmp_aes_iv);
    const answer = aesIgeDecrypt(hex(enc), key, iv);
    assert.equal(toHex(answer), dec.answer_with_hash); // includes the padding
    assert.equal(toHex(sha1(hex(dec.answer))), toHex(answer.subarray(0, 20)));

    const { g, dh_prime, g_a } = dec.parsed;
    const prime = hex(dh_prime);
    checkDhPrime(prime, g);
    checkDhValue(hex(g_a), prime);
    const client = find((s) => s.step === 'client DH');
    assert.equal(toHex(modPow(Uint8Array.of(g), hex(client.b), prime)), client.g_b);
    assert.equal(toHex(aesIgeEncrypt(hex(client.data_with_hash), key, iv)), client.encrypted_data);

    const ak = find((s) => s.step === 'auth key');
    const authKey = modPow(hex(g_a), hex(client.b), prime);
    assert.equal(toHex(authKey), ak.auth_key);
    assert.equal(toHex(computeAuthKeyId(authKey)), ak.auth_key_id_wire_le);
    assert.equal(toHex(computeAuthKeyAuxHash(authKey)), ak.auth_key_aux_hash);
    assert.equal(toHex(computeNewNonceHash(newNonce, authKey, 1)), ak.new_nonce_hash1);
    assert.equal(toHex(computeNewNonceHash(newNonce, authKey, 2)), ak.new_nonce_hash2);
    assert.equal(toHex(computeNewNonceHash(newNonce, authKey, 3)), ak.new_nonce_hash3);
    assert.equal(toHex(computeFirstServerSalt(newNonce, serverNonce)), ak.first_server_salt_wire_le);
  });
}
