import { deflateSync } from 'node:zlib';
import { Writer } from '../../src/tl/runtime/writer.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeEncryptedPlaintext,
  encodeEncryptedPlaintext,
  gzipPack,
  gzipUnpack,
  inflateBudget,
  isContainer,
  isGzipPacked,
  maybeGzipPack,
  MtprotoError,
  MAX_CONTAINER_MESSAGES,
  packContainer,
  unpackContainer,
} from '../../src/mtproto/index.js';

const body = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

test('plaintext round trip and validation', () => {
  const msg = { salt: -5n, sessionId: 0x1122334455667788n, msgId: 0x6000000000000004n, seqNo: 3, body: body(16) };
  const enc = encodeEncryptedPlaintext(msg);
  assert.equal(enc.length, 48);
  assert.deepEqual(decodeEncryptedPlaintext(enc), msg);
  // padding after the body is tolerated
  const padded = new Uint8Array(enc.length + 16);
  padded.set(enc);
  assert.deepEqual(decodeEncryptedPlaintext(padded).body, msg.body);
  assert.throws(() => decodeEncryptedPlaintext(enc.subarray(0, 20)), (e: unknown) => e instanceof MtprotoError && e.field === 'header');
  const bad = enc.slice();
  new DataView(bad.buffer).setInt32(28, 1000, true);
  assert.throws(() => decodeEncryptedPlaintext(bad), (e: unknown) => e instanceof MtprotoError && e.field === 'message_data_length' && e.offset === 28);
  new DataView(bad.buffer).setInt32(28, 6, true);
  assert.throws(() => decodeEncryptedPlaintext(bad), MtprotoError);
  assert.throws(() => encodeEncryptedPlaintext({ ...msg, body: body(5) }), MtprotoError);
});

test('container round trip', () => {
  const msgs = [
    { msgId: 4n, seqNo: 1, body: body(8, 1) },
    { msgId: 8n, seqNo: 2, body: body(12, 2) },
  ];
  const c = packContainer(msgs);
  assert.ok(isContainer(c));
  const out = unpackContainer(c);
  assert.deepEqual(out.map((m) => ({ ...m, body: Array.from(m.body) })), msgs.map((m) => ({ ...m, body: Array.from(m.body) })));
  assert.doesNotThrow(() => unpackContainer(c, { containerMsgId: 12n }));
  assert.throws(() => unpackContainer(c, { containerMsgId: 8n }), MtprotoError);
});

test('container limits on pack', () => {
  assert.throws(() => packContainer([]), MtprotoError);
  const many = Array.from({ length: MAX_CONTAINER_MESSAGES + 1 }, (_, i) => ({ msgId: BigInt(i * 4), seqNo: 0, body: body(4) }));
  assert.throws(() => packContainer(many), (e: unknown) => e instanceof MtprotoError && e.kind === 'too-large');
  assert.doesNotThrow(() => packContainer(many.slice(1)));
  assert.throws(() => packContainer([{ msgId: 4n, seqNo: 0, body: body(2 * 1024 * 1024) }]), MtprotoError);
  assert.throws(() => packContainer([{ msgId: 4n, seqNo: 0, body: body(6) }]), MtprotoError);
  const nested = packContainer([{ msgId: 4n, seqNo: 0, body: body(4) }]);
  assert.throws(() => packContainer([{ msgId: 8n, seqNo: 0, body: nested }]), /nested/);
});

test('malformed containers are rejected with the offending field', () => {
  const good = packContainer([
    { msgId: 4n, seqNo: 1, body: body(8) },
    { msgId: 8n, seqNo: 3, body: body(8) },
  ]);
  const check = (bytes: Uint8Array, field: RegExp) =>
    assert.throws(() => unpackContainer(bytes), (e: unknown) => e instanceof MtprotoError && e.kind === 'bad-container' && field.test(e.field));
  check(good.subarray(0, 6), /header/);
  const wrongCtor = good.slice();
  wrongCtor[0] = 0;
  check(wrongCtor, /constructor/);
  const bigCount = good.slice();
  new DataView(bigCount.buffer).setInt32(4, 5000, true);
  check(bigCount, /count/);
  check(good.subarray(0, good.length - 4), /messages\[1\]\.bytes/);
  check(good.subarray(0, 8 + 24 + 8), /messages\[1\]/);
  const oddLen = good.slice();
  new DataView(oddLen.buffer).setInt32(8 + 12, 7, true);
  check(oddLen, /messages\[0\]\.bytes/);
  const negLen = good.slice();
  new DataView(negLen.buffer).setInt32(8 + 12, -8, true);
  check(negLen, /messages\[0\]\.bytes/);
  const dup = good.slice();
  new DataView(dup.buffer).setBigInt64(8 + 24, 4n, true);
  check(dup, /msg_id/);
  const trailing = new Uint8Array(good.length + 4);
  trailing.set(good);
  check(trailing, /messages/);
  // a nested container inside
  const inner = packContainer([{ msgId: 4n, seqNo: 1, body: body(4) }]);
  const outer = new Uint8Array(8 + 16 + inner.length);
  const v = new DataView(outer.buffer);
  v.setUint32(0, 0x73f1f8dc, true);
  v.setInt32(4, 1, true);
  v.setBigInt64(8, 12n, true);
  v.setInt32(20, inner.length, true);
  outer.set(inner, 24);
  check(outer, /messages\[0\]\.body/);
  // a random fuzz never throws anything but MtprotoError
  for (let i = 0; i < 200; i++) {
    const junk = good.slice();
    junk[8 + ((i * 7) % (junk.length - 8))] ^= 1 + (i % 255);
    try {
      unpackContainer(junk);
    } catch (e) {
      assert.ok(e instanceof MtprotoError);
    }
  }
});

test('gzip helpers: pack only when large and shrinking; capped inflation', () => {
  const small = body(100);
  assert.equal(maybeGzipPack(small), small);
  const big = body(4096, 0);
  const packed = maybeGzipPack(big);
  assert.ok(isGzipPacked(packed));
  assert.ok(packed.length < big.length);
  assert.deepEqual(gzipUnpack(packed), big);
  const random = new Uint8Array(2048).map(() => Math.floor(Math.random() * 256));
  assert.equal(maybeGzipPack(random), random);
  assert.throws(() => gzipUnpack(gzipPack(body(100_000)), inflateBudget(1000)), (e: unknown) => e instanceof MtprotoError && e.kind === 'bad-gzip');
  assert.throws(() => gzipUnpack(body(8)), MtprotoError);
  const broken = gzipPack(big);
  broken[broken.length - 12] ^= 0xff;
  assert.throws(() => gzipUnpack(broken), MtprotoError);
});

test('gzip_packed: zlib framing is accepted like gzip (mtcute sends it)', () => {
  const big = body(4096, 0);
  const zlib = deflateSync(big);
  const packed = new Writer(zlib.length + 16);
  packed.int(0x3072cfa1);
  packed.bytes(new Uint8Array(zlib));
  assert.deepEqual(gzipUnpack(packed.finish()), big);
});

test('gzip_packed: nesting is refused and one budget bounds a whole packet', () => {
  const inner = gzipPack(body(4096, 0));
  assert.throws(() => gzipUnpack(gzipPack(inner)), (e: unknown) => e instanceof MtprotoError && /nested/.test(e.message));
  // many bombs, one budget: the second inflate fails once the first used it up
  const budget = inflateBudget(6000);
  assert.deepEqual(gzipUnpack(inner, budget).length, 4096);
  assert.throws(() => gzipUnpack(inner, budget), (e: unknown) => e instanceof MtprotoError && /budget|more than/.test(e.message));
});
