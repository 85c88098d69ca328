/**
 * End-to-end pieces of the updates tests: a world with senders and chats of every kind on a real
 * TestServer, a receiving Client (its own storage, connected through a loopback proxy that can kill its
 * connections), seeded sends, and a recorder of what the receiver's `client.updates` delivered.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from '../../../src/client/client.js';
import type { UpdatesOptions } from '../../../src/client/updates/index.js';
import type { Storage } from '../../../src/storage/types.js';
import type { TcpWorldHarness } from '../../../src/testing/world/tcp-harness.js';
import type { ChatRecord, UserRecord } from '../../../src/testing/world/types.js';
import { seededRandom } from '../../../src/testing/server/seeded-random.js';
import type { InputPeer, Updates } from '../../../src/tl/index.js';
import { KillProxy } from '../../reliability/kill-proxy.js';
import { harness, inputPeer, rid } from '../../testing/messages-helpers.js';

/** One chat of the cast: how to address it from each sender, who may post, and its box. */
export interface CastChat {
  name: string;
  /** The box the receiver sees it in: 'common' or the channel id. */
  box: 'common' | number;
  posters: UserRecord[];
  peerFor: (sender: UserRecord) => InputPeer;
  record?: ChatRecord;
}

/** 3 senders, 1 receiver, 20 chats: 3 private, 5 basic groups, 6 supergroups, 6 broadcast channels. */
export async function castOf20(options: Parameters<typeof harness>[0] = {}) {
  const h = await harness({ recordPushes: false, requestTimeout: 30_000, ...options });
  const s = h.world.seed;
  const receiver = s.createUser({ firstName: 'Rita', username: 'rita_r' });
  const senders = ['Ann', 'Ben', 'Cid'].map((firstName) => s.createUser({ firstName }));
  const chats: CastChat[] = [];
  for (const sender of senders) chats.push({ name: `private ${sender.firstName}`, box: 'common', posters: [sender], peerFor: () => inputPeer(receiver) });
  for (let i = 0; i < 5; i++) {
    const chat = s.createChat({ creator: senders[i % 3]!, title: `group ${i}`, members: [...senders.filter((x) => x !== senders[i % 3]), receiver] });
    chats.push({ name: chat.title, box: 'common', posters: senders, peerFor: () => inputPeer(chat), record: chat });
  }
  for (let i = 0; i < 6; i++) {
    const chat = s.createChannel({ creator: senders[i % 3]!, title: `mega ${i}`, megagroup: true, members: [...senders.filter((x) => x !== senders[i % 3]), receiver] });
    chats.push({ name: chat.title, box: chat.id, posters: senders, peerFor: () => inputPeer(chat), record: chat });
  }
  for (let i = 0; i < 6; i++) {
    const chat = s.createChannel({ creator: senders[i % 3]!, title: `news ${i}`, broadcast: true, members: [receiver] });
    chats.push({ name: chat.title, box: chat.id, posters: [senders[i % 3]!], peerFor: () => inputPeer(chat), record: chat });
  }
  return { h, receiver, senders, chats };
}

/** A receiving client of `user` on `storage`, dialing the server through `proxy`. */
export async function receiverClient(h: TcpWorldHarness, user: UserRecord, storage: Storage, proxy: KillProxy | undefined, fresh: boolean, updates: UpdatesOptions = {}): Promise<Client> {
  const o = h.testServer.clientOptions();
  const port = proxy?.port ?? o.port;
  if (fresh) {
    const authKey = new Uint8Array(randomBytes(256));
    h.testServer.importAuthKey(authKey, { userId: user.id });
    await storage.open();
    await storage.authKeys.set(o.dcId, { authKey, host: '127.0.0.1', port });
    await storage.account.set({ dcId: o.dcId, user: { id: user.id, bot: false } });
    await storage.close();
  }
  const dc = { id: o.dcId, host: '127.0.0.1', port };
  return new Client({ apiId: 1, apiHash: 'updates-e2e', dc, dcs: [dc], publicKeys: o.publicKeys, testServers: o.testServers, storage, requestTimeout: 30_000, updates });
}

export { KillProxy };

/** What a receiver's engine delivered, and the checks of exactly-once and box order. */
export class Recorder {
  readonly texts = new Map<string, number>();
  readonly edits = new Map<string, number>();
  readonly deleted = new Map<string, number>();
  /** Message ids per box, in delivery order. */
  readonly order = new Map<string, number[]>();
  gaps = 0;

  attach(client: Client): void {
    client.updates.on('newMessage', ({ message, channelId }) => {
      if (message._ !== 'message') return;
      this.texts.set(message.message, (this.texts.get(message.message) ?? 0) + 1);
      const box = String(channelId ?? 'common');
      const list = this.order.get(box) ?? [];
      list.push(message.id);
      this.order.set(box, list);
    });
    client.updates.on('editMessage', ({ message }) => {
      if (message._ === 'message') this.edits.set(message.message, (this.edits.get(message.message) ?? 0) + 1);
    });
    client.updates.on('deleteMessages', ({ messageIds, channelId }) => {
      for (const id of messageIds) {
        const key = `${channelId ?? 'common'}:${id}`;
        this.deleted.set(key, (this.deleted.get(key) ?? 0) + 1);
      }
    });
    client.updates.on('gap', () => void this.gaps++);
  }

  /** Every expected text exactly once, nothing else; ids strictly increasing per box. */
  check(expected: readonly string[]): void {
    const missing = expected.filter((t) => !this.texts.has(t));
    assert.equal(missing.length, 0, `missing ${missing.length}: ${missing.slice(0, 5).join(', ')}`);
    const twice = [...this.texts].filter(([, n]) => n > 1);
    assert.equal(twice.length, 0, `delivered twice: ${twice.slice(0, 5).map(([t]) => t).join(', ')}`);
    assert.equal(this.texts.size, expected.length);
    for (const [box, ids] of this.order) {
      for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `box ${box}: id ${ids[i]} after ${ids[i - 1]}`);
    }
  }
}

/** Sends `count` texts `${prefix}${n}` to seeded chats by seeded posters, `parallel` at a time; `between(n)` runs between rounds. */
export async function sendMany(
  h: TcpWorldHarness,
  chats: readonly CastChat[],
  count: number,
  prefix: string,
  seed: number,
  parallel = 25,
  between?: (sent: number) => void | Promise<void>,
): Promise<Array<{ text: string; chat: CastChat; result: Updates }>> {
  const random = seededRandom(seed);
  const out: Array<{ text: string; chat: CastChat; result: Updates }> = [];
  for (let n = 0; n < count; n += parallel) {
    const round: Array<Promise<void>> = [];
    for (let k = n; k < Math.min(count, n + parallel); k++) {
      const chat = chats[Math.floor(random() * chats.length)]!;
      const sender = chat.posters[Math.floor(random() * chat.posters.length)]!;
      const text = `${prefix}${k}`;
      round.push(
        h.call('messages.sendMessage', { peer: chat.peerFor(sender), message: text, randomId: rid() }, { as: sender }).then((result) => {
          out.push({ text, chat, result });
        }),
      );
    }
    await Promise.all(round);
    await between?.(Math.min(count, n + parallel));
  }
  return out;
}

/** `channels.getFullChannel` for every channel of the cast (their boxes start at `channelFull.pts`). */
export async function openChannels(client: Client, chats: readonly CastChat[]): Promise<void> {
  for (const c of chats) {
    if (typeof c.box === 'number') await client.api.channels.getFullChannel({ channel: { _: 'inputChannel', channelId: c.box, accessHash: c.record!.accessHash } });
  }
}
