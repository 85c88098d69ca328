import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAesCtr } from '../../src/crypto/index.js';
import {
  AbridgedCodec,
  IntermediateCodec,
  PaddedIntermediateCodec,
  TransportError,
  buildObfuscatedInit,
  createObfuscatedInit,
  deriveObfuscationKeys,
  encodeDcIdField,
  isForbiddenInit,
  parseObfuscatedInit,
  validateTransportOptions,
} from '../../src/transport/index.js';
import { hex, loadVectors, pseudoRandom, toHex } from './helpers.js';

interface ObfVector {
  random_64: string;
  protocol_tag: string;
  dc_id: number;
  secret?: string;
  init_after_tag_and_dc?: string;
  encrypt_key?: string;
  encrypt_iv?: string;
  decrypt_key?: string;
  decrypt_iv?: string;
  header_sent: string;
  encrypt_stream_next4_of_abcd?: string;
  decrypt_stream_first4_of_abcd?: string;
  first_frame_plain?: string;
  first_frame_encrypted?: string;
}
const V = loadVectors<{ vectors: ObfVector[] }>('obfuscated2.json').vectors;

describe('obfuscated2 vectors', () => {
  V.forEach((v, i) => {
    it(`vector ${i}: header, keys and streams`, () => {
      const secret = v.secret ? hex(v.secret) : undefined;
      const client = buildObfuscatedInit(hex(v.random_64), hex(v.protocol_tag), v.dc_id, secret);
      assert.equal(toHex(client.header), v.header_sent);
      if (v.init_after_tag_and_dc) {
        const keys = deriveObfuscationKeys(hex(v.init_after_tag_and_dc), secret);
        assert.equal(toHex(keys.encryptKey), v.encrypt_key);
        assert.equal(toHex(keys.encryptIv), v.encrypt_iv);
        assert.equal(toHex(keys.decryptKey), v.decrypt_key);
        assert.equal(toHex(keys.decryptIv), v.decrypt_iv);
      }
      const abcd = new TextEncoder().encode('abcd');
      if (v.encrypt_stream_next4_of_abcd) assert.equal(toHex(client.encrypt.update(abcd)), v.encrypt_stream_next4_of_abcd);
      if (v.decrypt_stream_first4_of_abcd) assert.equal(toHex(client.decrypt.update(abcd)), v.decrypt_stream_first4_of_abcd);
      if (v.first_frame_plain) assert.equal(toHex(client.encrypt.update(hex(v.first_frame_plain))), v.first_frame_encrypted);

      // The server side parses the header and reads the same tag and DC id.
      const server = parseObfuscatedInit(hex(v.header_sent), secret);
      const byTag: Record<string, string> = { efefefef: 'abridged', eeeeeeee: 'intermediate', dddddddd: 'paddedIntermediate' };
      assert.equal(server.codec, byTag[v.protocol_tag]);
      assert.equal(server.dcId, v.dc_id);
    });
  });
});

describe('obfuscated2 init', () => {
  it('never produces a forbidden init over many samples', () => {
    for (let i = 0; i < 5000; i++) {
      const { header } = createObfuscatedInit({ protocolTag: hex('eeeeeeee'), dcId: 2 });
      assert.ok(!isForbiddenInit(header), toHex(header));
    }
  });

  it('isForbiddenInit flags each rule', () => {
    const base = pseudoRandom(64, 99);
    base[0] = 0x11;
    base[4] = 0x22;
    assert.equal(isForbiddenInit(base), false);
    const starts = ['ef', '48454144', '504f5354', '47455420', '4f505449', 'dddddddd', 'eeeeeeee', '16030102'];
    for (const s of starts) {
      const b = base.slice();
      b.set(hex(s), 0);
      assert.equal(isForbiddenInit(b), true, s);
    }
    const z = base.slice();
    z.fill(0, 4, 8);
    assert.equal(isForbiddenInit(z), true);
  });

  it('regenerates when the random source yields forbidden inits', () => {
    let calls = 0;
    const random = (n: number): Uint8Array => {
      calls++;
      const b = pseudoRandom(n, calls);
      if (calls < 4) b.set(hex(['ef', '504f5354', 'eeeeeeee'][calls - 1]), 0);
      else b[0] = 0x10;
      return b;
    };
    createObfuscatedInit({ protocolTag: hex('efefefef'), dcId: 1, random });
    assert.equal(calls, 4);
  });

  it('round-trips tag and DC id (media, test) and both sides derive matching streams', () => {
    const codecs = [new AbridgedCodec(), new IntermediateCodec(), new PaddedIntermediateCodec()];
    for (const codec of codecs) {
      for (const [dc, test] of [[2, false], [-4, false], [5, true], [-1, true]] as const) {
        const field = encodeDcIdField(dc, test);
        const client = createObfuscatedInit({ protocolTag: codec.protocolTag!, dcId: field });
        const server = parseObfuscatedInit(client.header);
        assert.equal(server.codec, codec.name);
        assert.equal(server.dcId, field);
        assert.equal(field, test ? dc + Math.sign(dc) * 10000 : dc);
        const msg = pseudoRandom(100, dc + 50);
        assert.deepEqual(server.decrypt.update(client.encrypt.update(msg)), msg);
        assert.deepEqual(client.decrypt.update(server.encrypt.update(msg)), msg);
      }
    }
  });

  it('uses the bare crypto AES-CTR stream', () => {
    // Sanity: the server decrypt stream is AES-CTR keyed by init[8..40] / iv init[40..56].
    const client = createObfuscatedInit({ protocolTag: hex('dddddddd'), dcId: 3 });
    const ctr = createAesCtr(client.header.slice(8, 40), client.header.slice(40, 56));
    const plain = ctr.update(client.header);
    assert.equal(toHex(plain.subarray(56, 60)), 'dddddddd');
  });

  it('rejects an init whose decrypted tag is unknown', () => {
    const bogus = buildObfuscatedInit(pseudoRandom(64, 7), hex('01020304'), 2);
    assert.throws(
      () => parseObfuscatedInit(bogus.header),
      (e: unknown) => e instanceof TransportError && e.kind === 'bad-init' && /offset 56/.test(e.message),
    );
  });

  it('rejects DC ids that do not fit int16 and bad proxy secrets', () => {
    assert.throws(() => encodeDcIdField(40000), TransportError);
    assert.throws(() => encodeDcIdField(0), TransportError);
    assert.throws(() => createObfuscatedInit({ protocolTag: hex('eeeeeeee'), dcId: 2, secret: new Uint8Array(5) }), TransportError);
  });

  it('full + obfuscated is refused before connecting', () => {
    assert.throws(
      () => validateTransportOptions({ type: 'tcp', codec: 'full', obfuscated: true }),
      (e: unknown) => e instanceof TransportError && e.kind === 'invalid-options',
    );
    validateTransportOptions({ type: 'websocket', codec: 'abridged', obfuscated: true });
  });
});
