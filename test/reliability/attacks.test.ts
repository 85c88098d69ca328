/**
 * The test server under attack (it is also a local dev DC others connect to), with the bounds
 * asserted generously and the measured figures printed: 1,000 tag-only and 100 trickling
 * connections are closed by the handshake/idle timeouts; past `maxConnections` sockets are
 * refused at once; 100 partial 8 MiB frames without a key are refused after their first bytes
 * (memory stays flat and returns after close) while a key holder's large frame still passes; a
 * burst of 16,384 calls from one client gets 16,384 answers (backpressure, nothing dropped); a
 * key holder's ~1 MB packet of gzip bombs (and gzip_packed nested in gzip_packed) costs one capped
 * inflate and does not stall the event loop.
 * A witness client is served throughout.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { GZIP_PACKED_ID, MAX_CONTAINER_BYTES, packContainer } from '../../src/mtproto/index.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TestServer } from '../../src/testing/index.js';
import { RawClient, rawClientFor } from '../testing/server-raw-client.js';
import { echoCalls, echoed, keyedClient, startEchoServer, waitFor } from './helpers.js';

const figures: Record<string, unknown> = {};
after(() => console.log(`attack figures: ${JSON.stringify(figures)}`));

const TAG = Buffer.from([0xee, 0xee, 0xee, 0xee]);
const quiet = { debug: () => {}, warn: () => {} };

/** Opens `n` raw sockets to `port` and writes `first` on each. */
async function openSockets(port: number, n: number, first: Buffer): Promise<{ sockets: Socket[]; closed: () => number }> {
  let closed = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve) => {
          const s = netConnect(port, '127.0.0.1', () => {
            s.write(first);
            resolve(s);
          });
          s.on('error', () => undefined);
          s.on('close', () => closed++);
        }),
    ),
  );
  return { sockets, closed: () => closed };
}

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function rssMiB(): number {
  for (let i = 0; i < 3; i++) gc();
  return Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
}

async function witnessOk(server: TestServer, hash: number): Promise<void> {
  const w = keyedClient(server, { requestTimeout: 20_000 });
  try {
    assert.equal(echoed(await w.api.help.getAppConfig({ hash })), hash, 'other clients are served');
  } finally {
    await w.close();
  }
}

/** `gzip_packed packed_data:bytes` around an already compressed stream. */
function gzipPacked(stream: Uint8Array): Uint8Array {
  const head = stream.length <= 253 ? 1 : 4;
  const out = new Uint8Array(4 + Math.ceil((head + stream.length) / 4) * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, GZIP_PACKED_ID, true);
  if (head === 1) out[4] = stream.length;
  else view.setUint32(4, 254 | (stream.length << 8), true);
  out.set(stream, 4 + head);
  return out;
}

describe('the server under attack', { timeout: 180_000 }, () => {
  it('1,000 tag-only and 100 trickling connections are closed by the handshake and idle timeouts', async () => {
    const server = await startEchoServer({ logger: quiet, handshakeTimeoutMs: 1500, idleTimeoutMs: 1500 });
    try {
      const start = Date.now();
      const tagOnly = await openSockets(server.address.port, 1000, TAG);
      // a frame header announcing 64 bytes, then one byte every 200 ms: never a complete packet
      const header = Buffer.alloc(4);
      header.writeUInt32LE(64);
      const trickle = await openSockets(server.address.port, 100, Buffer.concat([TAG, header]));
      const dripper = setInterval(() => {
        for (const s of trickle.sockets) if (!s.destroyed) s.write(Buffer.of(0));
      }, 200);
      try {
        await witnessOk(server, 1);
        const gone = await waitFor(() => tagOnly.closed() === 1000 && trickle.closed() === 100, 60_000);
        figures['closedAfterTimeouts'] = { tagOnly: tagOnly.closed(), trickling: trickle.closed(), timeoutMs: 1500, allClosedWithinMs: Date.now() - start };
        assert.ok(gone, `closed: ${tagOnly.closed()}/1000 tag-only, ${trickle.closed()}/100 trickling`);
        assert.ok(await waitFor(() => server.stats.connections === 0, 10_000), `server connections: ${server.stats.connections}`);
        await witnessOk(server, 2);
      } finally {
        clearInterval(dripper);
        for (const s of [...tagOnly.sockets, ...trickle.sockets]) s.destroy();
      }
    } finally {
      await server.close();
    }
  });

  it('past maxConnections new sockets are closed at once; the ones inside the limit are served', async () => {
    const server = await startEchoServer({ logger: quiet, maxConnections: 50 });
    try {
      const held = await openSockets(server.address.port, 50, TAG);
      const over = await openSockets(server.address.port, 30, TAG);
      const refused = await waitFor(() => over.closed() === 30, 10_000);
      figures['connectionLimit'] = { limit: 50, held: 50 - held.closed(), refusedOf30: over.closed() };
      assert.ok(refused, `refused ${over.closed()} of 30 over the limit`);
      assert.equal(held.closed(), 0, 'the sockets inside the limit stay');
      for (const s of held.sockets) s.destroy();
      await waitFor(() => server.stats.connections === 0, 5000);
      await witnessOk(server, 3);
    } finally {
      await server.close();
    }
  });

  it('100 partial 8 MiB frames without a key are refused after their first bytes; memory stays flat and a key holder still sends large frames', async () => {
    const server = await startEchoServer({ logger: quiet });
    try {
      const before = rssMiB();
      const header = Buffer.alloc(4);
      header.writeUInt32LE(8 * 1024 * 1024 - 16);
      const chunk = randomBytes(1024 * 1024);
      chunk.fill(0, 0, 8); // auth_key_id 0: an unencrypted message
      const attack = await openSockets(server.address.port, 100, Buffer.concat([TAG, header, chunk]));
      const closed = await waitFor(() => attack.closed() === 100, 30_000);
      const during = rssMiB();
      for (const s of attack.sockets) s.destroy();
      await waitFor(() => server.stats.connections === 0, 5000);
      const afterClose = rssMiB();
      figures['preKeyFrames'] = { closedOf100: attack.closed(), rssMiB: { before, during, afterClose } };
      assert.ok(closed, `closed ${attack.closed()} of 100`);
      assert.ok(during - before < 96, `RSS grew ${during - before} MiB (no 8 MiB buffers held)`);
      assert.ok(afterClose - before < 96, `RSS after close is ${afterClose - before} MiB above the start`);

      // an unknown auth_key_id with a large frame is answered −404, as Telegram answers an unknown key
      const forged = Buffer.concat([TAG, header, randomBytes(64)]);
      const reply = await new Promise<Buffer>((resolve) => {
        const got: Buffer[] = [];
        const s = netConnect(server.address.port, '127.0.0.1', () => s.write(forged));
        s.on('data', (d) => got.push(d));
        s.on('close', () => resolve(Buffer.concat(got)));
        s.on('error', () => undefined);
      });
      assert.equal(reply.readInt32LE(4), -404);

      // a key holder's 200 KB request is a normal frame
      const raw = await rawClientFor(server);
      try {
        await raw.invoke({ _: 'help.getAppConfig', hash: 4 });
        const huge = raw.sendBody(RawClient.encode({ _: 'auth.sendCode', phoneNumber: 'x'.repeat(200_000), apiId: 1, apiHash: 'x', settings: { _: 'codeSettings' } }));
        const answered = await raw.result(huge, 10_000);
        assert.ok(answered.rpc, 'a large frame of a known key is admitted and answered');
      } finally {
        raw.close();
      }
      await witnessOk(server, 6);
    } finally {
      await server.close();
    }
  });

  it('a ~1 MB packet of gzip bombs from a key holder costs one capped inflate: the event loop keeps turning, others are served', async () => {
    const server = await startEchoServer({ logger: quiet });
    try {
      const raw = await rawClientFor(server);
      const witness = keyedClient(server, { requestTimeout: 20_000 });
      try {
        await raw.invoke({ _: 'help.getAppConfig', hash: 0 });
        echoed(await witness.api.help.getAppConfig({ hash: 1 }));
        // 16 MiB of zeros compress to ~16 KB: each message alone may inflate to the 16 MiB cap
        const bomb = gzipPacked(new Uint8Array(gzipSync(new Uint8Array(16 * 1024 * 1024))));
        const nested = gzipPacked(new Uint8Array(gzipSync(bomb))); // gzip_packed inside gzip_packed
        const bodies: Uint8Array[] = [];
        let size = 0;
        while (size + bomb.length + 64 < MAX_CONTAINER_BYTES - 1024) {
          const body = bodies.length % 2 === 0 ? bomb : nested;
          bodies.push(body);
          size += body.length + 16;
        }
        const inner = bodies.map((body) => ({ msgId: raw.ids.next(), seqNo: raw.seq.next(true), body }));
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const started = Date.now();
        raw.sendBody(packContainer(inner), { content: false });
        const served = witness.api.help.getAppConfig({ hash: 2 });
        const answered = await waitFor(() => inner.every((m) => raw.received.some((r) => r.rpc?.reqMsgId === m.msgId)), 30_000);
        echoed(await served);
        delay.disable();
        const maxStallMs = Math.round(delay.max / 1e6);
        figures['gzipBombs'] = { packetBytes: size, messages: inner.length, allAnsweredWithinMs: Date.now() - started, maxEventLoopStallMs: maxStallMs };
        assert.ok(answered, 'every message of the packet was answered (an error for each bomb past the budget)');
        assert.ok(maxStallMs < 2500, `event loop stalled ${maxStallMs} ms`);
        echoed(await witness.api.help.getAppConfig({ hash: 3 }));
      } finally {
        raw.close();
        await witness.close();
      }
    } finally {
      await server.close();
    }
  });

  it('a burst of 16,384 calls from one client gets 16,384 answers (backpressure, nothing dropped)', async () => {
    const server = await startEchoServer({ logger: quiet });
    try {
      const raw = await rawClientFor(server);
      try {
        await raw.invoke({ _: 'help.getAppConfig', hash: 0 });
        const before = echoCalls(server);
        const ids = new Set<bigint>();
        const body = RawClient.encode({ _: 'help.getAppConfig', hash: 7 });
        for (let i = 0; i < 16_384; i++) ids.add(raw.sendBody(body));
        const all = await waitFor(() => raw.received.filter((m) => m.rpc && ids.has(m.rpc.reqMsgId)).length >= 16_384, 120_000);
        const answered = new Set(raw.received.filter((m) => m.rpc && ids.has(m.rpc.reqMsgId)).map((m) => m.rpc!.reqMsgId));
        figures['burst'] = { sent: 16_384, executed: echoCalls(server) - before, answered: answered.size };
        assert.ok(all, `answered ${answered.size} of 16384`);
        assert.equal(answered.size, 16_384);
        assert.equal(echoCalls(server) - before, 16_384, 'each executed once');
      } finally {
        raw.close();
      }
      await witnessOk(server, 8);
    } finally {
      await server.close();
    }
  });
});
