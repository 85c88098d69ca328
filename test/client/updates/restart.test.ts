// Positions survive the process: a receiver on SqliteStorage is closed, messages arrive meanwhile, and a
// new client on the same storage catches up (getDifference, then the channels it names) — every message
// exactly once across both runs. And scale: 2000 channels caught up after a restart with one engine timer
// and bounded channel differences in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../../../src/storage/sqlite/storage.js';
import { FileStorage } from '../../../src/storage/file/storage.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import type { Middleware } from '../../../src/client/invoke/types.js';
import { inputPeer, rid } from '../../testing/messages-helpers.js';
import { castOf20, openChannels, receiverClient, Recorder, sendMany } from './e2e-helpers.js';

test('restart from SqliteStorage: what arrived while the client was closed is delivered, nothing twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-updates-'));
  try {
    const { h, receiver, chats } = await castOf20();
    const storage = new SqliteStorage(join(dir, 'rita.db'));
    const rec = new Recorder();
    const first = await receiverClient(h, receiver, storage, undefined, true);
    rec.attach(first);
    await first.connect();
    await first.updates.start();
    await openChannels(first, chats);
    const before = await sendMany(h, chats, 300, 'a', 11);
    await first.updates.sync();
    await first.close();

    const offline = await sendMany(h, chats, 200, 'b', 12);
    const second = await receiverClient(h, receiver, storage, undefined, false);
    rec.attach(second);
    try {
      await second.connect();
      await second.updates.sync(); // catch-up from the stored state
      const after = await sendMany(h, chats, 100, 'c', 13);
      await second.updates.sync();
      rec.check([...before, ...offline, ...after].map((s) => s.text));
      assert.equal(second.updates.state.pts, h.world.updateBoxes.account(receiver.id).pts);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('restart from FileStorage with catchUp: false starts at the server state and skips the offline messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-updates-'));
  try {
    const { h, receiver, chats } = await castOf20();
    const storage = new FileStorage(join(dir, 'rita.session'));
    const first = await receiverClient(h, receiver, storage, undefined, true);
    await first.connect();
    await first.updates.start();
    await sendMany(h, chats.slice(0, 8), 20, 'a', 1);
    await first.updates.sync();
    await first.close();
    await sendMany(h, chats.slice(0, 8), 20, 'b', 2);
    const second = await receiverClient(h, receiver, storage, undefined, false, { catchUp: false });
    const rec = new Recorder();
    rec.attach(second);
    try {
      await second.connect();
      await second.updates.sync();
      const after = await sendMany(h, chats.slice(0, 8), 10, 'c', 3);
      await second.updates.sync();
      rec.check(after.map((s) => s.text));
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('2000 channels with news after a restart: each caught up once, ≤ channelConcurrency differences at a time, one timer', async () => {
  const { h, receiver, senders } = await castOf20({ messages: { differenceChannelsMax: 10_000 } });
  const s = h.world.seed;
  const channels = Array.from({ length: 2000 }, (_, i) => s.createChannel({ creator: senders[i % 3]!, title: `ch${i}`, broadcast: true, members: [receiver] }));
  const storage = new MemoryStorage();
  const first = await receiverClient(h, receiver, storage, undefined, true);
  await first.connect();
  await first.updates.start();
  await first.updates.sync();
  await first.close();
  // the stored positions of a previous run that tracked every channel
  await storage.updates.setChannels(channels.map((c) => [c.id, h.world.updateBoxes.channel(c.id).pts] as const));
  const texts: string[] = [];
  for (let i = 0; i < channels.length; i += 50) {
    await Promise.all(
      channels.slice(i, i + 50).map((c, k) => {
        const text = `x${i + k}`;
        texts.push(text);
        return h.call('messages.sendMessage', { peer: inputPeer(c), message: text, randomId: rid() }, { as: h.world.users.get(c.creatorId)! });
      }),
    );
  }
  let inFlight = 0;
  let maxInFlight = 0;
  let timersSeen = 0;
  const count: Middleware = (next) => async (request, options) => {
    if (request._ !== 'updates.getChannelDifference') return next(request, options);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    timersSeen = Math.max(timersSeen, process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length);
    try {
      return await next(request, options);
    } finally {
      inFlight--;
    }
  };
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const second = await receiverClient(h, receiver, storage, undefined, false);
  second.use(count);
  const rec = new Recorder();
  rec.attach(second);
  try {
    await second.connect();
    await second.updates.sync();
    rec.check(texts);
    assert.equal(second.updates.channelCount, 2000);
    assert.ok(maxInFlight >= 1 && maxInFlight <= 4, `in flight ${maxInFlight}`);
    // timers of the whole process while 2000 channels were caught up: the client's own few, not one per channel
    assert.ok(timersSeen - timersBefore < 20, `timers ${timersBefore} → ${timersSeen}`);
  } finally {
    await second.close();
  }
});
