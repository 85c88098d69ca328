/**
 * Leak check: 10,000 calls on one client must leave no growth in the session's pending-request
 * tables, in timers (`process.getActiveResourcesInfo()`), or in listeners on a caller's AbortSignal.
 * The pending tables are private: they are read through a narrow cast, with a clear failure if the
 * internals are renamed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type { Client } from '../../src/client/index.js';
import { echoed, keyedClient, startEchoServer } from './helpers.js';

const CALLS = 10_000;
const CONCURRENCY = 100;
/** `PendingTable`'s default bound on remembered containers (src/mtproto/pending.ts). */
const CONTAINER_CAP = 4096;

interface SessionInternals {
  pendingCount: number;
  pending?: { byMsgId?: Map<unknown, unknown>; containers?: Map<unknown, unknown> };
  stateQueries?: Map<unknown, unknown>;
}

/** Every MTProto session of the client, by DC (reached through the internals: Client → pools → connections). */
function sessionsOf(client: Client): Map<string, SessionInternals> {
  type Pools = { pools?: Map<number, Map<string, { connections?: Array<{ session?: SessionInternals }> }>> };
  const pools = (client as unknown as { assembly?: { pools?: Pools } }).assembly?.pools?.pools;
  assert.ok(pools instanceof Map, 'Client.assembly.pools.pools (internal) not found: update this test to the new internals');
  const out = new Map<string, SessionInternals>();
  for (const [dc, byKind] of pools) {
    for (const [kind, pool] of byKind) {
      pool.connections?.forEach((c, i) => {
        assert.ok(c.session, 'DcConnection.session (internal) not found');
        out.set(`${dc}.${kind}.${i}`, c.session);
      });
    }
  }
  return out;
}

/** Sizes of the sessions' request bookkeeping. */
function tableSizes(client: Client): Record<string, number> {
  const sessions = sessionsOf(client);
  const out: Record<string, number> = { sessions: sessions.size };
  for (const [dc, s] of sessions) {
    out[`dc${dc}.pending`] = s.pendingCount;
    if (s.pending?.byMsgId) out[`dc${dc}.byMsgId`] = s.pending.byMsgId.size;
    if (s.pending?.containers) out[`dc${dc}.containers`] = s.pending.containers.size;
    if (s.stateQueries) out[`dc${dc}.stateQueries`] = s.stateQueries.size;
  }
  return out;
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

test('10,000 calls on one client leave no pending entries, timers or listeners behind', { timeout: 60_000 }, async (t) => {
  const server = await startEchoServer();
  const client = keyedClient(server);
  try {
    const controller = new AbortController();
    const signal = controller.signal;
    // Warm-up call: connection, ping loop and other long-lived timers exist from here on.
    echoed(await client.api.help.getAppConfig({ hash: -1 }, { signal }));
    await new Promise((r) => setTimeout(r, 300)); // pending acks flush
    const before = { tables: tableSizes(client), timers: timers(), heap: process.memoryUsage().heapUsed };

    let wrong = 0;
    let maxListeners = 0;
    for (let i = 0; i < CALLS; i += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, (_, j) =>
        client.api.help.getAppConfig({ hash: i + j }, { signal }).then((r) => {
          if (echoed(r) !== i + j) wrong++;
        }),
      );
      await new Promise((r) => setImmediate(r)); // calls attach their listener after connect() resolves
      maxListeners = Math.max(maxListeners, getEventListeners(signal, 'abort').length);
      await Promise.all(batch);
    }
    await new Promise((r) => setTimeout(r, 300)); // ack timer fires and clears
    const after = { tables: tableSizes(client), timers: timers(), heap: process.memoryUsage().heapUsed };
    const listeners = getEventListeners(signal, 'abort').length;

    t.diagnostic(`calls ${CALLS}, wrong results ${wrong}`);
    t.diagnostic(`tables before ${JSON.stringify(before.tables)}, after ${JSON.stringify(after.tables)}`);
    t.diagnostic(`timers before ${before.timers}, after ${after.timers}; abort listeners peak ${maxListeners}, after ${listeners}`);
    t.diagnostic(`heap before ${(before.heap / 1048576).toFixed(1)} MB, after ${(after.heap / 1048576).toFixed(1)} MB (no GC forced; informational)`);

    assert.equal(wrong, 0);
    assert.ok(maxListeners > 0, 'calls did listen to the signal while in flight');
    assert.equal(listeners, 0, 'every abort listener removed');
    for (const [k, v] of Object.entries(after.tables)) {
      // Sent containers are remembered after their messages are answered (to expand acks and
      // bad_msg_notifications that name the container); that table is capped at 4096 entries.
      if (k.endsWith('.containers')) assert.ok(v <= CONTAINER_CAP, `${k} exceeds its cap: ${v}`);
      else assert.ok(v <= (before.tables[k] ?? 0), `${k} grew from ${before.tables[k]} to ${v}`);
    }
    assert.ok(after.timers <= before.timers, `timers grew from ${before.timers} to ${after.timers}`);
  } finally {
    await client.close();
    await server.close();
  }
});
