import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CODEC_NAMES, createCodec, type CodecName } from '../../src/transport/index.js';
import { concat, encryptedShaped, plainShaped } from './helpers.js';

/** Payload valid for every codec (MTProto-shaped, so padded intermediate can strip its padding). */
const payloadArb = fc.oneof(
  fc.tuple(fc.nat({ max: 40 }), fc.integer({ min: 1, max: 1e9 })).map(([blocks, seed]) => encryptedShaped(blocks, seed)),
  fc.tuple(fc.nat({ max: 40 }), fc.integer({ min: 1, max: 1e9 })).map(([words, seed]) => plainShaped(words * 4, seed)),
);

/** Splits `bytes` at the given (sorted, deduplicated) cut points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('streaming decoders', () => {
  for (const name of CODEC_NAMES) {
    it(`${name}: frames split across and merged within chunks decode intact and in order`, () => {
      fc.assert(
        fc.property(
          fc.array(payloadArb, { minLength: 1, maxLength: 12 }),
          fc.array(fc.nat(), { maxLength: 30 }),
          (payloads, cuts) => {
            const enc = createCodec(name as CodecName, { side: 'server' });
            const dec = createCodec(name as CodecName, { side: 'client' });
            const stream = concat(...payloads.map((p) => enc.encode(p)));
            const got: Uint8Array[] = [];
            for (const chunk of split(stream, cuts)) got.push(...dec.push(chunk));
            assert.deepEqual(got, payloads);
          },
        ),
        { seed: 0x7a11 + name.length, numRuns: 150 },
      );
    });

    it(`${name}: byte-by-byte delivery decodes intact`, () => {
      const enc = createCodec(name, { side: 'server' });
      const dec = createCodec(name);
      const payloads = [encryptedShaped(0, 1), plainShaped(600, 2), encryptedShaped(40, 3)];
      const stream = concat(...payloads.map((p) => enc.encode(p)));
      const got: Uint8Array[] = [];
      for (let i = 0; i < stream.length; i++) got.push(...dec.push(stream.subarray(i, i + 1)));
      assert.deepEqual(got, payloads);
    });
  }
});
