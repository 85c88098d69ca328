import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { createAesCtr, CryptoError, randomBytes, sha1, sha256, timingSafeEqual } from '../../src/crypto/index.js';
import { hex, loadJson, toHex } from './helpers.js';

const obf = loadJson('test/vectors/obfuscated2.json');

test('AES-256-CTR vector: one stream across six update calls', () => {
  const v = obf.aes_256_ctr_vector;
  const ctr = createAesCtr(hex(v.key), hex(v.iv));
  v.ciphertext_blocks.forEach((block: string) => {
    assert.equal(toHex(ctr.update(hex(v.plaintext_block_repeated_6_times))), block);
  });
});

test('obfuscated2 vector: header encryption and stream continuation', () => {
  for (const v of obf.vectors.filter((x: Record<string, unknown>) => x.encrypt_key && x.header_sent)) {
    const enc = createAesCtr(hex(v.encrypt_key), hex(v.encrypt_iv));
    const sent = enc.update(hex(v.init_after_tag_and_dc));
    assert.equal(toHex(sent.subarray(56)), v.header_sent.slice(112));
    if (v.encrypt_stream_next4_of_abcd) {
      assert.equal(toHex(enc.update(new TextEncoder().encode('abcd'))), v.encrypt_stream_next4_of_abcd);
    }
    if (v.first_frame_plain) assert.equal(toHex(enc.update(hex(v.first_frame_plain))), v.first_frame_encrypted);
    if (v.decrypt_stream_first4_of_abcd) {
      const dec = createAesCtr(hex(v.decrypt_key), hex(v.decrypt_iv));
      assert.equal(toHex(dec.update(new TextEncoder().encode('abcd'))), v.decrypt_stream_first4_of_abcd);
    }
  }
});

test('AES-256-CTR in place equals OpenSSL over random splits, mixed with update(), counter carries included', () => {
  const ivs = [randomBytes(16), Uint8Array.from({ length: 16 }, (_, i) => (i < 8 ? 7 : 0xff)), new Uint8Array(16).fill(0xff)];
  for (const iv of ivs) {
    for (let round = 0; round < 40; round++) {
      const key = randomBytes(32);
      const data = randomBytes(1 + ((round * 977) % 9000));
      const reference = new Uint8Array(createCipheriv('aes-256-ctr', key, iv).update(data));
      const ctr = createAesCtr(key, iv);
      const out = new Uint8Array(data.length);
      for (let off = 0, step = 1; off < data.length; off += step, step = (step * 7 + 3) % 211) {
        const piece = data.slice(off, off + step);
        if (step % 2 === 0) out.set(ctr.update(piece), off);
        else {
          ctr.updateInPlace(piece);
          out.set(piece, off);
        }
      }
      assert.equal(toHex(out), toHex(reference), `iv ${toHex(iv)}, ${data.length} bytes`);
    }
  }
});

test('AES-256-CTR update() leaves its input untouched; updateInPlace() overwrites it', () => {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const data = randomBytes(100);
  const copy = data.slice();
  const out = createAesCtr(key, iv).update(data);
  assert.deepEqual(data, copy);
  createAesCtr(key, iv).updateInPlace(data);
  assert.deepEqual(data, out);
});

test('createAesCtr rejects bad key/iv sizes', () => {
  assert.throws(() => createAesCtr(new Uint8Array(16), new Uint8Array(16)), CryptoError);
  assert.throws(() => createAesCtr(new Uint8Array(32), new Uint8Array(8)), CryptoError);
});

test('sha1/sha256 hash the concatenation of their parts', () => {
  const a = new TextEncoder().encode('hello ');
  const b = new TextEncoder().encode('world');
  assert.equal(toHex(sha1(a, b)), createHash('sha1').update('hello world').digest('hex'));
  assert.equal(toHex(sha256(a, b)), createHash('sha256').update('hello world').digest('hex'));
  assert.equal(toHex(sha256()), createHash('sha256').digest('hex'));
});

test('randomBytes gives the requested length and differs between calls', () => {
  assert.equal(randomBytes(0).length, 0);
  assert.equal(randomBytes(33).length, 33);
  assert.notDeepEqual(randomBytes(32), randomBytes(32));
  assert.throws(() => randomBytes(-1), RangeError);
});

test('timingSafeEqual compares content and length', () => {
  assert.equal(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), true);
  assert.equal(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3)), false);
  assert.equal(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3)), false);
});
