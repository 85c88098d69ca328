/**
 * Off-thread crypto for large packets: the addon's thread-pool jobs against the in-thread functions,
 * sealInPlaceAsync / decryptMessageInPlaceAsync against the reference functions with every inbound
 * rule, the InOrder queue, and a Link keeping send and arrival order when a large packet is
 * encrypted or decrypted off-thread while small ones pass it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptMessage, encryptMessage, randomBytes, SecurityError } from '../../src/crypto/index.js';
import {
  decryptMessageInPlaceAsync,
  encryptPadded,
  OFF_THREAD_MIN_BYTES,
  offThreadCrypto,
  sealInPlaceAsync,
  allocSealBuffer,
  SEAL_PLAINTEXT_OFFSET,
} from '../../src/crypto/mtproto2.js';
import { sha256 } from '../../src/crypto/hash.js';
import { aesIgeDecrypt, aesIgeEncrypt } from '../../src/crypto/ige.js';
import { platform } from '../../src/platform/current.js';
import { decodeEncryptedPlaintext, encodeEncryptedPlaintext } from '../../src/mtproto/index.js';
import { InOrder } from '../../src/mtproto/in-order.js';
import { Link, type IncomingMessage } from '../../src/mtproto/connection/link.js';
import { SessionState } from '../../src/mtproto/connection/session-state.js';
import { MessageIdGenerator } from '../../src/mtproto/message-id.js';
import { systemClock } from '../../src/mtproto/clock.js';
import { sealMessage } from '../../src/mtproto/seal.js';
import { createPacketPair } from '../helpers/packet-pair.js';

const authKey = randomBytes(256);
const header = { salt: -5n, sessionId: 0x1122334455667788n, msgId: 0x6000000000000004n, seqNo: 7 };
const off = platform().crypto.offThread;
const noJobs = off === undefined ? 'the addon has no thread-pool jobs here' : false;

test('the addon jobs: sha256 and AES-IGE (with the trailing hash) match the in-thread functions', { skip: noJobs }, async () => {
  for (const len of [0, 16, 4096, 300 * 1024]) {
    const data = randomBytes(len);
    const digest = new Uint8Array(32);
    await off!.sha256(data, digest);
    assert.deepEqual(digest, sha256(data));
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const enc = new Uint8Array(len);
    await off!.ige(true, data, key, iv, enc, undefined);
    assert.deepEqual(enc, aesIgeEncrypt(data, key, iv));
    const prefix = randomBytes(32);
    const inPlace = enc.slice();
    await off!.ige(false, inPlace, key, iv, inPlace, { prefix, digest });
    assert.deepEqual(inPlace, data);
    assert.deepEqual(inPlace, aesIgeDecrypt(enc, key, iv));
    assert.deepEqual(digest, sha256(prefix, data));
  }
});

test('offThreadCrypto: only payloads from 64 KiB, only with the jobs', () => {
  assert.equal(offThreadCrypto(OFF_THREAD_MIN_BYTES - 1), false);
  assert.equal(offThreadCrypto(OFF_THREAD_MIN_BYTES), off !== undefined);
});

test('sealInPlaceAsync: decrypts with decryptMessage to the plaintext written in, both directions', async () => {
  for (const len of [64, 128 * 1024, 512 * 1024 + 12]) {
    const plain = encodeEncryptedPlaintext({ ...header, body: randomBytes(len) });
    for (const dir of ['client', 'server'] as const) {
      const buf = allocSealBuffer(plain.length);
      buf.set(plain, SEAL_PLAINTEXT_OFFSET);
      const packet = await sealInPlaceAsync(authKey, buf, plain.length, dir);
      assert.equal(packet.byteOffset, 8);
      assert.deepEqual(new Uint8Array(packet.buffer, 0, 8), new Uint8Array(8), 'no key bytes in the headroom');
      assert.deepEqual(decryptMessage(authKey, packet, dir), plain);
    }
  }
});

test('decryptMessageInPlaceAsync: same result as decryptMessage, as a view of the packet', async () => {
  for (const len of [8, 200 * 1024]) {
    const plain = encodeEncryptedPlaintext({ ...header, body: randomBytes(len) });
    for (const dir of ['client', 'server'] as const) {
      const packet = encryptMessage(authKey, plain, dir);
      const out = await decryptMessageInPlaceAsync(authKey, packet, dir);
      assert.equal(out.buffer, packet.buffer);
      assert.deepEqual(out, plain);
    }
  }
});

function isRule(rule: string): (e: unknown) => boolean {
  return (e) => e instanceof SecurityError && e.rule === rule;
}

/** The async path fails with `rule`, synchronously for the envelope checks, as a rejection after decryption. */
async function expectRule(packet: Uint8Array, rule: string, key = authKey): Promise<void> {
  let result: Promise<Uint8Array>;
  try {
    result = decryptMessageInPlaceAsync(key, packet, 'client');
  } catch (e) {
    assert.ok(isRule(rule)(e), `threw ${String(e)}, expected ${rule}`);
    return;
  }
  await assert.rejects(result, isRule(rule));
}

function withLength(lengthField: number, bodyLen: number, padLen: number): Uint8Array {
  const m = randomBytes(32 + bodyLen + padLen);
  new DataView(m.buffer).setUint32(28, lengthField, true);
  return encryptPadded(authKey, m, 0);
}

test('decryptMessageInPlaceAsync keeps every inbound rule: auth_key_id, msg_key, direction, lengths, padding', async () => {
  const plain = encodeEncryptedPlaintext({ ...header, body: randomBytes(100 * 1024) });
  const fresh = (): Uint8Array => encryptMessage(authKey, plain, 'client');
  let p = fresh();
  p[0]! ^= 1;
  await expectRule(p, 'auth_key_id');
  await expectRule(fresh(), 'auth_key_id', randomBytes(256));
  p = fresh();
  p[p.length - 1]! ^= 0x80;
  await expectRule(p, 'msg_key');
  p = fresh();
  p[70 * 1024]! ^= 1;
  await expectRule(p, 'msg_key');
  p = fresh();
  p[10]! ^= 4;
  await expectRule(p, 'msg_key');
  await expectRule(encryptMessage(authKey, plain, 'server'), 'msg_key');
  await expectRule(fresh().subarray(0, 40), 'packet_length');
  const f = fresh();
  await expectRule(f.subarray(0, f.length - 4), 'packet_length');
  await expectRule(withLength(100 * 1024 + 1000, 100 * 1024, 16), 'message_length');
  await expectRule(withLength(14, 16, 16), 'message_length');
  await expectRule(withLength(100 * 1024 + 8, 100 * 1024 + 8, 8), 'padding');
  await expectRule(withLength(0, 0, 1040), 'padding');
});

test('InOrder: steps run in push order whether ready at once or later; a rejection fails in its turn', async () => {
  const seen: string[] = [];
  const failures: unknown[] = [];
  const q = new InOrder((e) => failures.push(e));
  q.push(() => seen.push('sync-1'));
  assert.deepEqual(seen, ['sync-1'], 'a ready step with nothing ahead runs at once');
  let release!: () => void;
  const slow = new Promise<() => void>((resolve) => (release = () => resolve(() => seen.push('slow'))));
  q.push(slow);
  q.push(Promise.resolve(() => seen.push('fast')));
  q.push(Promise.reject(new Error('bad')));
  q.push(() => seen.push('sync-2'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, ['sync-1'], 'everything waits for the slow step');
  assert.equal(q.idle, false);
  release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, ['sync-1', 'slow', 'fast', 'sync-2']);
  assert.equal(failures.length, 1);
  assert.equal(q.idle, true);
  q.push(new Promise<() => void>((resolve) => setImmediate(() => resolve(() => seen.push('dropped')))));
  q.stop();
  q.push(() => seen.push('after-stop'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, ['sync-1', 'slow', 'fast', 'sync-2'], 'nothing runs after stop');
});

/** A Link on one end of an in-memory packet pair; the test plays the server on the other end. */
function linkUnderTest(): { state: SessionState; sent: Uint8Array[]; deliver: (p: Uint8Array) => void; closedWith: () => Error | undefined; got: IncomingMessage[]; link: Link } {
  const [mine, peer] = createPacketPair();
  const sent: Uint8Array[] = [];
  peer.onPacket((p) => void sent.push(p));
  let closeError: Error | undefined;
  mine.onClose((err) => (closeError = err));
  const state = new SessionState({ clock: systemClock, salt: 1n });
  state.key = authKey;
  const got: IncomingMessage[] = [];
  const link = new Link(mine, state, { receive: (m) => void got.push(m), isPending: () => false }, undefined);
  return { link, state, sent, deliver: (p) => peer.send(p), closedWith: () => closeError, got };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

test('Link: a large message encrypted off-thread still leaves before the small ones sent after it', async () => {
  const { link, sent } = linkUnderTest();
  const ids = [0x6000000000000004n, 0x6000000000000008n, 0x600000000000000cn];
  assert.equal(link.send(ids[0]!, 1, randomBytes(300 * 1024)), true);
  assert.equal(link.send(ids[1]!, 3, randomBytes(16)), true);
  assert.equal(link.send(ids[2]!, 5, randomBytes(200 * 1024)), true);
  await settle();
  assert.equal(sent.length, 3);
  const order = sent.map((p) => decodeEncryptedPlaintext(decryptMessage(authKey, p, 'client')).msgId);
  assert.deepEqual(order, ids);
});

test('Link: packets are handled in arrival order while a large one is decrypted off-thread; a forged large one closes the link', async () => {
  const { state, deliver, closedWith, got } = linkUnderTest();
  const ids = new MessageIdGenerator({ side: 'server', now: () => Date.now() });
  const packet = (len: number): { id: bigint; bytes: Uint8Array } => {
    const id = ids.next();
    return { id, bytes: sealMessage(authKey, 'server', { salt: 1n, sessionId: state.sessionId, msgId: id, seqNo: 1 }, randomBytes(len)) };
  };
  const big = packet(400 * 1024);
  const small = packet(32);
  const mid = packet(90 * 1024);
  deliver(big.bytes);
  deliver(small.bytes);
  deliver(mid.bytes);
  await settle();
  assert.deepEqual(got.map((m) => m.msgId), [big.id, small.id, mid.id]);
  // a replayed large packet is ignored by the replay window, as before
  deliver(sealMessage(authKey, 'server', { salt: 1n, sessionId: state.sessionId, msgId: big.id, seqNo: 1 }, randomBytes(100 * 1024)));
  await settle();
  assert.equal(got.length, 3);
  const forged = packet(100 * 1024).bytes;
  forged[forged.length - 20]! ^= 1;
  const after = packet(32);
  deliver(forged);
  deliver(after.bytes);
  await settle();
  assert.ok(closedWith() instanceof SecurityError, 'closed on the forged packet');
  assert.equal(got.length, 3, 'nothing handled after the forged packet');
});
