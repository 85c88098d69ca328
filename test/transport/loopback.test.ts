import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect as rawConnect, createServer, type Socket } from 'node:net';
import { CODEC_NAMES, TransportError, connect, transportErrorPayload, type ConnectionInfo, type Listener, type PacketConnection, type TransportType } from '../../src/transport/index.js';
import { listen, listenWebSocket } from '../../src/transport/server.js';
import { WebSocket } from 'ws';
import { encryptedShaped, plainShaped } from './helpers.js';

const STEP_TIMEOUT_MS = 10_000;

/** Resolves with `count` packets from `conn`, or rejects on close / timeout. */
function collect(conn: PacketConnection, count: number): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const got: Uint8Array[] = [];
    const timer = setTimeout(() => reject(new Error(`timeout: got ${got.length}/${count} packets`)), STEP_TIMEOUT_MS);
    conn.onPacket((p) => {
      got.push(p);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
    conn.onClose((err) => {
      clearTimeout(timer);
      reject(err ?? new Error('closed early'));
    });
  });
}

/** The other connection of the listener is unaffected: it still echoes a packet. */
async function assertStillEchoes(conn: PacketConnection): Promise<void> {
  const p = encryptedShaped(3, 9);
  const echoed = collect(conn, 1);
  conn.send(p);
  assert.deepEqual(await echoed, [p]);
}

function closedWith(conn: PacketConnection): Promise<Error | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connection did not close')), STEP_TIMEOUT_MS);
    conn.onClose((err) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

function rawClosed(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('raw socket not closed by server')), STEP_TIMEOUT_MS);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function payloadsFor(codec: string): Uint8Array[] {
  const shaped = [encryptedShaped(1, 1), plainShaped(40, 2), encryptedShaped(1000, 3), plainShaped(64 * 1024, 4), encryptedShaped(65535, 5)];
  // Bare 4-byte packets are ambiguous under padded intermediate (padding is stripped by MTProto layout).
  return codec === 'paddedIntermediate' ? shaped : [Uint8Array.of(1, 0, 0, 0), ...shaped];
}

const serverInfos: ConnectionInfo[] = [];
const echo = (conn: PacketConnection): void => {
  serverInfos.push(conn.info);
  conn.onPacket((p) => conn.send(p));
};

const listeners: Partial<Record<TransportType, Listener>> = {};

before(async () => {
  listeners.tcp = await listen({ initTimeoutMs: 2000 }, echo);
  listeners.websocket = await listenWebSocket({ initTimeoutMs: 2000 }, echo);
});

after(async () => {
  await listeners.tcp?.close();
  await listeners.websocket?.close();
});

describe('echo over loopback', () => {
  for (const type of ['tcp', 'websocket'] as const) {
    for (const codec of CODEC_NAMES) {
      for (const obfuscated of [false, true]) {
        if (codec === 'full' && obfuscated) continue;
        it(`${type} ${codec}${obfuscated ? ' obfuscated' : ''}: payloads 4 B … 1 MiB arrive intact and in order`, async () => {
          const l = listeners[type]!;
          const conn = await connect({ type, codec, obfuscated, host: l.address.host, port: l.address.port, dcId: -3, testMode: true });
          assert.deepEqual(conn.info, { codec, obfuscated, dcId: -3, type, remote: `127.0.0.1:${l.address.port}` });
          const payloads = payloadsFor(codec);
          const echoed = collect(conn, payloads.length);
          for (const p of payloads) conn.send(p);
          assert.deepEqual(await echoed, payloads);
          const server = serverInfos.at(-1)!;
          assert.equal(server.codec, codec);
          assert.equal(server.obfuscated, obfuscated);
          assert.equal(server.type, type);
          if (obfuscated) assert.equal(server.dcId, -10003);
          const total = payloads.reduce((n, p) => n + p.length, 0);
          assert.ok(conn.bytesOut > total && conn.bytesIn > total);
          const closed = closedWith(conn);
          conn.close();
          assert.equal(await closed, undefined);
          assert.equal(conn.closed, true);
          assert.throws(() => conn.send(payloads[0]), (e: unknown) => e instanceof TransportError && e.kind === 'closed');
        });
      }
    }
  }
});

describe('packets handed over', () => {
  for (const type of ['tcp', 'websocket'] as const) {
    for (const codec of ['abridged', 'intermediate', 'paddedIntermediate'] as const) {
      it(`${type} ${codec} obfuscated: a handed-over packet may be encrypted in place, one kept is left as it was`, async () => {
        const l = listeners[type]!;
        const conn = await connect({ type, codec, obfuscated: true, host: l.address.host, port: l.address.port, dcId: 2 });
        const payloads = [encryptedShaped(8, 11), encryptedShaped(70_000, 12), encryptedShaped(4096, 13), encryptedShaped(65_536, 14)];
        const echoed = collect(conn, payloads.length * 2);
        const kept = payloads.map((p) => p.slice());
        for (const [i, p] of payloads.entries()) {
          conn.send(p.slice(), true);
          conn.send(kept[i]!);
        }
        assert.deepEqual(kept, payloads, 'a packet not handed over is not touched');
        assert.deepEqual(await echoed, payloads.flatMap((p) => [p, p]));
        conn.close();
      });
    }
  }
});

describe('server behaviour', () => {
  it('garbage closes only that connection', async () => {
    const rejected: Error[] = [];
    const l = await listen({ onRejected: (err) => rejected.push(err) }, echo);
    try {
      const good = await connect({ type: 'tcp', codec: 'intermediate', obfuscated: true, host: '127.0.0.1', port: l.address.port, dcId: 2 });
      for (const garbage of [Buffer.alloc(64, 0x41), Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]) {
        const raw = rawConnect({ host: '127.0.0.1', port: l.address.port });
        raw.write(garbage);
        await rawClosed(raw);
      }
      assert.deepEqual(rejected.map((e) => (e as TransportError).kind), ['bad-init', 'bad-init']);
      await assertStillEchoes(good);
      good.close();
    } finally {
      await l.close();
    }
  });

  it('websocket: garbage closes only that connection', async () => {
    const rejected: Error[] = [];
    const l = await listenWebSocket({ onRejected: (err) => rejected.push(err) }, echo);
    try {
      const good = await connect({ type: 'websocket', codec: 'abridged', obfuscated: true, host: '127.0.0.1', port: l.address.port, dcId: 2 });
      const raw = new WebSocket(`ws://127.0.0.1:${l.address.port}/apiws`, 'binary');
      await new Promise<void>((resolve, reject) => {
        raw.on('open', () => raw.send(Buffer.alloc(64, 0x42)));
        raw.on('error', () => undefined);
        raw.on('close', () => resolve());
        setTimeout(() => reject(new Error('garbage websocket not closed')), STEP_TIMEOUT_MS).unref();
      });
      assert.equal((rejected[0] as TransportError).kind, 'bad-init');
      await assertStillEchoes(good);
      good.close();
    } finally {
      await l.close();
    }
  });

  it('a silent client is dropped after initTimeoutMs', async () => {
    const rejected: Error[] = [];
    const l = await listen({ initTimeoutMs: 100, onRejected: (err) => rejected.push(err) }, echo);
    try {
      const raw = rawConnect({ host: '127.0.0.1', port: l.address.port });
      raw.write(Uint8Array.of(1, 2, 3)); // not enough to decide
      await rawClosed(raw);
      assert.equal((rejected[0] as TransportError).kind, 'init-timeout');
    } finally {
      await l.close();
    }
  });

  it('a frame above maxFrameSize closes the connection with oversize', async () => {
    const l = await listen({ maxFrameSize: 1024 }, echo);
    try {
      const conn = await connect({ type: 'tcp', codec: 'abridged', obfuscated: false, host: '127.0.0.1', port: l.address.port, dcId: 1, maxFrameSize: 512 });
      const closed = closedWith(conn);
      conn.send(encryptedShaped(40, 1)); // 664 bytes: the server accepts, the client refuses the echo
      const err = await closed;
      assert.ok(err instanceof TransportError && err.kind === 'oversize', String(err));
    } finally {
      await l.close();
    }
  });

  for (const type of ['tcp', 'websocket'] as const) {
    it(`${type}: a server transport error code reaches onClose with its code`, async () => {
      const l = await (type === 'tcp' ? listen : listenWebSocket)({}, (conn) => {
        conn.onPacket(() => conn.send(transportErrorPayload(-404)));
      });
      try {
        const conn = await connect({ type, codec: 'paddedIntermediate', obfuscated: true, host: '127.0.0.1', port: l.address.port, dcId: 2 });
        const closed = closedWith(conn);
        conn.send(encryptedShaped(2, 2));
        const err = await closed;
        assert.ok(err instanceof TransportError && err.kind === 'server-code' && err.code === -404, String(err));
      } finally {
        await l.close();
      }
    });

    it(`${type}: Listener.close() ends every connection`, async () => {
      const l = await (type === 'tcp' ? listen : listenWebSocket)({}, echo);
      const conns = await Promise.all(
        CODEC_NAMES.map((codec) => connect({ type, codec, obfuscated: false, host: '127.0.0.1', port: l.address.port, dcId: 2 })),
      );
      // Wait until the server has seen every init (echo round trip per connection).
      await Promise.all(
        conns.map(async (c) => {
          const got = collect(c, 1);
          c.send(encryptedShaped(1, 1));
          await got;
        }),
      );
      assert.equal(l.connections, conns.length);
      const closes = conns.map((c) => closedWith(c));
      await l.close();
      await Promise.all(closes);
      assert.equal(l.connections, 0);
      assert.ok(conns.every((c) => c.closed));
    });
  }

  it('packets that arrive before onPacket is set are buffered', async () => {
    let serverConn: PacketConnection | undefined;
    const l = await listen({}, (conn) => {
      serverConn = conn; // no handler yet
    });
    try {
      const conn = await connect({ type: 'tcp', codec: 'full', obfuscated: false, host: '127.0.0.1', port: l.address.port, dcId: 2 });
      const payloads = [encryptedShaped(1, 1), encryptedShaped(2, 2), encryptedShaped(3, 3)];
      for (const p of payloads) conn.send(p);
      for (let i = 0; i < 200 && (serverConn === undefined || serverConn.bytesIn < payloads.reduce((n, p) => n + p.length + 12, 0)); i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.deepEqual(await collect(serverConn!, 3), payloads);
      conn.close();
    } finally {
      await l.close();
    }
  });
});

describe('connect errors', () => {
  it('refused → connect-failed', async () => {
    const l = await listen({}, echo);
    const port = l.address.port;
    await l.close();
    await assert.rejects(
      connect({ type: 'tcp', codec: 'abridged', obfuscated: false, host: '127.0.0.1', port, dcId: 2 }),
      (e: unknown) => e instanceof TransportError && e.kind === 'connect-failed',
    );
    await assert.rejects(
      connect({ type: 'websocket', codec: 'abridged', obfuscated: true, host: '127.0.0.1', port, dcId: 2 }),
      (e: unknown) => e instanceof TransportError && e.kind === 'connect-failed',
    );
  });

  it('timeout and abort while a WebSocket handshake hangs', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      await assert.rejects(
        connect({ type: 'websocket', codec: 'intermediate', obfuscated: true, host: '127.0.0.1', port, dcId: 2, timeoutMs: 150 }),
        (e: unknown) => e instanceof TransportError && e.kind === 'timeout',
      );
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(
        connect({ type: 'websocket', codec: 'intermediate', obfuscated: true, host: '127.0.0.1', port, dcId: 2, signal: ac.signal }),
        (e: unknown) => e instanceof TransportError && e.kind === 'aborted',
      );
      await assert.rejects(
        connect({ type: 'tcp', codec: 'intermediate', obfuscated: false, host: '127.0.0.1', port, dcId: 2, signal: AbortSignal.abort() }),
        (e: unknown) => e instanceof TransportError && e.kind === 'aborted',
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('invalid options are refused before connecting', async () => {
    await assert.rejects(
      connect({ type: 'tcp', codec: 'full', obfuscated: true, host: '127.0.0.1', port: 1, dcId: 2 }),
      (e: unknown) => e instanceof TransportError && e.kind === 'invalid-options' && /full/.test(e.message),
    );
    await assert.rejects(
      connect({ type: 'tcp', codec: 'abridged', obfuscated: false, host: '127.0.0.1', port: 0, dcId: 2 }),
      (e: unknown) => e instanceof TransportError && e.kind === 'invalid-options' && /port/.test(e.message),
    );
  });
});
