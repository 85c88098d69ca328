import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbridgedCodec,
  FullCodec,
  IntermediateCodec,
  PaddedIntermediateCodec,
  TransportError,
  createCodec,
  crc32,
  stripMtprotoPadding,
  transportErrorPayload,
} from '../../src/transport/index.js';
import { concat, encryptedShaped, hex, loadVectors, plainShaped, toHex } from './helpers.js';

interface Vectors {
  sample_payload_40: { hex: string };
  abridged: { init: string; vectors: Array<{ payload: string; framed?: string; with_init?: string; header?: string }> };
  intermediate: { init: string; vectors: Array<{ framed: string; with_init: string }> };
  padded_intermediate: { init: string; vectors: Array<{ padding: string; framed: string }> };
  full: { vectors: Array<{ payload?: string; payload_ascii?: string; seqno: number; framed: string }> };
  transport_errors: { codes: Array<{ code: number; hex_le: string }> };
}

const V = loadVectors<Vectors>('transports.json');
const sample = hex(V.sample_payload_40.hex);

function isKind(kind: string, code?: number) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof TransportError, `expected TransportError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    if (code !== undefined) assert.equal(err.code, code);
    return true;
  };
}

describe('abridged', () => {
  it('matches the framing vectors and the 0xef tag', () => {
    const c = new AbridgedCodec();
    assert.equal(toHex(c.tag), V.abridged.init);
    const v = V.abridged.vectors[0];
    assert.equal(toHex(c.encode(sample)), v.framed!.toLowerCase());
    assert.equal(toHex(concat(c.tag, c.encode(sample))), v.with_init!.toLowerCase());
  });

  it('uses the short form below 127 words and the 0x7f long form above', () => {
    const c = new AbridgedCodec();
    const headers: Array<[number, string]> = [
      [124, '1f'],
      [504, '7e'],
      [508, '7f7f0000'],
      [1024, '7f000100'],
    ];
    for (const [len, header] of headers) {
      const framed = c.encode(new Uint8Array(len).fill(0x61));
      assert.equal(toHex(framed.subarray(0, header.length / 2)), header);
      assert.equal(framed.length, len + header.length / 2);
      const dec = new AbridgedCodec({ side: 'server' });
      assert.deepEqual(dec.push(framed), [new Uint8Array(len).fill(0x61)]);
    }
    // every header in the vectors file agrees
    for (const v of V.abridged.vectors.filter((x) => x.header)) assert.ok(headers.some(([, h]) => h === v.header!.toLowerCase()));
  });

  it('refuses payloads that are not a multiple of 4', () => {
    assert.throws(() => new AbridgedCodec().encode(new Uint8Array(5)), isKind('bad-length'));
  });

  it('sets the quick-ack flag for the server and reports server quick-ack tokens on the client', () => {
    const c = new AbridgedCodec();
    assert.equal(c.encode(new Uint8Array(8), true)[0], 0x82);
    assert.equal(c.encode(new Uint8Array(508), true)[0], 0xff);
    const server = new AbridgedCodec({ side: 'server' });
    assert.deepEqual(server.push(c.encode(sample, true)), [sample]);
    const tokens: number[] = [];
    const client = new AbridgedCodec({ onQuickAck: (t) => tokens.push(t) });
    const frames = client.push(concat(hex('8badf00d'), c.encode(sample)));
    assert.deepEqual(frames, [sample]);
    assert.deepEqual(tokens, [0x8badf00d]);
  });

  it('rejects an empty frame', () => {
    assert.throws(() => new AbridgedCodec().push(hex('00')), isKind('bad-length'));
  });
});

describe('intermediate', () => {
  it('matches the framing vectors and the 0xeeeeeeee tag', () => {
    const c = new IntermediateCodec();
    const v = V.intermediate.vectors[0];
    assert.equal(toHex(c.tag), V.intermediate.init);
    assert.equal(toHex(c.encode(sample)), v.framed.toLowerCase());
    assert.equal(toHex(concat(c.tag, c.encode(sample))), v.with_init.toLowerCase());
    assert.deepEqual(new IntermediateCodec().push(hex(v.framed)), [sample]);
  });

  it('handles quick acks in both directions', () => {
    const c = new IntermediateCodec();
    const framed = c.encode(sample, true);
    assert.equal(toHex(framed.subarray(0, 4)), '28000080');
    assert.deepEqual(new IntermediateCodec({ side: 'server' }).push(framed), [sample]);
    const tokens: number[] = [];
    const client = new IntermediateCodec({ onQuickAck: (t) => tokens.push(t) });
    assert.deepEqual(client.push(concat(hex('78563492'), c.encode(sample))), [sample]);
    assert.deepEqual(tokens, [0x92345678]);
  });

  it('rejects lengths below 4', () => {
    assert.throws(() => new IntermediateCodec().push(hex('02000000aabb')), isKind('bad-length'));
  });
});

describe('padded intermediate', () => {
  it('matches the framing vector and strips the padding', () => {
    const c = new PaddedIntermediateCodec();
    const v = V.padded_intermediate.vectors[0];
    assert.equal(toHex(c.tag), V.padded_intermediate.init);
    assert.equal(toHex(c.encodeWithPadding(sample, hex(v.padding))), v.framed.toLowerCase());
    assert.deepEqual(new PaddedIntermediateCodec().push(hex(v.framed)), [sample]);
  });

  it('adds 0..15 random padding bytes and the receiver recovers MTProto packets', () => {
    const seen = new Set<number>();
    const enc = new PaddedIntermediateCodec();
    const dec = new PaddedIntermediateCodec({ side: 'server' });
    for (let i = 0; i < 300; i++) {
      const p = i % 2 ? encryptedShaped(i % 7, i) : plainShaped(4 * (i % 9), i);
      const framed = enc.encode(p);
      const pad = framed.length - 4 - p.length;
      assert.ok(pad >= 0 && pad <= 15);
      seen.add(pad);
      assert.deepEqual(dec.push(framed), [p]);
    }
    assert.equal(seen.size, 16);
  });

  it('strips padding after transport error codes and recognises server quick acks', () => {
    assert.deepEqual(stripMtprotoPadding(hex('6cfeffff0102030405')), hex('6cfeffff'));
    const tokens: number[] = [];
    const client = new PaddedIntermediateCodec({ onQuickAck: (t) => tokens.push(t) });
    const server = new PaddedIntermediateCodec({ side: 'server' });
    const ack = server.encodeWithPadding(hex('ffffffff78563492'), hex('0102'));
    assert.deepEqual(client.push(ack), []);
    assert.deepEqual(tokens, [0x92345678]);
  });

  it('refuses an unencrypted packet whose length field overruns the frame', () => {
    const p = plainShaped(8, 3);
    new DataView(p.buffer).setUint32(16, 100, true);
    assert.throws(() => new PaddedIntermediateCodec().push(new IntermediateCodec().encode(p)), isKind('bad-length'));
  });
});

describe('full', () => {
  it('matches the framing vectors (seqno, CRC32)', () => {
    const [abc, s40] = V.full.vectors;
    const c = new FullCodec();
    assert.equal(c.tag.length, 0);
    assert.equal(toHex(c.encode(sample)), s40.framed.toLowerCase()); // seqno 0
    assert.equal(toHex(c.encode(new TextEncoder().encode(abc.payload_ascii!))), abc.framed.toLowerCase()); // seqno 1
    const dec = new FullCodec();
    assert.deepEqual(dec.push(concat(hex(s40.framed), hex(abc.framed))), [sample, new TextEncoder().encode('abc')]);
  });

  it('crc32 is IEEE', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('rejects a bad CRC and leaves the codec failed', () => {
    const framed = new FullCodec().encode(sample);
    framed[20] ^= 1;
    const dec = new FullCodec();
    assert.throws(() => dec.push(framed), isKind('bad-crc'));
    assert.ok(dec.failure instanceof TransportError);
    assert.throws(() => dec.push(new FullCodec().encode(sample)), isKind('bad-crc'));
  });

  it('rejects an out-of-order seqno', () => {
    const enc = new FullCodec();
    enc.encode(sample); // skip seqno 0
    assert.throws(() => new FullCodec().push(enc.encode(sample)), isKind('bad-seqno'));
  });

  it('returns good frames before a bad one, then reports the failure', () => {
    const enc = new FullCodec();
    const good = enc.encode(sample);
    const bad = enc.encode(sample);
    bad[bad.length - 1] ^= 0xff;
    const dec = new FullCodec();
    assert.deepEqual(dec.push(concat(good, bad)), [sample]);
    assert.equal((dec.failure as TransportError).kind, 'bad-crc');
    assert.throws(() => dec.push(new Uint8Array(1)), isKind('bad-crc'));
  });

  it('rejects a length below 12', () => {
    assert.throws(() => new FullCodec().push(hex('0b000000')), isKind('bad-length'));
  });
});

describe('frame size cap', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['abridged', hex('7f000001')], // 0x010000 words = 256 KiB
    ['intermediate', hex('01000400')], // 0x40001 bytes
    ['paddedIntermediate', hex('01000400')],
    ['full', hex('0d000400')],
  ];
  for (const [name, header] of cases) {
    it(`${name}: an oversize header is refused before the body arrives`, () => {
      const dec = createCodec(name as 'full', { maxFrameSize: 256 * 1024 - 4, side: 'server' });
      assert.throws(() => dec.push(header), isKind('oversize'));
    });
  }

  it('the default cap is 8 MiB', () => {
    const dec = new IntermediateCodec();
    assert.deepEqual(dec.push(hex('00008000')), []); // exactly 8 MiB: waits for the body
    assert.throws(() => new IntermediateCodec().push(hex('04008000')), isKind('oversize'));
  });

  it('rejects a nonsensical cap', () => {
    assert.throws(() => new FullCodec({ maxFrameSize: 0 }), isKind('invalid-options'));
  });
});

describe('transport error codes', () => {
  const V2 = V.transport_errors.codes;
  for (const name of ['abridged', 'intermediate', 'paddedIntermediate', 'full'] as const) {
    it(`${name}: a 4-byte negative payload surfaces as TransportError with the code`, () => {
      for (const { code, hex_le } of V2) {
        assert.equal(toHex(transportErrorPayload(code)), hex_le);
        const server = createCodec(name, { side: 'server' });
        const framed = server.encode(transportErrorPayload(code));
        assert.throws(() => createCodec(name).push(framed), isKind('server-code', code));
      }
    });
  }

  it('a positive 4-byte payload is an ordinary packet', () => {
    assert.deepEqual(new IntermediateCodec().push(new IntermediateCodec().encode(hex('01000000'))), [hex('01000000')]);
  });

  it('transportErrorPayload refuses non-negative codes', () => {
    assert.throws(() => transportErrorPayload(404), isKind('invalid-options'));
  });
});

describe('frame pieces (encodeParts)', () => {
  it('abridged, intermediate and padded intermediate: the pieces make the frame encode makes, the payload not copied', () => {
    for (const len of [40, 508, 1024 * 1024]) {
      const payload = new Uint8Array(len).map((_, i) => i * 7);
      for (const make of [() => new AbridgedCodec(), () => new IntermediateCodec()]) {
        for (const quickAck of [false, true]) {
          const parts = make().encodeParts(payload, quickAck);
          assert.ok(parts.includes(payload), 'the payload itself is one of the pieces');
          assert.deepEqual(concat(...parts), make().encode(payload, quickAck));
        }
      }
      // padded: random padding, so check the frame decodes back to the payload
      const parts = new PaddedIntermediateCodec().encodeParts(payload);
      const frame = concat(...parts);
      assert.equal(new DataView(frame.buffer).getUint32(0, true), frame.length - 4);
      assert.ok(frame.length - 4 - len < 16);
      assert.deepEqual(frame.subarray(4, 4 + len), payload);
    }
  });

  it('full has none: its CRC needs the whole frame', () => {
    assert.equal((new FullCodec() as { encodeParts?: unknown }).encodeParts, undefined);
  });
});
