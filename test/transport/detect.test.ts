import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FullCodec, TransportError, createObfuscatedInit, detectTransport } from '../../src/transport/index.js';
import { hex, pseudoRandom } from './helpers.js';

describe('detectTransport', () => {
  it('detects plain codecs from their tags', () => {
    assert.deepEqual(detectTransport(hex('ef')), { kind: 'plain', codec: 'abridged', tagSize: 1 });
    assert.deepEqual(detectTransport(hex('eeeeeeee')), { kind: 'plain', codec: 'intermediate', tagSize: 4 });
    assert.deepEqual(detectTransport(hex('dddddddd00')), { kind: 'plain', codec: 'paddedIntermediate', tagSize: 4 });
    assert.deepEqual(detectTransport(new FullCodec().encode(new Uint8Array(40)).subarray(0, 8)), {
      kind: 'plain',
      codec: 'full',
      tagSize: 0,
    });
  });

  it('waits for more bytes, then for a 64-byte obfuscated init', () => {
    assert.deepEqual(detectTransport(new Uint8Array(0)), { kind: 'need-more' });
    assert.deepEqual(detectTransport(hex('eeee')), { kind: 'need-more' });
    const init = createObfuscatedInit({ protocolTag: hex('efefefef'), dcId: 2 }).header;
    assert.deepEqual(detectTransport(init.subarray(0, 8)), { kind: 'need-more' });
    assert.deepEqual(detectTransport(init.subarray(0, 63)), { kind: 'need-more' });
    assert.deepEqual(detectTransport(init), { kind: 'obfuscated' });
  });

  it('refuses HTTP and TLS starts', () => {
    for (const start of ['POST /ap', 'GET /api', 'HEAD /ap', 'OPTIONS ']) {
      assert.throws(() => detectTransport(new TextEncoder().encode(start)), (e: unknown) => e instanceof TransportError && e.kind === 'bad-init');
    }
    assert.throws(() => detectTransport(hex('1603010200000000')), TransportError);
  });

  it('treats random garbage as an init candidate only once 64 bytes are in', () => {
    const g = pseudoRandom(64, 5);
    g[0] = 0x10;
    g[4] = 1;
    assert.equal(detectTransport(g.subarray(0, 40)).kind, 'need-more');
    assert.equal(detectTransport(g).kind, 'obfuscated');
  });
});
