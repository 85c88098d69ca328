/**
 * Updates applied per second by tgts' `client.updates` and mtcute's updates manager, both connected over
 * loopback TCP to one in-process `TestServer` whose world makes real messages (a sender client calls
 * `messages.sendMessage`):
 *
 * - *pushed*: the sender posts N messages into a broadcast channel of the receiver while the server holds
 *   that channel's pushes (`faults.updates.delayChannel(id, Infinity)`); the clock starts once the server
 *   has released and flushed them all, and stops when the receiver's new-message handler saw the N-th.
 *   Each library has its own channel, so the other receiver stays idle.
 * - *getDifference*: the receiver's pushes are dropped (`faults.updates.dropFraction(1)`) while the sender
 *   writes N private messages; the clock runs from asking the catch-up (tgts `updates.sync()`, mtcute
 *   `updates.catchUp()`) to the N-th parsed message. Pages are the server's (1000 events per slice), the
 *   same for both, and include the server's own time to build them.
 *
 * mtcute 0.30.3 speaks layer 227 and the server answers in 228, whose `user` and `channel` it cannot read:
 * it gets {@link mtcuteReaderMap228}.
 *
 * Two warm-up rounds first (the first rounds of either library run several times slower: JIT); then
 * rounds alternate the two libraries (the machine is shared) and the median is reported. No forced GC
 * before a round: a full `gc()` right before makes the round after it several times slower.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { BaseTelegramClient as MtBaseClient, TelegramClient as MtClient } from '@mtcute/node';
import { TestServer } from './lib/built.js';
import type { Client } from './lib/built.js';
import { mtcuteReaderMap228 } from './lib/mtcute.js';
import { median } from './lib/stats.js';
import { clientWithKey, newAuthKey } from './lib/tgts-client.js';
import type { BenchRow } from './lib/types.js';

/** Counts handler calls and resolves when a target is reached. */
class Counter {
  count = 0;
  private target = Infinity;
  private done: (() => void) | undefined;

  hit = (): void => {
    if (++this.count >= this.target) this.done?.();
  };

  /** Resolves once `n` more calls came (fails after `ms`, naming what arrived). */
  next(n: number, what: string, ms = 60_000): Promise<void> {
    this.target = this.count + n;
    const start = this.count;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: only ${this.count - start} of ${n} updates arrived`)), ms);
      this.done = () => {
        clearTimeout(timer);
        this.done = undefined;
        resolve();
      };
    });
  }
}

interface Receiver {
  name: 'tgts' | 'mtcute';
  userId: number;
  channel: { channelId: number; accessHash: bigint };
  seen: Counter;
  /** Starts the catch-up through `updates.getDifference`; resolves when it was asked (not when done). */
  catchUp: () => Promise<void>;
  close: () => Promise<void>;
}

const waitTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function mtcuteReceiver(target: { dcId: number; host: string; port: number }, authKey: Uint8Array, userId: number): Promise<{ client: MtClient; base: MtBaseClient; seen: Counter }> {
  const { BaseTelegramClient, TelegramClient } = await import('@mtcute/node');
  const { MemoryStorage } = await import('@mtcute/core');
  // the manager's own options (catchUp) belong to the base client; the parsed events to TelegramClient
  const readerMap = await mtcuteReaderMap228(); // updates carry `user` and `channel`, which changed in 228
  const base = new BaseTelegramClient({ apiId: 1, apiHash: 'bench', storage: new MemoryStorage(), logLevel: 0, readerMap, updates: { catchUp: false } });
  const client = new TelegramClient({ client: base });
  const dc = { id: target.dcId, ipAddress: target.host, port: target.port };
  await client.importSession({ primaryDcs: { main: dc, media: dc }, authKey, self: { userId, isBot: false, isPremium: false, usernames: [] } }, true);
  const seen = new Counter();
  client.onNewMessage.add(seen.hit);
  await client.connect();
  await client.startUpdatesLoop();
  return { client, base, seen };
}

/** Runs the two workloads `rounds` times per library, alternating; N messages each. */
export async function serverRows(n: number, rounds: number): Promise<BenchRow[]> {
  const server = await TestServer.start({ wsPort: false });
  const world = server.world!;
  const faults = server.faults.updates!;
  const opts = server.clientOptions();
  const sender = world.seed.createUser({ firstName: 'Sam' });
  const key = (userId: number): Uint8Array => {
    const k = newAuthKey();
    server.importAuthKey(k, { userId });
    return k;
  };
  const clients: Client[] = [];
  const receivers: Receiver[] = [];
  try {
    const senderClient = clientWithKey(opts, key(sender.id), { requestTimeout: 60_000 });
    clients.push(senderClient);
    await senderClient.connect();

    const tgtsUser = world.seed.createUser({ firstName: 'Tia' });
    const tgtsChannel = world.seed.createChannel({ creator: sender, title: 'tgts news', broadcast: true, members: [tgtsUser] });
    const tgts = clientWithKey(opts, key(tgtsUser.id), { requestTimeout: 60_000, updates: { idleDifferenceMs: 0 } });
    clients.push(tgts);
    const tgtsSeen = new Counter();
    tgts.updates.on('newMessage', tgtsSeen.hit);
    await tgts.connect();
    await tgts.updates.start();
    receivers.push({
      name: 'tgts',
      userId: tgtsUser.id,
      channel: { channelId: tgtsChannel.id, accessHash: tgtsChannel.accessHash },
      seen: tgtsSeen,
      catchUp: async () => void tgts.updates.sync().catch(() => undefined), // the counter reports a failure
      close: () => tgts.close(),
    });

    const mtUser = world.seed.createUser({ firstName: 'Max' });
    const mtChannel = world.seed.createChannel({ creator: sender, title: 'mtcute news', broadcast: true, members: [mtUser] });
    const mt = await mtcuteReceiver(opts, key(mtUser.id), mtUser.id);
    receivers.push({
      name: 'mtcute',
      userId: mtUser.id,
      channel: { channelId: mtChannel.id, accessHash: mtChannel.accessHash },
      seen: mt.seen,
      catchUp: async () => mt.base.updates!.catchUp(),
      close: () => mt.client.destroy(),
    });

    const send = async (peer: Parameters<Client['api']['messages']['sendMessage']>[0]['peer'], prefix: string): Promise<void> => {
      const parallel = 100;
      for (let i = 0; i < n; i += parallel) {
        const round: Array<Promise<unknown>> = [];
        for (let k = i; k < Math.min(n, i + parallel); k++) {
          round.push(senderClient.api.messages.sendMessage({ peer, message: `${prefix} ${k}`, randomId: randomBytes(8).readBigInt64LE() }));
        }
        await Promise.all(round);
      }
    };

    const pushed = async (r: Receiver): Promise<number> => {
      const { channelId, accessHash } = r.channel;
      faults.delayChannel(channelId, Infinity);
      await send({ _: 'inputPeerChannel', channelId, accessHash }, 'push');
      const arrived = r.seen.next(n, `${r.name} pushed`);
      faults.releaseChannel(channelId);
      await waitTurn(); // the server's flush (encryption and socket writes) ran: the rest is the client's
      const start = performance.now();
      await arrived;
      return (n * 1000) / (performance.now() - start);
    };

    const difference = async (r: Receiver): Promise<number> => {
      const user = world.users.get(r.userId)!;
      faults.dropFraction(1, { userId: r.userId });
      await send({ _: 'inputPeerUser', userId: user.id, accessHash: user.accessHash }, 'missed');
      faults.dropFraction(0);
      await waitTurn();
      const arrived = r.seen.next(n, `${r.name} getDifference`);
      const start = performance.now();
      await r.catchUp();
      await arrived;
      return (n * 1000) / (performance.now() - start);
    };

    const samples = new Map<string, number[]>();
    const add = (k: string, v: number): void => {
      if (process.env.BENCH_VERBOSE) console.error(k, Math.round(v));
      samples.set(k, [...(samples.get(k) ?? []), v]);
    };
    for (let i = 0; i < 2; i++) {
      // warm-up (JIT, the channel boxes' first update): the first rounds run several times slower
      for (const r of receivers) await pushed(r);
      for (const r of receivers) await difference(r);
    }
    for (let i = 0; i < rounds; i++) {
      for (const r of i % 2 ? [...receivers].reverse() : receivers) {
        add(`push ${r.name}`, await pushed(r));
        add(`diff ${r.name}`, await difference(r));
      }
    }
    const m = (k: string): number => Math.round(median(samples.get(k) ?? []));
    const note = `${n} messages per round, median of ${rounds}; same TestServer, same run`;
    return [
      { name: `pushed updates over TCP: ${n} channel messages released at once → newMessage handler`, value: m('push tgts'), unit: 'updates/s', mtcute: m('push mtcute'), note },
      { name: `getDifference over TCP: ${n} missed private messages caught up → newMessage handler`, value: m('diff tgts'), unit: 'updates/s', mtcute: m('diff mtcute'), note: `${note}; includes the server building the pages` },
    ];
  } finally {
    for (const r of receivers) await r.close().catch(() => undefined);
    for (const c of clients) await c.close().catch(() => undefined);
    await server.close();
  }
}
