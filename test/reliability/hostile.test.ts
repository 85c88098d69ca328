/**
 * Hostile input, seeded and bounded: fuzzing of the TL decoder, the transport codecs and the
 * obfuscated2 init; garbage and forged packets against the test server's inbound path; and a
 * malicious server (a bare `listen()`) answering a tgts `Client` with garbage. Only typed errors,
 * no crash, bounded memory, and other connections keep working.
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { readFileSync } from 'node:fs';
import { Client, MemorySession, TgtsError } from '../../src/index.js';
import { encryptMessage } from '../../src/crypto/index.js';
import { encodeEncryptedPlaintext, MessageIdGenerator } from '../../src/mtproto/index.js';
import { Reader, TlError, Writer, writeRequest } from '../../src/tl/index.js';
import { CODEC_NAMES, createCodec, parseObfuscatedInit, createObfuscatedInit, TransportError } from '../../src/transport/index.js';
import { listen } from '../../src/transport/server.js';
import type { PacketConnection } from '../../src/transport/index.js';
import type { TestServer } from '../../src/testing/index.js';
import { rawClientFor } from '../testing/server-raw-client.js';
import { echoCalls, echoed, keyedClient, startEchoServer, waitFor } from './helpers.js';
import { fullTables } from '../../src/tl/full-codec.js';

/** Deterministic xorshift32 generator: every run tries the same inputs. */
function rng(seed: number): { int(n: number): number; bytes(n: number): Uint8Array } {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    int: (n) => next() % n,
    bytes: (n) => {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
  };
}

/** Flips, truncates or splices bytes of a valid input. */
function mutate(r: ReturnType<typeof rng>, src: Uint8Array): Uint8Array {
  const b = src.slice();
  switch (r.int(4)) {
    case 0:
      for (let k = 0; k < 1 + r.int(8); k++) b[r.int(b.length)] = r.int(256);
      return b;
    case 1:
      return b.subarray(0, r.int(b.length));
    case 2: {
      const at = r.int(b.length);
      const junk = r.bytes(1 + r.int(16));
      return Uint8Array.from([...b.subarray(0, at), ...junk, ...b.subarray(at)]);
    }
    default: {
      // Oversized length prefixes and vector counts are the classic decoder killers.
      const at = r.int(Math.max(1, b.length - 4)) & ~3;
      new DataView(b.buffer).setUint32(at, 0xfffffff0 - r.int(1000), true);
      return b;
    }
  }
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(Buffer.from(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8').replace(/\s+/g, ''), 'hex'));
}

const stats: Record<string, { inputs: number; typedErrors: number; accepted: number }> = {};
function tally(area: string, outcome: 'typed' | 'ok'): void {
  const s = (stats[area] ??= { inputs: 0, typedErrors: 0, accepted: 0 });
  s.inputs++;
  if (outcome === 'typed') s.typedErrors++;
  else s.accepted++;
}

after(() => console.log(`hostile inputs: ${JSON.stringify(stats)}`));

describe('fuzzing the decoders (seeded, bounded)', () => {
  it('TL decoder: random and mutated inputs give objects or TlError only', () => {
    const r = rng(0x7e57);
    const seeds = [fixture('chatInviteExported.hex'), fixture('messages_messages_100.hex')];
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 3000; i++) {
      const input = i % 3 === 0 ? r.bytes(r.int(64)) : mutate(r, seeds[i % seeds.length]!);
      try {
        new Reader(input, 0, input.length, fullTables.readers).object();
        tally('tl', 'ok');
      } catch (err) {
        assert.ok(err instanceof TlError, `input #${i}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
        tally('tl', 'typed');
      }
    }
    const grown = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(grown < 256 * 1024 * 1024, `heap grew ${grown} bytes`);
  });

  it('transport codecs: random byte streams give packets or TransportError only', () => {
    const r = rng(0xc0dec);
    for (const name of CODEC_NAMES) {
      for (const side of ['client', 'server'] as const) {
        for (let i = 0; i < 300; i++) {
          const codec = createCodec(name, { side, maxFrameSize: 1 << 20 });
          try {
            // Several chunks: the streaming state machine is what is under test.
            for (let k = 0; k < 1 + r.int(4); k++) codec.push(r.bytes(r.int(300)));
            assert.ok(codec.failure === undefined || codec.failure instanceof TransportError);
            tally(`codec.${name}`, codec.failure ? 'typed' : 'ok');
          } catch (err) {
            assert.ok(err instanceof TransportError, `${name}/${side} #${i}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
            tally(`codec.${name}`, 'typed');
          }
        }
      }
    }
  });

  it('obfuscated2 init: random and corrupted 64-byte headers give streams or TransportError only', () => {
    const r = rng(0x0bf5);
    const valid = createObfuscatedInit({ protocolTag: createCodec('intermediate').protocolTag!, dcId: 2 }).header;
    for (let i = 0; i < 2000; i++) {
      const input = i % 2 === 0 ? r.bytes(i % 10 === 0 ? r.int(80) : 64) : mutate(r, valid).subarray(0, 64);
      try {
        parseObfuscatedInit(input);
        tally('obfuscated2', 'ok');
      } catch (err) {
        assert.ok(err instanceof TransportError, `#${i}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
        tally('obfuscated2', 'typed');
      }
    }
  });
});

describe('hostile clients against the test server', { timeout: 60_000 }, () => {
  let server: TestServer;
  let witness: Client;
  before(async () => {
    server = await startEchoServer({ logger: { debug: () => {}, warn: () => {} } });
    witness = keyedClient(server);
    echoed(await witness.api.help.getAppConfig({ hash: 1 }));
  });
  after(async () => {
    await witness.close();
    await server.close();
  });

  /** Opens a raw socket, writes `chunks`, and resolves once the server closes it (or after `ms`). */
  function rawSession(chunks: Uint8Array[], ms = 2000): Promise<{ closedByServer: boolean; reply: Buffer }> {
    return new Promise((resolve) => {
      const sock = netConnect(server.address.port, '127.0.0.1');
      const got: Buffer[] = [];
      let done = false;
      const finish = (closedByServer: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sock.destroy();
        resolve({ closedByServer, reply: Buffer.concat(got) });
      };
      const timer = setTimeout(() => finish(false), ms);
      sock.on('data', (d) => got.push(d));
      sock.on('close', () => finish(true));
      sock.on('error', () => finish(true));
      sock.on('connect', () => {
        for (const c of chunks) sock.write(c);
      });
    });
  }

  function intermediateFrame(payload: Uint8Array): Uint8Array {
    const out = new Uint8Array(4 + payload.length);
    new DataView(out.buffer).setUint32(0, payload.length, true);
    out.set(payload, 4);
    return out;
  }
  const INTERMEDIATE_TAG = Uint8Array.of(0xee, 0xee, 0xee, 0xee);

  it('random bytes on fresh connections are refused without harm', async () => {
    const r = rng(0x5e4e);
    const runs = Array.from({ length: 40 }, () => rawSession([r.bytes(1 + r.int(200))], 1500));
    const results = await Promise.all(runs);
    for (const x of results) tally('server.randomBytes', x.closedByServer ? 'typed' : 'ok');
    assert.equal(echoed(await witness.api.help.getAppConfig({ hash: 2 })), 2, 'other connections unaffected');
  });

  it('valid framing with garbage payloads closes only that connection', async () => {
    const r = rng(0x9a4b);
    const runs = Array.from({ length: 30 }, (_, i) => {
      const size = [8, 24, 40, 72, 1024][i % 5]! + (i % 7 === 0 ? 1 : 0);
      return rawSession([INTERMEDIATE_TAG, intermediateFrame(r.bytes(size))], 1500);
    });
    const results = await Promise.all(runs);
    for (const x of results) tally('server.garbageFrame', x.closedByServer ? 'typed' : 'ok');
    assert.ok(results.every((x) => x.closedByServer), 'garbage connections closed');
    assert.equal(echoed(await witness.api.help.getAppConfig({ hash: 3 })), 3);
  });

  it('forged auth_key_id gets transport error −404 and a closed connection', async () => {
    const r = rng(0xf0f0);
    for (let i = 0; i < 10; i++) {
      const packet = r.bytes(8 + 16 + 16 * (1 + r.int(8)));
      const { closedByServer, reply } = await rawSession([INTERMEDIATE_TAG, intermediateFrame(packet)], 1500);
      assert.ok(closedByServer);
      if (reply.length >= 8) assert.equal(reply.readInt32LE(4), -404);
      tally('server.forgedAuthKeyId', 'typed');
    }
    assert.equal(echoed(await witness.api.help.getAppConfig({ hash: 4 })), 4);
  });

  it('a replayed msg_id is executed once (its stored answer re-sent); a msg_id outside the time window is refused (16/17)', async () => {
    const raw = await rawClientFor(server);
    try {
      await raw.invoke({ _: 'help.getAppConfig', hash: 5 }); // salt settled, session announced
      const w = new Writer();
      writeRequest(w, { _: 'help.getAppConfig', hash: 6 });
      const body = w.finish();
      const before = echoCalls(server);
      const msgId = raw.sendBody(body);
      raw.sendBody(body, { msgId }); // same msg_id again
      await raw.result(msgId);
      await new Promise((res) => setTimeout(res, 300));
      assert.equal(echoCalls(server) - before, 1, 'replay not executed twice');
      const answers = raw.received.filter((m) => m.rpc?.reqMsgId === msgId);
      assert.ok(answers.every((a) => Buffer.from(a.rpc!.result).equals(Buffer.from(answers[0]!.rpc!.result))), 'only the stored answer');
      tally('server.replayedMsgId', 'typed');

      for (const minutes of [-10, 10]) {
        const ids = new MessageIdGenerator({ side: 'client', now: () => Date.now() + minutes * 60_000 });
        const stale = ids.next();
        raw.sendBody(body, { msgId: stale });
        const note = await raw.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj.badMsgId === stale, 3000, 'bad_msg_notification');
        assert.equal(note.obj?.errorCode, minutes < 0 ? 16 : 17);
        assert.equal(raw.received.filter((m) => m.rpc?.reqMsgId === stale).length, 0, 'stale message not executed');
        tally('server.msgIdOutsideWindow', 'typed');
      }
    } finally {
      raw.close();
    }
    assert.equal(echoed(await witness.api.help.getAppConfig({ hash: 7 })), 7);
  });

  it('every hostile connection is gone afterwards', async () => {
    const back = await waitFor(() => server.stats.connections === 1, 5000);
    assert.ok(back, `connections: ${server.stats.connections} (expected only the witness)`);
  });
});

describe('a malicious server against a tgts Client', { timeout: 60_000 }, () => {
  type Behaviour = (conn: PacketConnection, packet: Uint8Array, r: ReturnType<typeof rng>) => void;
  const authKey = rng(0xa0).bytes(256);

  /** Encrypted with the client's real key, but the plaintext is garbage. */
  function forgedPlaintext(r: ReturnType<typeof rng>): Uint8Array {
    const plain = encodeEncryptedPlaintext({ salt: 0n, sessionId: 1n, msgId: 1n, seqNo: 0, body: r.bytes(16 + 4 * r.int(20)) });
    return encryptMessage(authKey, plain, 'server');
  }

  const behaviours: Record<string, Behaviour> = {
    'random packets': (c, _p, r) => c.send(r.bytes(1 + r.int(300))),
    'short packets': (c, _p, r) => c.send(r.bytes(r.int(8))),
    'transport error codes': (c, _p, r) => {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, -[404, 429, 444, 1][r.int(4)]!, true);
      c.send(b);
    },
    'wrong auth_key_id': (c, p, r) => {
      const b = r.bytes(Math.max(40, p.length));
      c.send(b);
    },
    'right key id, bad msg_key': (c, p, r) => {
      const b = r.bytes(Math.max(56, p.length));
      b.set(p.subarray(0, 8), 0); // echo the client's auth_key_id
      c.send(b);
    },
    'validly encrypted garbage': (c, _p, r) => c.send(forgedPlaintext(r)),
    'echo of the client packet': (c, p) => c.send(p),
  };

  for (const [name, behave] of Object.entries(behaviours)) {
    it(`${name}: calls fail with typed errors, nothing crashes`, async () => {
      const r = rng(name.length * 7919);
      let packets = 0;
      const conns = new Set<PacketConnection>();
      const evil = await listen({ maxFrameSize: 1 << 20 }, (conn) => {
        conns.add(conn);
        conn.onClose(() => conns.delete(conn));
        conn.onPacket((p) => {
          packets++;
          try {
            behave(conn, p, r);
          } catch {
            // the connection may already be closed
          }
        });
      });
      const port = evil.address.port;
      const client = new Client({
        apiId: 1,
        apiHash: 'hostile',
        dc: { id: 2, host: '127.0.0.1', port },
        publicKeys: [],
        requestTimeout: 1500,
        session: new MemorySession({ version: 1, dcId: 2, dcs: { 2: { host: '127.0.0.1', port, authKey } } }),
      });
      const uncaught: unknown[] = [];
      const onUncaught = (e: unknown): void => void uncaught.push(e);
      process.on('uncaughtException', onUncaught);
      try {
        const outcomes = await Promise.allSettled(Array.from({ length: 3 }, (_, i) => client.api.help.getAppConfig({ hash: i })));
        for (const o of outcomes) {
          assert.equal(o.status, 'rejected', 'a garbage answer must not resolve a call');
          const err = (o as PromiseRejectedResult).reason as Error;
          assert.ok(err instanceof TgtsError || err instanceof TransportError, `untyped error ${err?.name}: ${err?.message}`);
          tally(`client.${name}`, 'typed');
        }
      } finally {
        await client.close();
        for (const c of conns) c.close();
        await evil.close();
        process.off('uncaughtException', onUncaught);
      }
      assert.ok(packets > 0, 'the client reached the malicious server');
      assert.deepEqual(uncaught, []);
    });
  }

  it('an oversized frame header from the server is refused before buffering', async () => {
    const { createServer } = await import('node:net');
    const sockets = new Set<import('node:net').Socket>();
    const srv = createServer((sock) => {
      sockets.add(sock);
      sock.once('data', () => {
        const h = Buffer.alloc(4);
        h.writeUInt32LE(0x7ffffff0, 0); // ~2 GiB frame announced
        sock.write(h);
        sock.write(Buffer.alloc(64 * 1024));
      });
      sock.on('error', () => {});
    });
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
    const port = (srv.address() as { port: number }).port;
    const client = new Client({
      apiId: 1,
      apiHash: 'hostile',
      dc: { id: 2, host: '127.0.0.1', port },
      publicKeys: [],
      transport: { obfuscated: false },
      requestTimeout: 1500,
      session: new MemorySession({ version: 1, dcId: 2, dcs: { 2: { host: '127.0.0.1', port, authKey } } }),
    });
    const heapBefore = process.memoryUsage().heapUsed;
    try {
      await assert.rejects(client.api.help.getAppConfig({ hash: 1 }), (err: unknown) => err instanceof TgtsError || err instanceof TransportError);
      assert.ok(process.memoryUsage().heapUsed - heapBefore < 512 * 1024 * 1024, 'no 2 GiB buffer');
      tally('client.oversizedFrame', 'typed');
    } finally {
      await client.close();
      for (const s of sockets) s.destroy();
      await new Promise((res) => srv.close(res));
    }
  });
});
