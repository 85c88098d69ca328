// channelDifferenceTooLong across a restart: a receiver on SqliteStorage delivers a few posts of a supergroup
// and is closed; 150 posts arrive while it is down, more than the 100 a user's channel difference may span.
// The new client on the same storage gets channelDifferenceTooLong and recovers the stretch from the history
// above the top message id stored with the channel's pts: every post delivered once across both runs. A row
// stored without that id (what storages kept before it) still loads, and the stretch is only reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '../../../src/client/index.js';
import type { GapEvent } from '../../../src/client/updates/index.js';
import { SqliteStorage } from '../../../src/storage/sqlite/storage.js';
import { harness, inputPeer, rid } from '../../testing/messages-helpers.js';
import { receiverClient } from './e2e-helpers.js';

const MISSED = 150;

async function scenario(dropStoredTop: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-too-long-restart-'));
  const h = await harness({ recordPushes: false, requestTimeout: 30_000 });
  const s = h.world.seed;
  const reader = s.createUser({ firstName: 'Rita' });
  const poster = s.createUser({ firstName: 'Ann' });
  const group = s.createChannel({ creator: poster, title: 'busy', megagroup: true, members: [reader] });
  const storage = new SqliteStorage(join(dir, 'rita.db'));
  const delivered: Array<{ id: number; text: string; source: string; run: number }> = [];
  const gaps: GapEvent[] = [];
  const watch = (client: Client, run: number) => {
    client.updates.on('newMessage', ({ message, context }) => void delivered.push({ id: message.id, text: message._ === 'message' ? message.message : '', source: context.source, run }));
    client.updates.on('gap', (g) => void gaps.push(g));
  };
  const post = (text: string) => h.call('messages.sendMessage', { peer: inputPeer(group), message: text, randomId: rid() }, { as: poster });

  const first = await receiverClient(h, reader, storage, undefined, true);
  watch(first, 1);
  await first.connect();
  await first.updates.start();
  await first.api.channels.getFullChannel({ channel: { _: 'inputChannel', channelId: group.id, accessHash: group.accessHash } });
  for (let i = 0; i < 3; i++) await post(`before ${i}`);
  await first.updates.sync();
  await first.close();

  await storage.open();
  const stored = await storage.updates.listChannels();
  if (dropStoredTop) await storage.updates.setChannels(stored.map(([id, pts]) => [id, pts] as const));
  await storage.close();

  for (let n = 0; n < MISSED; n += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => post(`missed ${n + k}`)));
  const second = await receiverClient(h, reader, storage, undefined, false);
  watch(second, 2);
  await second.connect();
  await second.updates.sync(); // catch-up from the stored state
  await post('after');
  await second.updates.sync();
  const cleanup = async () => {
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { h, group, second, stored, delivered, gaps, cleanup };
}

test(`restart while a supergroup moved ${MISSED} posts: recovered from the history above the stored top message, each once`, async () => {
  const { h, group, second, stored, delivered, gaps, cleanup } = await scenario(false);
  try {
    const before = delivered.filter((d) => d.run === 1);
    assert.deepEqual(
      before.map((d) => d.text),
      ['before 0', 'before 1', 'before 2'],
    );
    // the first run stored the channel's pts with its last delivered message
    assert.deepEqual(stored, [[group.id, h.world.updateBoxes.channel(group.id).pts - MISSED - 1, before[2]!.id]]);
    const after = delivered.filter((d) => d.run === 2);
    assert.deepEqual(
      after.map((d) => d.text),
      [...Array.from({ length: MISSED }, (_, i) => `missed ${i}`), 'after'],
    );
    assert.ok(after.slice(0, -1).every((d) => d.source === 'history'), 'the stretch came from the history');
    for (let i = 1; i < delivered.length; i++) assert.ok(delivered[i]!.id > delivered[i - 1]!.id, 'once each, in order');
    assert.equal(gaps.length, 1);
    assert.deepEqual({ box: gaps[0]!.box, recovered: gaps[0]!.recoveredMessages, complete: gaps[0]!.historyComplete }, { box: group.id, recovered: MISSED, complete: true });
    assert.equal(second.updates.state.channels.get(group.id), h.world.updateBoxes.channel(group.id).pts);
  } finally {
    await cleanup();
  }
});

test('restart from a channel row stored without its top message (older storages): the stretch is only reported', async () => {
  const { group, delivered, gaps, cleanup } = await scenario(true);
  try {
    assert.deepEqual(
      delivered.map((d) => d.text),
      ['before 0', 'before 1', 'before 2', 'after'],
    );
    assert.equal(gaps.length, 1);
    assert.deepEqual({ box: gaps[0]!.box, recovered: gaps[0]!.recoveredMessages, complete: gaps[0]!.historyComplete }, { box: group.id, recovered: 0, complete: false });
  } finally {
    await cleanup();
  }
});
