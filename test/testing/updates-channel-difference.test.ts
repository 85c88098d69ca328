// spec/updates.md §5.4–5.6 (getChannelDifference), §7.4 (bots), §8 (errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cast, channelPtsOf, err, inputChannel, inputPeer, send, sentId } from './messages-helpers.js';
import type { ChannelMessagesFilter, UpdatesChannelDifference } from '../../src/tl/index.js';

const EMPTY: ChannelMessagesFilter = { _: 'channelMessagesFilterEmpty' };
const ids = (d: UpdatesChannelDifference): number[] => ('newMessages' in d ? d.newMessages.map((m) => m.id) : []);
const others = (d: UpdatesChannelDifference): string[] => ('otherUpdates' in d ? d.otherUpdates.map((u) => u._) : []);

test('getChannelDifference: empty, events after pts with final + timeout, not final past the server page', async () => {
  const { h, alice, bob, mega } = await cast({ messages: { channelDifferenceSliceEvents: 4 } });
  const channel = inputChannel(mega);
  const start = channelPtsOf(h, mega);
  const diff = (pts: number, extra: Record<string, unknown> = {}) =>
    h.call('updates.getChannelDifference', { channel, filter: EMPTY, pts, limit: 100, ...extra } as never, { as: bob });
  assert.deepEqual(await diff(start), { _: 'updates.channelDifferenceEmpty', final: true, pts: start, timeout: 30 });
  const first = sentId(await send(h, alice, inputPeer(mega), 'one'));
  await send(h, alice, inputPeer(mega), 'two');
  await h.call('messages.editMessage', { peer: inputPeer(mega), id: first, message: 'one!' }, { as: alice });
  const d = await diff(start);
  assert.equal(d._, 'updates.channelDifference');
  assert.ok(d._ === 'updates.channelDifference' && d.final === true && d.timeout === 30 && d.pts === channelPtsOf(h, mega));
  assert.deepEqual(ids(d), [first, first + 1]);
  assert.deepEqual(others(d), ['updateEditChannelMessage']);
  assert.ok(d._ === 'updates.channelDifference' && d.chats.some((c) => c.id === mega.id) && d.users.some((u) => u.id === alice.id));
  assert.deepEqual(others(await diff(start, { force: true })), [], 'force folds the edit into the new message');
  for (let i = 0; i < 6; i++) await send(h, alice, inputPeer(mega), `more ${i}`);
  const page = await diff(start);
  assert.ok(page._ === 'updates.channelDifference' && page.final !== true && page.timeout === undefined && page.pts === start + 4);
  const rest = await diff(start + 4);
  assert.ok(rest._ === 'updates.channelDifference' && rest.final === false && rest.pts === start + 8);
  const end = await diff(start + 8);
  assert.ok(end._ === 'updates.channelDifference' && end.final === true && end.pts === channelPtsOf(h, mega));
});

test('channelDifferenceTooLong past limit, past the retention and when forced: dialog with pts, latest messages', async () => {
  const { h, alice, bob, mega } = await cast({ messages: { channelRetention: 20 } });
  for (let i = 0; i < 30; i++) await send(h, alice, inputPeer(mega), `m${i}`);
  const top = channelPtsOf(h, mega);
  const call = (pts: number, limit: number) => h.call('updates.getChannelDifference', { channel: inputChannel(mega), filter: EMPTY, pts, limit }, { as: bob });
  const tl = await call(top - 10, 5);
  assert.equal(tl._, 'updates.channelDifferenceTooLong');
  if (tl._ !== 'updates.channelDifferenceTooLong') return;
  assert.equal(tl.final, true);
  assert.ok(tl.dialog._ === 'dialog' && tl.dialog.pts === top && tl.dialog.topMessage === 30 && tl.dialog.unreadCount === 30);
  assert.deepEqual(tl.messages.map((m) => m.id), [30, 29, 28, 27, 26], 'the latest, at most limit');
  assert.equal((await call(top - 10, 10))._, 'updates.channelDifference', 'within limit');
  assert.equal((await call(top - 25, 100))._, 'updates.channelDifferenceTooLong', 'older than the retention');
  h.testServer.faults.updates!.forceChannelDifferenceTooLong(mega.id);
  assert.equal((await call(top, 100))._, 'updates.channelDifferenceTooLong');
  assert.equal((await call(top, 100))._, 'updates.channelDifferenceEmpty');
});

test('getChannelDifference filters: ranges, exclude_new_messages; errors', async () => {
  const { h, s, alice, bob, mega } = await cast();
  const start = channelPtsOf(h, mega);
  for (let i = 0; i < 5; i++) await send(h, alice, inputPeer(mega), `m${i}`);
  const call = (extra: Record<string, unknown>) =>
    h.call('updates.getChannelDifference', { channel: inputChannel(mega), filter: EMPTY, pts: start, limit: 100, ...extra } as never, { as: bob });
  const ranged = await call({ filter: { _: 'channelMessagesFilter', ranges: [{ _: 'messageRange', minId: 2, maxId: 3 }] } });
  assert.deepEqual(ids(ranged), [2, 3]);
  const excluded = await call({ filter: { _: 'channelMessagesFilter', excludeNewMessages: true, ranges: [{ _: 'messageRange', minId: 1, maxId: 9 }] } });
  assert.deepEqual(excluded, { _: 'updates.channelDifferenceEmpty', final: true, pts: channelPtsOf(h, mega), timeout: 30 });
  await assert.rejects(call({ filter: { _: 'channelMessagesFilter', ranges: [] } }), err('RANGES_INVALID'));
  await assert.rejects(call({ filter: { _: 'channelMessagesFilter', ranges: [{ _: 'messageRange', minId: 5, maxId: 1 }] } }), err('RANGES_INVALID'));
  await assert.rejects(call({ pts: 0 }), err('PERSISTENT_TIMESTAMP_EMPTY'));
  await assert.rejects(call({ pts: 999 }), err('PERSISTENT_TIMESTAMP_INVALID'));
  const hidden = s.createChannel({ creator: alice, title: 'Hidden' });
  await assert.rejects(
    h.call('updates.getChannelDifference', { channel: inputChannel(hidden), filter: EMPTY, pts: 1, limit: 10 }, { as: bob }),
    err('CHANNEL_PRIVATE', 406),
  );
  await assert.rejects(
    h.call('updates.getChannelDifference', { channel: { _: 'inputChannel', channelId: mega.id, accessHash: 5n }, filter: EMPTY, pts: 1, limit: 10 }, { as: bob }),
    err('CHANNEL_INVALID'),
  );
  // a public channel is readable without joining (passive polling, spec §5.7)
  const pub = s.createChannel({ creator: alice, title: 'Public', username: 'public_news' });
  await send(h, alice, inputPeer(pub), 'hello world');
  const d = await h.call('updates.getChannelDifference', { channel: inputChannel(pub), filter: EMPTY, pts: 1, limit: 10 }, { as: bob });
  assert.deepEqual(ids(d), [1]);
});

test('bots in a supergroup with privacy mode: hidden messages are not delivered and the channel pts jumps', async () => {
  const { h, s, alice, bob, mega } = await cast();
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  s.addMember(mega, bot);
  const start = channelPtsOf(h, mega);
  await send(h, alice, inputPeer(mega), 'chatter');
  await send(h, bob, inputPeer(mega), '/start@helper_bot');
  await send(h, alice, inputPeer(mega), 'more chatter');
  const d = await h.call('updates.getChannelDifference', { channel: inputChannel(mega), filter: EMPTY, pts: start, limit: 100 }, { as: bot });
  assert.ok(d._ === 'updates.channelDifference' && d.pts === channelPtsOf(h, mega));
  assert.deepEqual(ids(d), [2], 'only the command addressed to it');
  const none = await h.call('updates.getChannelDifference', { channel: inputChannel(mega), filter: EMPTY, pts: start, limit: 100 }, { as: bot });
  assert.ok(none._ === 'updates.channelDifference');
  await send(h, alice, inputPeer(mega), 'again chatter');
  const jump = await h.call('updates.getChannelDifference', { channel: inputChannel(mega), filter: EMPTY, pts: start + 3, limit: 100 }, { as: bot });
  assert.deepEqual(jump, { _: 'updates.channelDifferenceEmpty', final: true, pts: channelPtsOf(h, mega), timeout: 30 }, 'nothing visible: empty, pts moved on');
});
