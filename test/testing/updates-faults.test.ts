// The updates fault hooks (`server.faults.updates`): each disturbs pushes only; the difference stays exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUpdates, cast, inputPeer, online, ptsOf, send } from './messages-helpers.js';
import type { Updates } from '../../src/tl/index.js';

const ptsList = (list: Updates[]): number[] =>
  list.flatMap((u) => ('pts' in u ? [u.pts] : allUpdates([u]).flatMap((x) => ('pts' in x && typeof x.pts === 'number' ? [x.pts] : []))));

test('dropFraction drops a seeded share of one account’s pushes; getDifference returns what was dropped', async () => {
  const { h, alice, bob } = await cast();
  await online(h, bob);
  const faults = h.testServer.faults.updates!;
  faults.dropFraction(0.3, { userId: bob.id, seed: 7 });
  for (let i = 0; i < 40; i++) await send(h, alice, inputPeer(bob), `m${i}`);
  await h.settle();
  const got = ptsList(h.receivedBy(bob.id));
  assert.equal(got.length + faults.stats.dropped, 40);
  assert.ok(faults.stats.dropped >= 5 && faults.stats.dropped <= 20, `dropped ${faults.stats.dropped}`);
  // the same seed drops the same pushes
  const again = await cast();
  await online(again.h, again.bob);
  again.h.testServer.faults.updates!.dropFraction(0.3, { userId: again.bob.id, seed: 7 });
  for (let i = 0; i < 40; i++) await send(again.h, again.alice, inputPeer(again.bob), `m${i}`);
  await again.h.settle();
  assert.deepEqual(ptsList(again.h.receivedBy(again.bob.id)), got);
  const d = await h.call('updates.getDifference', { pts: 1, date: 1, qts: 1 }, { as: bob });
  assert.ok(d._ === 'updates.difference' && d.newMessages.length === 40);
  assert.equal(ptsList(h.receivedBy(alice.id)).length, 0, 'alice was not a target');
});

test('duplicate sends each push twice; reorder swaps pushes pairwise', async () => {
  const { h, alice, bob, carol } = await cast();
  await online(h, bob);
  await online(h, carol);
  const faults = h.testServer.faults.updates!;
  faults.duplicate(true, { userId: bob.id });
  faults.reorder(true, { userId: carol.id, holdMs: 30_000 });
  for (let i = 0; i < 4; i++) {
    await send(h, alice, inputPeer(bob), `b${i}`);
    await send(h, alice, inputPeer(carol), `c${i}`);
  }
  await h.settle();
  assert.deepEqual(ptsList(h.receivedBy(bob.id)), [2, 2, 3, 3, 4, 4, 5, 5]);
  assert.deepEqual(ptsList(h.receivedBy(carol.id)), [3, 2, 5, 4]);
  assert.equal(faults.stats.reordered, 2);
  faults.reset();
  await send(h, alice, inputPeer(carol), 'after reset');
  await h.settle();
  assert.deepEqual(ptsList(h.receivedBy(carol.id)).slice(-1), [6]);
});

test('updatesTooLong replaces the next pushes; the client recovers the content by getDifference', async () => {
  const { h, alice, bob } = await cast();
  await online(h, bob);
  h.testServer.faults.updates!.updatesTooLong(bob.id, 2);
  for (let i = 0; i < 3; i++) await send(h, alice, inputPeer(bob), `m${i}`);
  await h.settle();
  assert.deepEqual(h.receivedBy(bob.id).map((u) => u._), ['updatesTooLong', 'updatesTooLong', 'updateShortMessage']);
  const d = await h.call('updates.getDifference', { pts: 1, date: 1, qts: 1 }, { as: bob });
  assert.ok(d._ === 'updates.difference' && d.newMessages.length === 3);
});

test('combine merges one call’s pushes into updatesCombined with seq_start/seq', async () => {
  const { h, alice, bob, mega } = await cast();
  await online(h, bob);
  h.testServer.faults.updates!.combine(true, { userId: bob.id });
  // leaving gives bob updateChannel (in the service message's container, seq 0)
  await h.call('channels.leaveChannel', { channel: { _: 'inputChannel', channelId: mega.id, accessHash: mega.accessHash } }, { as: bob, session: 1 });
  await send(h, alice, inputPeer(bob), 'hi');
  await h.settle();
  const got = h.receivedBy(bob.id, 0);
  assert.ok(got.length >= 2 && got.every((u) => u._ === 'updatesCombined'));
  const first = got[0]!;
  assert.ok(first._ === 'updatesCombined' && first.seqStart === 0 && first.seq === 0);
  assert.deepEqual(allUpdates([first]).map((u) => u._).sort(), ['updateChannel', 'updateNewChannelMessage']);
  const second = got[1]!;
  assert.ok(second._ === 'updatesCombined' && allUpdates([second])[0]?._ === 'updateNewMessage', 'a short push merges as its full form');
});

test('delayChannel holds a channel’s pushes until released; other boxes pass', async () => {
  const { h, alice, bob, mega } = await cast();
  await online(h, bob);
  const faults = h.testServer.faults.updates!;
  faults.delayChannel(mega.id, Infinity);
  await send(h, alice, inputPeer(mega), 'held');
  await send(h, alice, inputPeer(bob), 'passes');
  await h.settle();
  assert.deepEqual(h.receivedBy(bob.id).map((u) => u._), ['updateShortMessage']);
  assert.equal(faults.stats.delayed, 3, 'one held push per member account');
  faults.releaseChannel(mega.id);
  await h.settle();
  assert.deepEqual(h.receivedBy(bob.id).map((u) => u._), ['updateShortMessage', 'updates']);
  assert.equal(ptsOf(h, bob), 2);
});
