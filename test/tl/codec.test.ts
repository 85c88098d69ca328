/** Reader/Writer primitives, requests/results, gzip, e2e, and encode errors with field paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  LAYER, Reader, TlError, Writer, decode, decodeE2e, decodeMt, encode, encodeE2e, gzipPacked, readResult, writeRequest,
} from '../../src/tl/index.js';
import type { InputPeer, MessagesSendMessageRequest, ResultOf, InvokeWithLayerRequest, HelpGetConfigRequest, Config, mt } from '../../src/tl/index.js';
import { read$Any as readMtAny } from '../../src/tl/generated/mt/read.js';
import { toHex } from './helpers.js';
import { fullTables } from '../../src/tl/full-codec.js';

test('LAYER comes from the schema', () => {
  assert.equal(LAYER, 228);
});

test('Writer grows and finish() copies', () => {
  const w = new Writer(16);
  for (let i = 0; i < 1000; i++) w.int(i);
  const a = w.finish();
  assert.equal(a.length, 4000);
  w.reset();
  w.int(7);
  assert.equal(a[0], 0);
  assert.equal(w.finish().length, 4);
});

test('long and number-id longs', () => {
  const w = new Writer();
  w.long(-1n);
  w.long((1n << 64n) - 1n);
  w.longNumber(-5);
  w.longNumber(2 ** 53 - 1);
  const r = new Reader(w.finish());
  assert.equal(r.long(), -1n);
  assert.equal(r.long(), -1n);
  assert.equal(r.longNumber(), -5);
  assert.equal(r.longNumber(), 2 ** 53 - 1);
  assert.throws(() => new Writer().longNumber(2 ** 53), TlError);
  assert.throws(() => new Writer().long(1n << 64n), TlError);
  const big = new Writer();
  big.long(1n << 60n);
  assert.throws(() => new Reader(big.finish()).longNumber(), TlError);
});

test('strings: short/long forms, non-ASCII, long UTF-8 that shrinks into the short form', () => {
  for (const s of ['', 'a', 'x'.repeat(253), 'x'.repeat(254), 'é'.repeat(100), 'é'.repeat(127), '👋'.repeat(70), 'ж'.repeat(5000)]) {
    const w = new Writer(4);
    w.string(s);
    const b = w.finish();
    assert.equal(b.length % 4, 0);
    const r = new Reader(b);
    assert.equal(r.string(), s);
    r.assertEnd();
  }
});

test('writeRequest + readResult, generic wrappers typed with ResultOf', () => {
  const w = new Writer();
  const req: InvokeWithLayerRequest<HelpGetConfigRequest> = { _: 'invokeWithLayer', layer: LAYER, query: { _: 'help.getConfig' } };
  writeRequest(w, req);
  assert.equal(toHex(w.finish()), '0d0d9bdae40000006b18f9c4');
  const check: ResultOf<typeof req> extends Config ? true : false = true;
  assert.equal(check, true);
  // Vector<long> result: bare elements
  const v = new Writer();
  v.int(0x1cb5c415);
  v.int(2);
  v.long(5n);
  v.long(6n);
  const ids: bigint[] = readResult('messages.receivedQueue', new Reader(v.finish()));
  assert.deepStrictEqual(ids, [5n, 6n]);
  const c = new Writer();
  c.int(0x1cb5c415);
  c.int(1);
  c.int(-3);
  assert.deepStrictEqual(readResult('contacts.getContactIDs', new Reader(c.finish())), [-3]);
});

test('readResult checks the declared result type', () => {
  const bytes = encode({ _: 'inputPeerSelf' });
  assert.throws(() => readResult('messages.exportChatInvite', new Reader(bytes)), (e: unknown) => e instanceof TlError && e.expected === 'ExportedChatInvite');
  assert.equal(readResult('ping', new Reader(encode({ _: 'pong', msgId: 1n, pingId: 2n })))._, 'pong');
  const bool = new Writer();
  bool.bool(true);
  assert.equal(readResult('account.updateStatus', new Reader(bool.finish())), true);
});

test('gzip_packed is unpacked transparently, in typed positions too', () => {
  const inner = encode({ _: 'inputPeerUser', userId: 5, accessHash: 9n });
  const packed = gzipPacked(inner);
  assert.deepStrictEqual(decode(packed), { _: 'inputPeerUser', userId: 5, accessHash: 9n });
  // as an rpc_result.result (Object) and as an InputPeer field
  const rpc = new Writer();
  rpc.int(0xf35c6d01);
  rpc.long(1n);
  rpc.raw(packed);
  const res = decodeMt(rpc.finish()) as mt.RpcResult;
  assert.deepStrictEqual(res.result, packed, 'rpc_result.result stays serialised');
  assert.deepStrictEqual(decode(res.result), { _: 'inputPeerUser', userId: 5, accessHash: 9n });
  const w = new Writer();
  w.int(0xa87b0a1c); // inputPeerUserFromMessage peer:InputPeer msg_id:int user_id:long
  w.raw(packed);
  w.int(3);
  w.longNumber(4);
  const o = decode(w.finish()) as InputPeer;
  assert.deepStrictEqual(o, { _: 'inputPeerUserFromMessage', peer: { _: 'inputPeerUser', userId: 5, accessHash: 9n }, msgId: 3, userId: 4 });
});

test('rpc_result keeps its result serialised, to be read with the request\'s reader', () => {
  const w = new Writer();
  w.int(0xf35c6d01);
  w.long(1n);
  w.int(0x1cb5c415);
  w.int(1);
  w.long(77n);
  const res = decodeMt(w.finish()) as mt.RpcResult;
  assert.ok(res.result instanceof Uint8Array);
  assert.deepStrictEqual(readResult('messages.receivedQueue', new Reader(res.result)), [77n]);
  assert.deepStrictEqual(decodeMt(encode(res)), res);
});

test('read$Any reads mt objects and methods and leaves other ids unread', () => {
  const ack = new Reader(encode({ _: 'msgs_ack', msgIds: [4n, 8n] }));
  assert.deepStrictEqual(readMtAny(ack), { _: 'msgs_ack', msgIds: [4n, 8n] });
  assert.deepStrictEqual(readMtAny(new Reader(encode({ _: 'msg_resend_ans_req', msgIds: [12n] }))), { _: 'msg_resend_ans_req', msgIds: [12n] });
  const other = new Reader(encode({ _: 'inputPeerSelf' }));
  assert.equal(readMtAny(other), undefined);
  assert.equal(other.pos, 0);
});

test('msg_container with bare messages computes bytes', () => {
  const c: mt.MsgContainer = {
    _: 'msg_container',
    messages: [{ _: 'message', msgId: 10n, seqno: 1, bytes: 0, body: encode({ _: 'ping', pingId: 1n }) }],
  };
  const bytes = encode(c);
  const back = decode(bytes) as mt.MsgContainer;
  assert.equal(back.messages[0].bytes, 12);
  assert.deepStrictEqual(decode(back.messages[0].body), { _: 'ping', pingId: 1n });
});

test('e2e objects', () => {
  const o = { _: 'decryptedMessageActionSetMessageTTL' as const, ttlSeconds: 5 };
  assert.deepStrictEqual(decodeE2e(encodeE2e(o)), o);
});

function fails(fn: () => unknown, path: string, expected?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TlError, String(e));
    assert.equal(e.path, path);
    if (expected) assert.match(e.expected, expected);
    assert.ok(e.message.includes(path));
    return true;
  });
}

test('encode errors name the field path', () => {
  fails(() => encode({ _: 'messages.exportChatInvite' } as never), 'messages.exportChatInvite.peer', /InputPeer/);
  fails(() => encode({ _: 'messages.exportChatInvite', peer: { _: 'inputUserSelf' } } as never), 'messages.exportChatInvite.peer._', /InputPeer/);
  const send = {
    _: 'messages.sendMessage', peer: { _: 'inputPeerSelf' }, message: 'hi', randomId: 1n,
    entities: [{ _: 'messageEntityBold', offset: 0, length: 1 }, { _: 'messageEntityBold', offset: 'x', length: 1 }],
  } as unknown as MessagesSendMessageRequest;
  fails(() => encode(send), 'messages.sendMessage.entities[1].offset', /int/);
  fails(() => encode({ ...send, entities: undefined, randomId: 5 } as never), 'messages.sendMessage.randomId', /long/);
  fails(() => encode({ _: 'inputPeerUser', userId: 1.5, accessHash: 1n } as never), 'inputPeerUser.userId', /safe integer/);
  fails(() => encode({ _: 'nope' } as never), '<root>._'.replace('<root>', 'nope'));
  fails(() => encode({ _: 'req_pq_multi', nonce: new Uint8Array(15) } as never), 'req_pq_multi.nonce', /int128/);
  // frozen values (a proxy over them must return their own properties) are traced too
  const frozen = Object.freeze({ ...send, entities: Object.freeze([Object.freeze({ _: 'messageEntityBold', offset: 'x', length: 1 })]) });
  fails(() => encode(frozen as never), 'messages.sendMessage.entities[0].offset', /int/);
  fails(() => encode(Object.freeze({ _: 'messages.exportChatInvite', peer: Object.freeze({ _: 'inputPeerChat', chatId: 'x' }) }) as never), 'messages.exportChatInvite.peer.chatId', /safe integer/);
  // a getter that throws is blamed on its own field; a cycle becomes a TlError, not a RangeError
  fails(() => encode({ _: 'messages.exportChatInvite', get peer(): never { throw new Error('boom'); } } as never), 'messages.exportChatInvite.peer');
  const cyclic: Record<string, unknown> = { _: 'inputPeerUserFromMessage', msgId: 1, userId: 1 };
  cyclic.peer = cyclic;
  assert.throws(() => encode(cyclic as never), (e: unknown) => e instanceof TlError && e.path.startsWith('inputPeerUserFromMessage.peer'));
  // Writer state is intact after a failed writeRequest
  const w = new Writer();
  w.int(1);
  assert.throws(() => writeRequest(w, { _: 'messages.exportChatInvite' } as never), TlError);
  assert.equal(w.pos, 4);
});

test('bad input: truncation, forged lengths, unknown / wrong ids, bad UTF-8, gzip bomb', () => {
  const good = encode({ _: 'messages.checkChatInvite', hash: 'AbCdEf' });
  for (let cut = 0; cut < good.length; cut++) assert.throws(() => decode(good.subarray(0, cut)), TlError);
  // vector length far beyond the input: rejected before allocating
  const w = new Writer();
  w.int(0x62d6b459); // msgs_ack
  w.int(0x1cb5c415);
  w.int(0x7fffffff);
  assert.throws(() => decode(w.finish()), (e: unknown) => e instanceof TlError && /vector length/.test(e.message) && e.offset === 8);
  // unknown id
  assert.throws(() => decode(Uint8Array.of(1, 2, 3, 4)), (e: unknown) => e instanceof TlError && /unknown constructor/.test(e.message) && e.offset === 0);
  // constructor of the wrong type in a typed position
  const wrong = new Writer();
  wrong.int(0xa87b0a1c);
  wrong.int(0xf7c1b13f); // inputUserSelf where InputPeer is expected
  assert.throws(() => decode(wrong.finish()), (e: unknown) => e instanceof TlError && e.expected === 'InputPeer' && e.offset === 4);
  // invalid UTF-8
  const bad = Uint8Array.of(0xbb, 0xb1, 0xad, 0x3e, 2, 0xc3, 0x28, 0);
  assert.throws(() => decode(bad), (e: unknown) => e instanceof TlError && e.expected === 'string');
  // gzip bomb: 64 MiB of zeros packed, over the 16 MiB cap
  const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
  const g = new Writer();
  g.int(0x3072cfa1);
  g.bytes(bomb);
  assert.throws(() => decode(g.finish()), (e: unknown) => e instanceof TlError && /more than/.test(e.message));
  const r = new Reader(g.finish(), 0, undefined, fullTables.readers);
  r.maxGzipSize = 100 * 1024 * 1024;
  // with a higher cap it unpacks (and then fails on the all-zero payload, not on the cap)
  assert.throws(() => r.object(), (e: unknown) => e instanceof TlError && /unknown constructor/.test(e.message));
  // deep nesting does not escape as RangeError
  const deep = new Writer(1 << 20);
  for (let i = 0; i < 200000; i++) {
    deep.int(0xa87b0a1c);
  }
  assert.throws(() => decode(deep.finish()), TlError);
});
