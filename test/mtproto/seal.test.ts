/**
 * The one-buffer send path (mtproto/seal.ts: header, body or container, padding and AES-IGE where
 * the plaintext lies) and the in-place receive path (crypto's decryptMessageInPlace) against the
 * copying reference functions, including every rejection rule of the inbound checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decryptMessage, encryptMessage, randomBytes, SecurityError } from '../../src/crypto/index.js';
import { decryptMessageInPlace, encryptPadded } from '../../src/crypto/mtproto2.js';
import { decodeEncryptedPlaintext, encodeEncryptedPlaintext, packContainer, MtprotoError } from '../../src/mtproto/index.js';
import { sealMessage } from '../../src/mtproto/seal.js';

const authKey = randomBytes(256);
const header = { salt: -5n, sessionId: 0x1122334455667788n, msgId: 0x6000000000000004n, seqNo: 7 };

test('sealMessage: a body decrypts to the same plaintext as encodeEncryptedPlaintext, both directions, many sizes', () => {
  for (const len of [0, 4, 12, 16, 60, 1024, 64 * 1024, 512 * 1024 + 12]) {
    const body = randomBytes(len);
    for (const dir of ['client', 'server'] as const) {
      const packet = sealMessage(authKey, dir, header, body);
      assert.equal((packet.length - 24) % 16, 0);
      const pad = packet.length - 24 - 32 - len;
      assert.ok(pad >= 12 && pad <= 1024, `padding ${pad}`);
      assert.deepEqual(decryptMessage(authKey, packet, dir), encodeEncryptedPlaintext({ ...header, body }));
    }
  }
});

test('sealMessage: the headroom before the packet holds no auth key bytes', () => {
  const packet = sealMessage(authKey, 'client', header, randomBytes(64));
  assert.equal(packet.byteOffset, 8);
  assert.deepEqual(new Uint8Array(packet.buffer, 0, 8), new Uint8Array(8));
});

test('sealMessage: a list of messages goes out as the same msg_container packContainer builds', () => {
  const messages = [
    { msgId: 0x6000000000000008n, seqNo: 1, body: randomBytes(16) },
    { msgId: 0x600000000000000cn, seqNo: 3, body: randomBytes(256 * 1024) },
  ];
  const plain = decryptMessage(authKey, sealMessage(authKey, 'server', header, messages), 'server');
  assert.deepEqual(decodeEncryptedPlaintext(plain).body, packContainer(messages));
});

test('sealMessage: malformed bodies and containers are refused before anything is encrypted', () => {
  assert.throws(() => sealMessage(authKey, 'client', header, randomBytes(6)), MtprotoError);
  assert.throws(() => sealMessage(authKey, 'client', header, []), MtprotoError);
  assert.throws(() => sealMessage(authKey, 'client', header, [{ msgId: 4n, seqNo: 0, body: randomBytes(5) }]), MtprotoError);
});

test('decryptMessageInPlace: same result as decryptMessage, as a view of the packet', () => {
  for (const len of [0, 8, 100, 300 * 1024]) {
    const plain = encodeEncryptedPlaintext({ ...header, body: randomBytes(len) });
    for (const dir of ['client', 'server'] as const) {
      const packet = encryptMessage(authKey, plain, dir);
      const out = decryptMessageInPlace(authKey, packet, dir);
      assert.equal(out.buffer, packet.buffer);
      assert.deepEqual(out, plain);
    }
  }
});

function expectRule(fn: () => unknown, rule: string): void {
  assert.throws(fn, (e: unknown) => e instanceof SecurityError && e.rule === rule);
}

function withLength(lengthField: number, bodyLen: number, padLen: number): Uint8Array {
  const m = randomBytes(32 + bodyLen + padLen);
  new DataView(m.buffer).setUint32(28, lengthField, true);
  return encryptPadded(authKey, m, 0);
}

test('decryptMessageInPlace keeps every inbound rule: auth_key_id, msg_key, direction, lengths, padding', () => {
  const plain = encodeEncryptedPlaintext({ ...header, body: randomBytes(40) });
  const fresh = (): Uint8Array => encryptMessage(authKey, plain, 'client');
  let p = fresh();
  p[0]! ^= 1;
  expectRule(() => decryptMessageInPlace(authKey, p, 'client'), 'auth_key_id');
  expectRule(() => decryptMessageInPlace(randomBytes(256), fresh(), 'client'), 'auth_key_id');
  p = fresh();
  p[p.length - 1]! ^= 0x80;
  expectRule(() => decryptMessageInPlace(authKey, p, 'client'), 'msg_key');
  p = fresh();
  p[10]! ^= 4;
  expectRule(() => decryptMessageInPlace(authKey, p, 'client'), 'msg_key');
  expectRule(() => decryptMessageInPlace(authKey, encryptMessage(authKey, plain, 'server'), 'client'), 'msg_key');
  expectRule(() => decryptMessageInPlace(authKey, fresh().subarray(0, 40), 'client'), 'packet_length');
  const f = fresh();
  expectRule(() => decryptMessageInPlace(authKey, f.subarray(0, f.length - 4), 'client'), 'packet_length');
  expectRule(() => decryptMessageInPlace(authKey, withLength(1000, 16, 16), 'client'), 'message_length');
  expectRule(() => decryptMessageInPlace(authKey, withLength(14, 16, 16), 'client'), 'message_length');
  expectRule(() => decryptMessageInPlace(authKey, withLength(24, 24, 8), 'client'), 'padding');
  expectRule(() => decryptMessageInPlace(authKey, withLength(0, 0, 1040), 'client'), 'padding');
});

test('the pure TypeScript AES-IGE path (no addon) seals and decrypts in place compatibly', () => {
  // a child without the addon seals a message; this process (addon or not) decrypts it, and back
  const script = `
    import { aesIgeBackend } from './src/crypto/index.ts';
    import { sealMessage } from './src/mtproto/seal.ts';
    if (aesIgeBackend() !== 'pure') throw new Error('the addon was loaded');
    import { decryptMessageInPlace } from './src/crypto/mtproto2.ts';
    const key = Uint8Array.from(Buffer.from(process.argv[1], 'hex'));
    const theirs = Uint8Array.from(Buffer.from(process.argv[2], 'hex'));
    const header = { salt: 1n, sessionId: 2n, msgId: 0x6000000000000004n, seqNo: 1 };
    const mine = sealMessage(key, 'server', header, new Uint8Array(4096).fill(7));
    const plain = decryptMessageInPlace(key, theirs, 'client');
    process.stdout.write(Buffer.from(mine).toString('hex') + ' ' + Buffer.from(plain).toString('hex'));
  `;
  const body = randomBytes(2048);
  const sent = sealMessage(authKey, 'client', header, body);
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/setup.ts', '--input-type=module', '-e', script, Buffer.from(authKey).toString('hex'), Buffer.from(sent).toString('hex')], {
    env: { ...process.env, TGTS_NO_NATIVE: '1' },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  const [theirs, plainHex] = child.stdout.split(' ');
  assert.deepEqual(Uint8Array.from(Buffer.from(plainHex!, 'hex')), encodeEncryptedPlaintext({ ...header, body }));
  const got = decodeEncryptedPlaintext(decryptMessageInPlace(authKey, Uint8Array.from(Buffer.from(theirs!, 'hex')), 'server'));
  assert.deepEqual(got.body, new Uint8Array(4096).fill(7));
});
