/**
 * FakeTLS: the ClientHello looks like a current Chrome's and carries MTProxy's digest; records
 * frame the data phase; the client refuses a server flight with a wrong digest.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { hmacSha256 } from '../../src/crypto/index.js';
import { ProxyError } from '../../src/transport/index.js';
import { CLIENT_RANDOM_OFFSET, buildClientHello, greaseValues } from '../../src/transport/mtproxy/client-hello.js';
import { fakeTlsConnect } from '../../src/transport/mtproxy/fake-tls.js';
import { isCurve25519Point, x25519Share } from '../../src/transport/mtproxy/key-share.js';
import { buildServerFlight, verifyServerFlight } from '../../src/transport/mtproxy/server-flight.js';
import { MAX_RECORD_PAYLOAD, RecordReader, encodeRecords } from '../../src/transport/mtproxy/tls-records.js';
import { platform } from '../../src/platform/current.js';
import { isGrease, parseClientHello } from '../../src/testing/mtproxy/index.js';
import { pseudoRandom } from '../transport/helpers.js';

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i * 17);

/** A deterministic random source (xorshift), so shapes are reproducible. */
function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed;
  return (n) => pseudoRandom(n, (s = (s * 1103515245 + 12345) >>> 0) || 1);
}

function extension(record: Uint8Array, type: number): Uint8Array | undefined {
  // Walk the extensions block (after the fixed part and the variable-length fields).
  let p = 5 + 4 + 2 + 32;
  p += 1 + record[p]!;
  p += 2 + ((record[p]! << 8) | record[p + 1]!);
  p += 1 + record[p]!;
  const end = p + 2 + ((record[p]! << 8) | record[p + 1]!);
  p += 2;
  while (p < end) {
    const t = (record[p]! << 8) | record[p + 1]!;
    const len = (record[p + 2]! << 8) | record[p + 3]!;
    if (t === type) return record.subarray(p + 4, p + 4 + len);
    p += 4 + len;
  }
  return undefined;
}

describe('FakeTLS ClientHello', () => {
  test('is shaped like Chrome: GREASE, TLS 1.3 suites, SNI, ALPN, X25519MLKEM768 + X25519, ECH GREASE, about 1.8 KB', () => {
    const hello = buildClientHello({ domain: 'www.example.org', key: KEY, now: 1_700_000_000, random: seeded(1) });
    const parsed = parseClientHello(hello.record);
    assert.deepEqual([...hello.record.subarray(0, 3)], [0x16, 0x03, 0x01]);
    assert.ok(hello.record.length > 1700 && hello.record.length < 2100, `size ${hello.record.length}`);
    assert.equal(parsed.serverName, 'www.example.org');
    assert.equal(parsed.sessionId.length, 32);
    assert.ok(isGrease(parsed.cipherSuites[0]!));
    assert.deepEqual(parsed.cipherSuites.slice(1, 4), [0x1301, 0x1302, 0x1303]);
    const types = parsed.extensionTypes;
    assert.ok(isGrease(types[0]!) && isGrease(types.at(-1)!) && types[0] !== types.at(-1), 'GREASE first and last, different');
    for (const t of [0x0000, 0x0017, 0xff01, 0x000a, 0x000b, 0x0023, 0x0010, 0x0005, 0x000d, 0x0012, 0x0033, 0x002d, 0x002b, 0x001b, 0x44cd, 0xfe0d]) {
      assert.ok(types.includes(t), `extension 0x${t.toString(16)}`);
    }
    assert.equal(Buffer.from(extension(hello.record, 0x0010)!).toString('latin1'), '\x00\x0c\x02h2\x08http/1.1');
    const versions = extension(hello.record, 0x002b)!;
    assert.ok(isGrease((versions[1]! << 8) | versions[2]!));
    assert.deepEqual([...versions.subarray(3)], [0x03, 0x04, 0x03, 0x03]);
    // key_share: GREASE (1 byte), X25519MLKEM768 (1184 + 32), X25519 (32) — the X25519 parts are curve points.
    const ks = extension(hello.record, 0x0033)!;
    let p = 2;
    const shares: Array<[number, Uint8Array]> = [];
    while (p < ks.length) {
      const group = (ks[p]! << 8) | ks[p + 1]!;
      const len = (ks[p + 2]! << 8) | ks[p + 3]!;
      shares.push([group, ks.subarray(p + 4, p + 4 + len)]);
      p += 4 + len;
    }
    assert.deepEqual(shares.map(([g, k]) => [isGrease(g) ? 'grease' : g, k.length]), [['grease', 1], [0x11ec, 1216], [0x001d, 32]]);
    const x25519 = shares[2]![1];
    assert.ok(isCurve25519Point(x25519));
    assert.deepEqual([...shares[1]![1].subarray(1184)], [...x25519], 'the hybrid share reuses the X25519 key, as Chrome does');
    const mlkem = shares[1]![1].subarray(0, 1152);
    for (let i = 0; i < mlkem.length; i += 3) {
      const a = mlkem[i]! | ((mlkem[i + 1]! & 0x0f) << 8);
      const b = (mlkem[i + 1]! >> 4) | (mlkem[i + 2]! << 4);
      assert.ok(a < 3329 && b < 3329, 'ML-KEM coefficients are reduced mod q');
    }
  });

  test('without the post-quantum share and ECH it is padded to the classic 517 bytes', () => {
    const hello = buildClientHello({ domain: 'example.com', key: KEY, now: 1, random: seeded(2), postQuantum: false, echGrease: false });
    assert.equal(hello.record.length, 517);
    assert.ok(parseClientHello(hello.record).extensionTypes.includes(0x0015));
  });

  test('the middle extensions are permuted per connection', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) orders.add(parseClientHello(buildClientHello({ domain: 'a.b', key: KEY, now: 1, random: seeded(seed) }).record).extensionTypes.join());
    assert.ok(orders.size > 1);
  });

  test('random = HMAC-SHA256(K, record with random zeroed), last 4 bytes XOR the unix time', () => {
    const now = 1_767_000_123;
    const hello = buildClientHello({ domain: 'example.com', key: KEY, now, random: seeded(3) });
    const zeroed = hello.record.slice();
    zeroed.fill(0, CLIENT_RANDOM_OFFSET, CLIENT_RANDOM_OFFSET + 32);
    const h = hmacSha256(KEY, zeroed);
    assert.deepEqual([...hello.random.subarray(0, 28)], [...h.subarray(0, 28)]);
    const ts = new DataView(h.buffer, h.byteOffset + 28, 4).getUint32(0, true) ^ new DataView(hello.random.buffer, hello.random.byteOffset + 28, 4).getUint32(0, true);
    assert.equal(ts >>> 0, now);
  });

  test('GREASE values follow RFC 8701 and neighbours differ; random strings are often not curve points', () => {
    for (let seed = 1; seed < 50; seed++) {
      const g = greaseValues(seeded(seed));
      assert.ok(g.every(isGrease));
      for (let i = 1; i < g.length; i++) assert.notEqual(g[i], g[i - 1]);
    }
    const random = seeded(9);
    let offCurve = 0;
    for (let i = 0; i < 64; i++) {
      const u = random(32).slice();
      u[31]! &= 0x7f;
      if (!isCurve25519Point(u)) offCurve++;
    }
    assert.ok(offCurve > 10, 'the curve check rejects about half of all strings');
    assert.ok(isCurve25519Point(x25519Share(seeded(10))));
  });
});

describe('FakeTLS records and the server flight', () => {
  test('records carry at most 16 384 bytes; the reader accepts one ChangeCipherSpec first and nothing but application data after', () => {
    const data = pseudoRandom(40_000, 5);
    const framed = encodeRecords(data);
    assert.equal(framed.length, data.length + 3 * 5);
    const reader = new RecordReader('test', true);
    const out = reader.push(Uint8Array.of(0x14, 0x03, 0x03, 0x00, 0x01, 0x01, ...framed.subarray(0, 1000)));
    const rest = reader.push(framed.subarray(1000));
    const all = [...out, ...rest];
    assert.ok(all.every((r) => r.length <= MAX_RECORD_PAYLOAD));
    assert.deepEqual(Buffer.concat(all), Buffer.from(data));
    assert.throws(() => reader.push(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28)), (e: unknown) => e instanceof ProxyError && e.stage === 'handshake');
  });

  test('the server flight is ServerHello + CCS + one application-data record with a verifiable digest', () => {
    const clientRandom = pseudoRandom(32, 7);
    const sessionId = pseudoRandom(32, 8);
    const flight = buildServerFlight({ key: KEY, clientRandom, sessionId, cipherSuite: 0x1302, random: seeded(4) });
    assert.deepEqual([...flight.subarray(0, 11)], [0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03, 0x03]);
    assert.deepEqual([...flight.subarray(44, 76)], [...sessionId]);
    assert.deepEqual([...flight.subarray(76, 78)], [0x13, 0x02]);
    assert.deepEqual([...flight.subarray(127, 133)], [0x14, 0x03, 0x03, 0x00, 0x01, 0x01]);
    assert.equal(flight[133], 0x17);
    assert.ok(verifyServerFlight(KEY, clientRandom, flight));
    assert.equal(verifyServerFlight(KEY, pseudoRandom(32, 9), flight), false);
  });

  test('the client refuses a flight signed with another key, and a server that is not an MTProxy', async () => {
    const otherKey = KEY.map((b) => b ^ 0xff);
    const answerers: Array<(hello: Buffer) => Uint8Array> = [
      (hello) => buildServerFlight({ key: otherKey, clientRandom: hello.subarray(11, 43), sessionId: hello.subarray(44, 76), cipherSuite: 0x1301 }),
      () => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'),
    ];
    const expected = [/server digest mismatch/, /did not answer like an MTProxy/];
    for (const [i, answer] of answerers.entries()) {
      const server = createServer((s) => {
        s.on('error', () => undefined);
        s.once('data', (hello: Buffer) => s.write(answer(hello)));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const pipe = await platform().net.connectTcp('127.0.0.1', (server.address() as { port: number }).port, { timeoutMs: 2000 });
      try {
        await assert.rejects(fakeTlsConnect(pipe, { key: KEY, domain: 'example.com' }), (e: unknown) => e instanceof ProxyError && e.stage === 'handshake' && expected[i]!.test(e.message));
      } finally {
        pipe.close(false);
        await new Promise<void>((r) => server.close(() => r()));
      }
    }
  });
});
