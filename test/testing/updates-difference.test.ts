// spec/updates.md §5 (getState, getDifference), §4.4 (seq), §8 (errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cast, err, inputChannel, inputPeer, online, ptsOf, send, sentId } from './messages-helpers.js';
import type { Update, UpdatesDifference } from '../../src/tl/index.js';

type Diff = UpdatesDifference;
const other = (d: Diff): Update[] => ('otherUpdates' in d ? d.otherUpdates : []);
const newIds = (d: Diff): number[] => ('newMessages' in d ? d.newMessages.map((m) => m.id) : []);

test('getState and getDifference: empty when current; missed events with current messages, users and updateMessageID', async () => {
  const { h, alice, bob } = await cast();
  const state = await h.call('updates.getState', {}, { as: alice });
  assert.deepEqual([state.pts, state.qts, state.seq, state.unreadCount], [1, 1, 0, 0]);
  const empty = await h.call('updates.getDifference', { pts: state.pts, date: state.date, qts: state.qts }, { as: alice });
  assert.deepEqual(empty, { _: 'updates.differenceEmpty', date: h.time, seq: 0 });
  const a = sentId(await send(h, alice, inputPeer(bob), 'hi'));
  await send(h, bob, inputPeer(alice), 'yo');
  await h.call('messages.editMessage', { peer: inputPeer(bob), id: a, message: 'hi (edited)' }, { as: alice });
  await h.call('messages.readHistory', { peer: inputPeer(bob), maxId: 0 }, { as: alice });
  const gone = sentId(await send(h, alice, inputPeer(bob), 'oops'));
  await h.call('messages.deleteMessages', { id: [gone], revoke: true }, { as: alice });
  const d = await h.call('updates.getDifference', { pts: state.pts, date: state.date, qts: state.qts }, { as: alice });
  assert.equal(d._, 'updates.difference');
  if (d._ !== 'updates.difference') return;
  assert.deepEqual(newIds(d), [a, 2], 'the deleted message is not in new_messages');
  const first = d.newMessages[0];
  assert.ok(first?._ === 'message' && first.message === 'hi (edited)', 'messages in their current state');
  assert.deepEqual(other(d).map((u) => u._), ['updateMessageID', 'updateEditMessage', 'updateReadHistoryInbox', 'updateDeleteMessages']);
  assert.ok(d.users.some((u) => u.id === bob.id));
  assert.deepEqual([d.state.pts, d.state.qts, d.state.seq], [ptsOf(h, alice), 1, 0]);
  const after = await h.call('updates.getDifference', { pts: d.state.pts, date: d.state.date, qts: d.state.qts }, { as: alice });
  assert.equal(after._, 'updates.differenceEmpty');
  const st = await h.call('updates.getState', {}, { as: bob });
  assert.equal(st.unreadCount, 1, "bob has alice's edited message unread");
});

test('differenceSlice past pts_limit or the server limit; every message exactly once; intermediate_state', async () => {
  const { h, alice, bob } = await cast({ messages: { differenceSliceEvents: 7 } });
  for (let i = 0; i < 20; i++) await send(h, bob, inputPeer(alice), `m${i}`);
  const got: number[] = [];
  let pts = 1;
  let slices = 0;
  for (let round = 0; round < 10; round++) {
    const d = await h.call('updates.getDifference', { pts, date: 1, qts: 1 }, { as: alice });
    if (d._ === 'updates.differenceEmpty') break;
    assert.ok(d._ === 'updates.difference' || d._ === 'updates.differenceSlice');
    got.push(...newIds(d));
    const st = d._ === 'updates.difference' ? d.state : d.intermediateState;
    if (d._ === 'updates.differenceSlice') {
      slices++;
      assert.equal(st.pts, pts + 7);
      assert.equal(st.date, 1, 'a slice keeps the request date');
    }
    pts = st.pts;
    if (d._ === 'updates.difference') break;
  }
  assert.equal(slices, 2);
  assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => i + 1));
  const limited = await h.call('updates.getDifference', { pts: 1, ptsLimit: 3, date: 1, qts: 1 }, { as: alice });
  assert.ok(limited._ === 'updates.differenceSlice' && limited.intermediateState.pts === 4 && limited.newMessages.length === 3);
});

test('differenceTooLong past pts_total_limit, past the retention, or when forced', async () => {
  const { h, alice, bob } = await cast({ messages: { commonRetention: 10 } });
  for (let i = 0; i < 15; i++) await send(h, bob, inputPeer(alice), `m${i}`);
  const top = ptsOf(h, alice);
  assert.deepEqual(await h.call('updates.getDifference', { pts: 10, ptsTotalLimit: 3, date: 1, qts: 1 }, { as: alice }), { _: 'updates.differenceTooLong', pts: top });
  assert.deepEqual(await h.call('updates.getDifference', { pts: 2, date: 1, qts: 1 }, { as: alice }), { _: 'updates.differenceTooLong', pts: top }, 'older than the retention');
  const ok = await h.call('updates.getDifference', { pts: top - 10, date: 1, qts: 1 }, { as: alice });
  assert.equal(ok._, 'updates.difference');
  assert.equal(newIds(ok).length, 10);
  h.testServer.faults.updates!.forceDifferenceTooLong(alice.id);
  assert.deepEqual(await h.call('updates.getDifference', { pts: top, date: 1, qts: 1 }, { as: alice }), { _: 'updates.differenceTooLong', pts: top });
  assert.equal((await h.call('updates.getDifference', { pts: top, date: h.time, qts: 1 }, { as: alice }))._, 'updates.differenceEmpty', 'forced once');
});

test('getDifference errors: pts 0, date 0, pts ahead of the box', async () => {
  const { h, alice } = await cast();
  await assert.rejects(h.call('updates.getDifference', { pts: 0, date: 1, qts: 1 }, { as: alice }), err('PERSISTENT_TIMESTAMP_EMPTY'));
  await assert.rejects(h.call('updates.getDifference', { pts: 1, date: 0, qts: 1 }, { as: alice }), err('DATE_EMPTY'));
  await assert.rejects(h.call('updates.getDifference', { pts: 50, date: 1, qts: 1 }, { as: alice }), err('PERSISTENT_TIMESTAMP_INVALID'));
});

test('qts events (bot chat_member stream) in differences, with qts_limit slices; seq containers since the date; updateChannelTooLong', async () => {
  const { h, s, alice, bob, carol, mega } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  s.makeAdmin(mega, bot);
  const t0 = h.time;
  for (const u of [carol, bob]) {
    h.time += 10;
    await h.call('channels.leaveChannel', { channel: inputChannel(mega) }, { as: u });
  }
  const d = await h.call('updates.getDifference', { pts: 1, date: t0, qts: 1 }, { as: bot });
  assert.ok(d._ === 'updates.difference');
  const parts = other(d).filter((u) => u._ === 'updateChannelParticipant');
  assert.deepEqual(parts.map((u) => (u._ === 'updateChannelParticipant' ? [u.userId, u.qts] : [])), [[carol.id, 2], [bob.id, 3]]);
  assert.equal(d._ === 'updates.difference' && d.state.qts, 3);
  const sliced = await h.call('updates.getDifference', { pts: 1, date: t0, qts: 1, qtsLimit: 1 }, { as: bot });
  assert.ok(sliced._ === 'updates.differenceSlice' && sliced.intermediateState.qts === 2);
  // alice: the channel had service messages since t0 → updateChannelTooLong; nothing in her common box
  const da = await h.call('updates.getDifference', { pts: 1, date: t0, qts: 1 }, { as: alice });
  const tl = other(da).find((u) => u._ === 'updateChannelTooLong');
  assert.ok(tl?._ === 'updateChannelTooLong' && tl.channelId === mega.id && tl.pts === h.world.updateBoxes.channel(mega.id).pts);
  assert.ok(da._ === 'updates.difference' && da.chats.some((c) => c.id === mega.id));
  const later = await h.call('updates.getDifference', { pts: 1, date: h.time + 1, qts: 1 }, { as: alice });
  assert.equal(later._, 'updates.differenceEmpty', 'no channel news after that date');
  // carol left: updateChannel went to her in a seq container; her difference from before has it
  const dc = await h.call('updates.getDifference', { pts: 1, date: t0, qts: 1 }, { as: carol });
  assert.ok(other(dc).some((u) => u._ === 'updateChannel' && u.channelId === mega.id));
  assert.ok(dc._ === 'updates.difference' && dc.state.seq === 0, 'beside the service message it took no seq');
});

test('pts, qts and seq across two sessions of one account and across accounts', async () => {
  const { h, alice, bob } = await cast();
  await online(h, alice, 0);
  await online(h, alice, 1);
  await online(h, bob);
  await send(h, alice, inputPeer(bob), 'from s0', {}, 0);
  await send(h, alice, inputPeer(bob), 'from s1', {}, 1);
  await send(h, bob, inputPeer(alice), 'from bob');
  await h.settle();
  const seen = (session: number) =>
    h.receivedBy(alice.id, session).flatMap((u) => ('pts' in u ? [[u._, u.pts, u.ptsCount] as const] : []));
  assert.deepEqual(seen(0), [['updateShortMessage', 3, 1], ['updateShortMessage', 4, 1]], 'session 0: its sibling’s send and bob’s message');
  assert.deepEqual(seen(1), [['updateShortMessage', 2, 1], ['updateShortMessage', 4, 1]]);
  const bobSeen = h.receivedBy(bob.id).flatMap((u) => ('pts' in u ? [u.pts] : []));
  assert.deepEqual(bobSeen, [2, 3], "bob's own numbering");
  const s0 = await h.call('updates.getState', {}, { as: alice, session: 0 });
  const s1 = await h.call('updates.getState', {}, { as: alice, session: 1 });
  assert.deepEqual([s0.pts, s0.qts, s0.seq], [s1.pts, s1.qts, s1.seq], 'one state per account');
});
