import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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
