// channelDifferenceTooLong over TCP: a user's client misses 350 posts of a supergroup (every push to it
// dropped), more than the 100 a user's channel difference may span, so Telegram — and the test server —
// answer channelDifferenceTooLong. The engine recovers the stretch's new messages from the history and
// delivers each once, oldest first, then reports the gap; with recoverHistory: 0 it only reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Middleware } from '../../../src/client/invoke/types.js';
import type { GapEvent } from '../../../src/client/updates/index.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { harness, inputPeer, rid } from '../../testing/messages-helpers.js';
import { receiverClient } from './e2e-helpers.js';

const MISSED = 350;

async function scenario(recoverHistory: number | undefined) {
  const h = await harness({ recordPushes: false, requestTimeout: 30_000 });
  const s = h.world.seed;
  const reader = s.createUser({ firstName: 'Rita' });
  const poster = s.createUser({ firstName: 'Ann' });
  const group = s.createChannel({ creator: poster, title: 'busy', megagroup: true, members: [reader] });
  const client = await receiverClient(h, reader, new MemoryStorage(), undefined, true, recoverHistory === undefined ? {} : { recoverHistory });
  const delivered: Array<{ id: number; text: string; source: string }> = [];
  const gaps: GapEvent[] = [];
  client.updates.on('newMessage', ({ message, context }) => void delivered.push({ id: message.id, text: message._ === 'message' ? message.message : '', source: context.source }));
  client.updates.on('gap', (g) => void gaps.push(g));
  const methods: string[] = [];
  const record: Middleware = (next) => (request, options) => {
    methods.push(request._);
    return next(request, options);
  };
  client.use(record);
  const post = (text: string) => h.call('messages.sendMessage', { peer: inputPeer(group), message: text, randomId: rid() }, { as: poster });
  await client.connect();
  await client.updates.start();
  await client.api.channels.getFullChannel({ channel: { _: 'inputChannel', channelId: group.id, accessHash: group.accessHash } });
  await post('before');
  await client.updates.sync();
  const faults = h.testServer.faults.updates!;
  faults.dropFraction(1, { userId: reader.id });
  for (let n = 0; n < MISSED; n += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => post(`missed ${n + k}`)));
  faults.reset();
  await client.updates.sync();
  await post('after');
  await client.updates.sync();
  return { h, group, client, delivered, gaps, methods };
}

test(`${MISSED} missed posts of a supergroup: channelDifferenceTooLong, recovered from the history, each once and in order`, async () => {
  const { h, group, client, delivered, gaps, methods } = await scenario(undefined);
  try {
    const texts = delivered.map((d) => d.text);
    assert.deepEqual(texts, ['before', ...Array.from({ length: MISSED }, (_, i) => `missed ${i}`), 'after']);
    assert.ok(delivered.slice(1, -1).every((d) => d.source === 'history'), 'the stretch came from the history');
    for (let i = 1; i < delivered.length; i++) assert.ok(delivered[i]!.id > delivered[i - 1]!.id);
    assert.equal(gaps.length, 1);
    assert.deepEqual({ box: gaps[0]!.box, recovered: gaps[0]!.recoveredMessages, complete: gaps[0]!.historyComplete }, { box: group.id, recovered: MISSED, complete: true });
    assert.ok(methods.includes('updates.getChannelDifference') && methods.filter((m) => m === 'messages.getHistory').length >= 4, 'paged 100 at a time');
    assert.equal(client.updates.state.channels.get(group.id), h.world.updateBoxes.channel(group.id).pts);
  } finally {
    await client.close();
  }
});

test('with recoverHistory: 0 the stretch is only reported as a gap', async () => {
  const { client, delivered, gaps, methods } = await scenario(0);
  try {
    assert.deepEqual(delivered.map((d) => d.text), ['before', 'after']);
    assert.equal(gaps.length, 1);
    assert.deepEqual({ recovered: gaps[0]!.recoveredMessages, complete: gaps[0]!.historyComplete }, { recovered: 0, complete: false });
    assert.ok(!methods.includes('messages.getHistory'));
  } finally {
    await client.close();
  }
});
