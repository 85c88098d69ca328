import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aesIgeDecrypt, deriveAesKeyIvV1, randomBytes, sha1 } from '../../src/crypto/index.js';
import { RpcError } from '../../src/errors.js';
import { authKeyIdOf, decryptBindMessage, encryptBindMessage, KeyExchangeError } from '../../src/exchange/index.js';
import type { BindExpectation } from '../../src/exchange/index.js';

const permAuthKey = randomBytes(256);
const permAuthKeyId = authKeyIdOf(permAuthKey);
const expected: BindExpectation = {
  permAuthKeyId,
  nonce: 0x1122334455667788n,
  expiresAt: 1_700_086_400,
  tempAuthKeyId: -1234567890123n,
  tempSessionId: 987654321987654321n,
  msgId: 7455680505615803752n,
};
const params = { permAuthKey, ...expected };

function invalid(err: unknown): boolean {
  assert.ok(err instanceof RpcError, String(err));
  assert.equal(err.code, 400);
  assert.equal(err.type, 'ENCRYPTED_MESSAGE_INVALID');
  assert.equal(err.method, 'auth.bindTempAuthKey');
  return true;
}

test('bind message round trip: the server recovers bind_auth_key_inner', () => {
  const encrypted = encryptBindMessage(params);
  // perm_auth_key_id(8) + msg_key(16) + 80 bytes (72 padded to 16)
  assert.equal(encrypted.length, 24 + 80);
  const inner = decryptBindMessage(permAuthKey, encrypted, expected);
  assert.deepEqual(inner, {
    nonce: expected.nonce,
    tempAuthKeyId: expected.tempAuthKeyId,
    permAuthKeyId,
    tempSessionId: expected.tempSessionId,
    expiresAt: expected.expiresAt,
  });
});

test('bind message layout follows the MTProto 1.0 envelope', () => {
  const rnd = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const encrypted = encryptBindMessage({ ...params, random: () => rnd });
  const view = new DataView(encrypted.buffer, encrypted.byteOffset);
  assert.equal(view.getBigInt64(0, true), permAuthKeyId);
  const msgKey = encrypted.subarray(8, 24);
  const { key, iv } = deriveAesKeyIvV1(permAuthKey, msgKey, 0);
  const plain = aesIgeDecrypt(encrypted.subarray(24), key, iv);
  const pv = new DataView(plain.buffer, plain.byteOffset);
  assert.deepEqual(plain.subarray(0, 16), rnd, 'random:int128 replaces salt and session id');
  assert.equal(pv.getBigInt64(16, true), expected.msgId);
  assert.equal(pv.getInt32(24, true), 0, 'seq_no');
  assert.equal(pv.getInt32(28, true), 40, 'msg_len');
  assert.equal(pv.getUint32(32, true), 0x75a3f765);
  assert.deepEqual(msgKey, sha1(plain.subarray(0, 72)).subarray(4, 20), 'msg_key = SHA1(unpadded plaintext)[4:20]');
});

test('any flipped bit of encrypted_message → ENCRYPTED_MESSAGE_INVALID', () => {
  const encrypted = encryptBindMessage(params);
  for (const offset of [0, 8, 23, 24, 40, encrypted.length - 1]) {
    const copy = encrypted.slice();
    copy[offset] ^= 0x10;
    assert.throws(() => decryptBindMessage(permAuthKey, copy, expected), invalid, `offset ${offset}`);
  }
  assert.throws(() => decryptBindMessage(permAuthKey, encrypted.subarray(0, 40), expected), invalid);
  assert.throws(() => decryptBindMessage(randomBytes(256), encrypted, expected), invalid);
});

test('each field that disagrees with the request or the connection → ENCRYPTED_MESSAGE_INVALID', () => {
  const encrypted = encryptBindMessage(params);
  const changes: Array<Partial<BindExpectation>> = [
    { nonce: 1n },
    { expiresAt: expected.expiresAt + 1 },
    { tempAuthKeyId: 5n },
    { tempSessionId: 6n },
    { msgId: expected.msgId + 4n },
    { permAuthKeyId: permAuthKeyId + 1n },
  ];
  for (const change of changes) {
    assert.throws(() => decryptBindMessage(permAuthKey, encrypted, { ...expected, ...change }), invalid, JSON.stringify(Object.keys(change)));
  }
});

test('encryptBindMessage refuses a perm key id that is not the key’s', () => {
  assert.throws(() => encryptBindMessage({ ...params, permAuthKeyId: 1n }), (err) => err instanceof KeyExchangeError && err.kind === 'invalid-options');
  assert.throws(() => encryptBindMessage({ ...params, permAuthKey: new Uint8Array(10) }), KeyExchangeError);
});
