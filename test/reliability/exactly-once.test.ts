/**
 * Exactly once under connection faults (docs/design/contracts.md §5): rounds of 100 concurrent
 * `messages.exportChatInvite` calls — each creates one link, titled after its call, so the world
 * counts executions — from a tgts `Client` through a loopback proxy that kills the TCP connection
 * 2–30 ms into the round (6 rounds), black-holes the server's answers for 300 ms and then kills
 * (3 rounds); and one round against a `dataDir` server in a child process that is SIGKILLed right
 * after answering and restarted. Per round: 0 hung calls, 0 calls executed twice, 0 answered calls
 * whose link is gone.
 *
 * "Executed twice" depends on the client re-sending under the original msg_id (the server side is
 * tested in test/testing/server-exactly-once.test.ts). A probe measures whether this client does;
 * until it does, that one assertion is reported as TODO with the measured counts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, MemorySession } from '../../src/index.js';
import { TestServer } from '../../src/testing/index.js';
import type { ChatRecord } from '../../src/testing/index.js';
import { KillProxy } from './kill-proxy.js';

const CALLS = 100;
/** A call not settled by then is hung. */
const HUNG_MS = 60_000;
const quiet = { debug: () => {}, warn: () => {} };

interface RoundResult {
  round: string;
  answered: number;
  rejected: Record<string, number>;
  hung: number;
  executedTwice: number;
  answeredThenLost: number;
}
const results: RoundResult[] = [];
let exactlyOnceClient = false;
after(() => console.log(`exactly-once rounds (client re-sends under original msg_ids: ${exactlyOnceClient}): ${JSON.stringify(results)}`));

/** Deterministic xorshift32. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Outcome = { status: 'answered'; title: string } | { status: 'rejected'; title: string; error: string } | { status: 'hung'; title: string };

function settle(title: string, p: Promise<unknown>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((r) => (timer = setTimeout(() => r({ status: 'hung', title }), HUNG_MS)));
  const done = p.then(
    (): Outcome => ({ status: 'answered', title }),
    (err: unknown): Outcome => ({ status: 'rejected', title, error: (err as Error)?.name ?? String(err) }),
  );
  return Promise.race([done, hung]).finally(() => clearTimeout(timer));
}

function tally(round: string, outcomes: Outcome[], titles: string[]): RoundResult {
  const counts = new Map<string, number>();
  for (const t of titles) counts.set(t, (counts.get(t) ?? 0) + 1);
  const rejected: Record<string, number> = {};
  for (const o of outcomes) if (o.status === 'rejected') rejected[o.error] = (rejected[o.error] ?? 0) + 1;
  const r: RoundResult = {
    round,
    answered: outcomes.filter((o) => o.status === 'answered').length,
    rejected,
    hung: outcomes.filter((o) => o.status === 'hung').length,
    executedTwice: outcomes.filter((o) => (counts.get(o.title) ?? 0) > 1).length,
    answeredThenLost: outcomes.filter((o) => o.status === 'answered' && !counts.has(o.title)).length,
  };
  results.push(r);
  return r;
}

function check(r: RoundResult): void {
  assert.equal(r.hung, 0, `${r.round}: hung calls`);
  assert.equal(r.answeredThenLost, 0, `${r.round}: answered calls whose link is gone`);
}

/** A signed-in client on `port` with a fresh key registered by `register`. */
function adminClient(port: number, authKey: Uint8Array, userId: number): Client {
  return new Client({
    apiId: 1,
    apiHash: 'exactly-once',
    dc: { id: 2, host: '127.0.0.1', port },
    publicKeys: [],
    requestTimeout: 45_000,
    session: new MemorySession({ version: 1, dcId: 2, dcs: { 2: { host: '127.0.0.1', port, authKey } }, user: { id: userId, bot: false } }),
  });
}

describe('exactly once through killed connections', { timeout: 600_000 }, () => {
  let server: TestServer;
  let proxy: KillProxy;
  let client: Client;
  let channel: ChatRecord;
  let peer: { _: 'inputPeerChannel'; channelId: number; accessHash: bigint };

  const titlesInWorld = (): string[] => [...channel.links.values()].map((l) => l.title ?? '');
  const call = (title: string): Promise<unknown> => client.api.messages.exportChatInvite({ peer, title });

  before(async () => {
    server = await TestServer.start({ wsPort: false, logger: quiet });
    const world = server.world!;
    const admin = world.seed.createUser({ firstName: 'Admin' });
    channel = world.seed.createChannel({ creator: admin, title: 'Faults' });
    peer = { _: 'inputPeerChannel', channelId: channel.id, accessHash: channel.accessHash };
    proxy = await KillProxy.start(server.address);
    const authKey = new Uint8Array(randomBytes(256));
    server.importAuthKey(authKey, { userId: admin.id });
    client = adminClient(proxy.port, authKey, admin.id);
    await call('warm-up');

    // probe: the server runs a call, its answer never arrives, the connection dies — does the
    // client's re-send run it a second time?
    proxy.blackHole(60_000);
    const probe = call('probe');
    for (let i = 0; i < 500 && !titlesInWorld().includes('probe'); i++) await sleep(10);
    proxy.killAll();
    proxy.blackHole(0);
    await settle('probe', probe);
    exactlyOnceClient = titlesInWorld().filter((t) => t === 'probe').length === 1;
  });
  after(async () => {
    await client?.close();
    await proxy?.close();
    await server?.close();
  });

  async function faultRound(name: string, seed: number, fault: (r: (n: number) => number) => Promise<void>): Promise<void> {
    const titles = Array.from({ length: CALLS }, (_, i) => `${name}-${i}`);
    const outcomes = titles.map((t) => settle(t, call(t)));
    await fault(rng(seed));
    const r = tally(name, await Promise.all(outcomes), titlesInWorld());
    check(r);
  }

  for (let i = 0; i < 6; i++) {
    it(`round ${i + 1}: the connection is killed 2–30 ms in`, () =>
      faultRound(`kill${i + 1}`, 0x5eed + i, async (r) => {
        await sleep(2 + r(29));
        proxy.killAll();
      }));
  }

  for (let i = 0; i < 3; i++) {
    it(`round ${i + 1}: answers black-holed for 300 ms, then the connection is killed`, () =>
      faultRound(`blackhole${i + 1}`, 0xb1ac + i, async (r) => {
        await sleep(2 + r(29));
        proxy.blackHole(300);
        await sleep(300);
        proxy.killAll();
      }));
  }

  it('no round executed a call twice', (t) => {
    if (!exactlyOnceClient) t.todo('the client re-sends under new msg_ids (contracts §5: core-mtproto)');
    const twice = results.filter((r) => r.executedTwice > 0).map((r) => `${r.round}: ${r.executedTwice}`);
    assert.deepEqual(twice, [], `calls executed twice: ${twice.join(', ')}`);
  });
});

describe('exactly once across a SIGKILL of a dataDir server', { timeout: 300_000 }, () => {
  it('killed right after answering, restarted: nothing hung, lost or run twice', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tgts-sigkill-'));
    const authKey = new Uint8Array(randomBytes(256));
    const children: ChildProcess[] = [];
    const start = (port: number): Promise<{ child: ChildProcess; port: number; adminId: number; channel: { id: number; accessHash: string } }> => {
      const child = fork(join(import.meta.dirname, 'durable-child.ts'), [dir, String(port)], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, TGTS_CHILD_KEY: Buffer.from(authKey).toString('hex') },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      return new Promise((resolve, reject) => {
        child.once('message', (m) => resolve({ child, ...(m as { port: number; adminId: number; channel: { id: number; accessHash: string } }) }));
        child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
      });
    };
    let client: Client | undefined;
    try {
      const first = await start(0);
      client = adminClient(first.port, authKey, first.adminId);
      const peer = { _: 'inputPeerChannel' as const, channelId: first.channel.id, accessHash: BigInt(first.channel.accessHash) };
      await client.api.messages.exportChatInvite({ peer, title: 'warm-up' });
      const titles = Array.from({ length: CALLS }, (_, i) => `sigkill-${i}`);
      let answered = 0;
      const answeredBeforeKill = new Set<string>();
      const killAfter = 1 + rng(0x6b11)(CALLS / 2);
      const outcomes = titles.map((title) =>
        settle(
          title,
          client!.api.messages.exportChatInvite({ peer, title }).then((v) => {
            if (!first.child.killed) {
              answeredBeforeKill.add(title);
              if (++answered === killAfter) first.child.kill('SIGKILL'); // right after an answer
            }
            return v;
          }),
        ),
      );
      await new Promise((r) => first.child.once('exit', r));
      const second = await start(first.port);
      const settled = await Promise.all(outcomes);
      const links = await new Promise<string[]>((resolve) => {
        second.child.once('message', (m) => resolve((m as { titles: string[] }).titles));
        second.child.send({ op: 'links' });
      });
      const r = tally('sigkill', settled, links);
      const lost = [...answeredBeforeKill].filter((title) => !links.includes(title));
      assert.deepEqual(lost, [], 'answered before the kill, so committed before the answer left');
      check(r);
      if (r.executedTwice > 0 && !exactlyOnceClient) t.todo(`executed twice: ${r.executedTwice} (the client re-sends under new msg_ids)`);
      else assert.equal(r.executedTwice, 0, 'executed twice');
    } finally {
      await client?.close();
      for (const c of children) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
