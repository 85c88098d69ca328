import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeAuthKeyId,
  computeAuthKeyIdBigInt,
  computeMsgKey,
  computeMsgKeyV1,
  decryptMessage,
  decryptMessageV1,
  deriveAesKeyIv,
  deriveAesKeyIvV1,
  encryptMessage,
  encryptMessageV1,
  randomBytes,
  SecurityError,
} from '../../src/crypto/index.js';
import { encryptPadded } from '../../src/crypto/mtproto2.js';
import { hex, loadJson, toHex } from './helpers.js';

const kdf = loadJson('test/vectors/kdf.json');

for (const v of kdf.mtproto2.vectors) {
  test(`MTProto 2.0 KDF vector (x=${v.x}): ${v.source}`, () => {
    const { key, iv } = deriveAesKeyIv(hex(v.auth_key), hex(v.msg_key), v.x);
    assert.equal(toHex(key), v.aes_key);
    assert.equal(toHex(iv), v.aes_iv);
  });
}

test('full message vector: client message with fixed padding', () => {
  const v = kdf.mtproto2.full_message_vectors[0];
  const authKey = hex(v.auth_key);
  assert.equal(toHex(computeAuthKeyId(authKey)), v.auth_key_id);
  assert.equal(toHex(computeMsgKey(authKey, hex(v.plaintext_padded), 0)), v.msg_key);
  assert.equal(toHex(encryptPadded(authKey, hex(v.plaintext_padded), 0)), v.wire_message);
});

test('full message vector: decrypting a real server message', () => {
  const v = kdf.mtproto2.full_message_vectors[1];
  const authKey = hex(v.auth_key);
  assert.equal(toHex(computeAuthKeyId(authKey)), v.auth_key_id);
  const { key, iv } = deriveAesKeyIv(authKey, hex(v.msg_key), 8);
  assert.equal(toHex(key), v.aes_key);
  assert.equal(toHex(iv), v.aes_iv);
  const plain = decryptMessage(authKey, hex(v.wire_message), 'server');
  assert.equal(toHex(plain), v.expected_plaintext_prefix.slice(0, plain.length * 2));
  assert.equal(plain.length, 32 + 88);
});

for (const v of kdf.mtproto1_sha1.vectors) {
  test(`MTProto 1.0 KDF vector (x=${v.x}): ${v.source}`, () => {
    const { key, iv } = deriveAesKeyIvV1(hex(v.auth_key), hex(v.msg_key), v.x);
    assert.equal(toHex(key), v.aes_key);
    assert.equal(toHex(iv), v.aes_iv);
  });
}

test('MTProto 1.0 msg_key vector', () => {
  const v = kdf.mtproto1_sha1.msg_key_v1_vector;
  assert.equal(toHex(computeMsgKeyV1(hex(v.plaintext))), v.msg_key);
});

function message(body: Uint8Array): Uint8Array {
  const m = new Uint8Array(32 + body.length);
  m.set(randomBytes(24), 0);
  new DataView(m.buffer).setUint32(28, body.length, true);
  m.set(body, 32);
  return m;
}

test('auth_key_id bigint is the little-endian reading of the wire bytes', () => {
  const v = kdf.mtproto2.full_message_vectors[0];
  const id = computeAuthKeyIdBigInt(hex(v.auth_key));
  assert.equal(BigInt.asUintN(64, id).toString(16).padStart(16, '0'), toHex(hex(v.auth_key_id).reverse()));
});

test('encrypt/decrypt round trip both directions, padding 12..1024 and 16-aligned', () => {
  const authKey = randomBytes(256);
  for (let len = 0; len <= 400; len += 4) {
    const plain = message(randomBytes(len));
    for (const dir of ['client', 'server'] as const) {
      const packet = encryptMessage(authKey, plain, dir);
      assert.equal((packet.length - 24) % 16, 0);
      const pad = packet.length - 24 - plain.length;
      assert.ok(pad >= 12 && pad <= 1024, `padding ${pad}`);
      assert.deepEqual(decryptMessage(authKey, packet, dir), plain);
    }
  }
});

function expectRule(fn: () => unknown, rule: string): void {
  assert.throws(fn, (e: unknown) => e instanceof SecurityError && e.rule === rule);
}

const authKey = randomBytes(256);
const plain = message(randomBytes(40));

test('decryptMessage rejects a wrong auth_key_id', () => {
  const packet = encryptMessage(authKey, plain, 'client');
  packet[0] ^= 1;
  expectRule(() => decryptMessage(authKey, packet, 'client'), 'auth_key_id');
});

test('decryptMessage rejects a message for another auth key', () => {
  const packet = encryptMessage(authKey, plain, 'client');
  expectRule(() => decryptMessage(randomBytes(256), packet, 'client'), 'auth_key_id');
});

test('decryptMessage rejects a flipped ciphertext bit (msg_key check)', () => {
  const packet = encryptMessage(authKey, plain, 'client');
  packet[packet.length - 1] ^= 0x80;
  expectRule(() => decryptMessage(authKey, packet, 'client'), 'msg_key');
});

test('decryptMessage rejects a flipped msg_key bit', () => {
  const packet = encryptMessage(authKey, plain, 'client');
  packet[10] ^= 4;
  expectRule(() => decryptMessage(authKey, packet, 'client'), 'msg_key');
});

test('decryptMessage rejects the wrong direction (x mismatch)', () => {
  const packet = encryptMessage(authKey, plain, 'server');
  expectRule(() => decryptMessage(authKey, packet, 'client'), 'msg_key');
});

test('decryptMessage rejects short and misaligned packets', () => {
  const packet = encryptMessage(authKey, plain, 'client');
  expectRule(() => decryptMessage(authKey, packet.subarray(0, 40), 'client'), 'packet_length');
  expectRule(() => decryptMessage(authKey, packet.subarray(0, packet.length - 4), 'client'), 'packet_length');
});

function sealWithLength(lengthField: number, bodyLen: number, padLen: number): Uint8Array {
  const m = new Uint8Array(32 + bodyLen + padLen);
  m.set(randomBytes(m.length));
  new DataView(m.buffer).setUint32(28, lengthField, true);
  return encryptPadded(authKey, m, 0);
}

test('decryptMessage rejects a length field beyond the plaintext', () => {
  expectRule(() => decryptMessage(authKey, sealWithLength(1000, 16, 16), 'client'), 'message_length');
});

test('decryptMessage rejects a length field that is not a multiple of 4', () => {
  expectRule(() => decryptMessage(authKey, sealWithLength(14, 16, 16), 'client'), 'message_length');
});

test('decryptMessage rejects padding under 12 bytes', () => {
  expectRule(() => decryptMessage(authKey, sealWithLength(24, 24, 8), 'client'), 'padding');
});

test('decryptMessage rejects padding over 1024 bytes', () => {
  expectRule(() => decryptMessage(authKey, sealWithLength(0, 0, 1040), 'client'), 'padding');
});

test('MTProto 1.0 round trip and tamper detection', () => {
  const m = message(randomBytes(36));
  const packet = encryptMessageV1(authKey, m);
  assert.deepEqual(decryptMessageV1(authKey, packet), m);
  packet[30] ^= 1;
  assert.throws(() => decryptMessageV1(authKey, packet), SecurityError);
});
