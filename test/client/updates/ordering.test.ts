// The updates engine's box rules over a scripted invoker and a manual clock: apply in order, drop
// duplicates, hold gaps for the hold window, fill them by difference (slices, tooLong), channels with
// bounded concurrency on one timer, short forms, results, and the saved state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channel, channelMessage, fakeEngine, flush, msg, newMessage } from './fake.js';
import type { AnyRequest, Updates } from '../../../src/tl/index.js';

const emptyDiff = (r: AnyRequest) => ({ _: 'updates.differenceEmpty', date: 100, seq: (r as { seq?: number }).seq ?? 0 });

test('in-order updates apply at once, duplicates are dropped, a gap the late update fills needs no difference', async () => {
  const f = fakeEngine();
  await f.updates.start();
  f.push(newMessage(1, 11));
  f.push(newMessage(1, 11)); // duplicate
  f.push(newMessage(3, 13)); // gap (12 missing)
  assert.deepEqual(f.ids(), [1]);
  f.push(newMessage(2, 12)); // fills it
  assert.deepEqual(f.ids(), [1, 2, 3]);
  f.clock.advance(1000);
  await flush();
  assert.equal(f.methods('updates.getDifference').length, 0);
  assert.equal(f.updates.state.pts, 13);
});

test('a gap still open after the hold window is filled by getDifference from the local state', async () => {
  const f = fakeEngine({ holdMs: 500 });
  f.answer('updates.getDifference', (r) => {
    assert.deepEqual({ pts: (r as { pts: number }).pts, qts: (r as { qts: number }).qts }, { pts: 11, qts: 1 });
    return {
      _: 'updates.difference',
      newMessages: [msg(2), msg(3)],
      newEncryptedMessages: [],
      otherUpdates: [],
      chats: [],
      users: [],
      state: { _: 'updates.state', pts: 13, qts: 1, date: 101, seq: 0, unreadCount: 0 },
    };
  });
  await f.updates.start();
  f.push(newMessage(1, 11));
  f.push(newMessage(3, 13));
  f.clock.advance(499);
  await flush();
  assert.equal(f.methods('updates.getDifference').length, 0, 'still inside the hold window');
  f.clock.advance(1);
  await flush();
  assert.equal(f.methods('updates.getDifference').length, 1);
  // message 3 was held and the difference brought it too: delivered once, in order
  assert.deepEqual(f.ids(), [1, 2, 3]);
  assert.equal(f.updates.state.pts, 13);
});

test('differenceSlice continues from its intermediate state; differenceTooLong reports a gap and moves the box', async () => {
  const f = fakeEngine();
  const slice = (ids: number[], pts: number) => ({
    _: 'updates.differenceSlice',
    newMessages: ids.map((id) => msg(id)),
    newEncryptedMessages: [],
    otherUpdates: [],
    chats: [],
    users: [],
    intermediateState: { _: 'updates.state', pts, qts: 1, date: 100, seq: 0, unreadCount: 0 },
  });
  f.answer(
    'updates.getDifference',
    () => ({ _: 'updates.differenceTooLong', pts: 500 }),
    () => slice([600, 601], 502),
    () => ({ ...slice([602], 503), _: 'updates.difference', state: { _: 'updates.state', pts: 503, qts: 1, date: 100, seq: 0, unreadCount: 0 } }),
  );
  await f.updates.start();
  f.push({ _: 'updatesTooLong' });
  await flush();
  const asked = f.methods('updates.getDifference').map((r) => (r as { pts: number }).pts);
  assert.deepEqual(asked, [10, 500, 502]);
  assert.deepEqual(f.ids(), [600, 601, 602]);
  assert.equal(f.gaps.length, 1);
  assert.deepEqual({ box: f.gaps[0]!.box, from: f.gaps[0]!.fromPts, to: f.gaps[0]!.toPts }, { box: 'common', from: 10, to: 500 });
  await f.updates.sync();
  assert.equal((await f.storage.updates.getCommon())?.pts, 503, 'the final state is saved');
});

test('a channel gap with half a difference page held behind it is filled at once, before the hold window ends', async () => {
  const f = fakeEngine({ holdMs: 500, channelDifferenceLimit: 20 });
  f.answer('updates.getDifference', emptyDiff);
  f.answer('updates.getChannelDifference', (r) => {
    assert.equal((r as { pts: number }).pts, 6);
    return { _: 'updates.channelDifference', final: true, pts: 7, newMessages: [msg(51, { channelId: 9 })], otherUpdates: [], chats: [], users: [] };
  });
  await f.updates.start();
  f.push(channelMessage(9, 50, 6)); // the box starts at 5, now at 6
  for (let k = 0; k < 9; k++) f.push(channelMessage(9, 52 + k, 8 + k)); // 7 missing: 9 held
  await flush();
  assert.equal(f.methods('updates.getChannelDifference').length, 0, 'fewer than half a page (10) waits for the hold window');
  f.push(channelMessage(9, 61, 17)); // the 10th held
  await flush();
  assert.equal(f.methods('updates.getChannelDifference').length, 1, 'asked with no time passed');
  assert.deepEqual(f.ids(), [50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61]);
  assert.equal(f.updates.state.channels.get(9), 17);
});

test('channel gaps: getChannelDifference from the channel pts; after channelDifferenceTooLong the new messages come from the history, and the gap is reported', async () => {
  const f = fakeEngine();
  f.answer('updates.getDifference', emptyDiff);
  f.answer(
    'updates.getChannelDifference',
    (r) => {
      assert.equal((r as { pts: number }).pts, 6);
      return { _: 'updates.channelDifference', pts: 7, newMessages: [msg(51, { channelId: 9 })], otherUpdates: [], chats: [], users: [] };
    },
    () => ({ _: 'updates.channelDifference', final: true, pts: 8, newMessages: [msg(52, { channelId: 9 })], otherUpdates: [], chats: [], users: [] }),
    () => ({
      _: 'updates.channelDifferenceTooLong',
      final: true,
      dialog: { _: 'dialog', peer: { _: 'peerChannel', channelId: 9 }, topMessage: 90, readInboxMaxId: 0, readOutboxMaxId: 0, unreadCount: 0, unreadMentionsCount: 0, unreadReactionsCount: 0, notifySettings: { _: 'peerNotifySettings' }, pts: 200 },
      messages: [msg(90, { channelId: 9 })],
      chats: [],
      users: [],
    }),
  );
  await f.updates.start();
  f.push(channelMessage(9, 50, 6)); // first sight: the box starts at 5
  f.push(channelMessage(9, 53, 9)); // 7, 8 missing
  f.clock.advance(500);
  await flush();
  assert.deepEqual(f.ids(), [50, 51, 52, 53]);
  assert.equal(f.updates.state.channels.get(9), 9);
  // the history holds the stretch's new messages (ids with holes: deleted ones); one page, as Telegram pages it
  f.answer('messages.getHistory', (r) => {
    assert.deepEqual({ minId: (r as { minId: number }).minId, offsetId: (r as { offsetId: number }).offsetId }, { minId: 53, offsetId: 0 });
    return { _: 'messages.channelMessages', pts: 200, count: 3, messages: [msg(90, { channelId: 9 }), msg(60, { channelId: 9 }), msg(55, { channelId: 9 })], topics: [], chats: [], users: [] };
  });
  f.push({ _: 'updateShort', update: { _: 'updateChannelTooLong', channelId: 9, pts: 150 }, date: 100 });
  await flush();
  assert.equal(f.gaps.length, 1);
  assert.deepEqual({ box: f.gaps[0]!.box, from: f.gaps[0]!.fromPts, to: f.gaps[0]!.toPts, n: f.gaps[0]!.messages.length }, { box: 9, from: 9, to: 200, n: 1 });
  assert.deepEqual({ recovered: f.gaps[0]!.recoveredMessages, complete: f.gaps[0]!.historyComplete }, { recovered: 3, complete: true });
  assert.deepEqual(f.ids(), [50, 51, 52, 53, 55, 60, 90], 'the recovered messages, oldest first, before the gap');
  await f.updates.sync();
  // stored with the pts: the newest message delivered, where a recovery after a restart would start
  assert.deepEqual(await f.storage.updates.listChannels(), [[9, 200, 90]]);
});

test('3000 channels with gaps: one timer, at most channelConcurrency differences in flight', async () => {
  const f = fakeEngine({ channelConcurrency: 3 });
  f.answer('updates.getChannelDifference', (r) => ({ _: 'updates.channelDifferenceEmpty', final: true, pts: (r as { pts: number }).pts + 1 }));
  await f.updates.start();
  for (let c = 1; c <= 3000; c++) {
    f.push(channelMessage(c, 1, 2));
    f.push(channelMessage(c, 3, 4)); // a gap in every channel
  }
  assert.ok(f.clock.timers.size <= 1, `timers: ${f.clock.timers.size}`);
  f.holdCalls();
  f.clock.advance(500);
  let rounds = 0;
  for (;;) {
    await flush(2);
    const released = f.release();
    if (released === 0 && f.methods('updates.getChannelDifference').length >= 3000) break;
    assert.ok(released <= 3, `in flight ${released}`);
    assert.ok(++rounds < 5000);
  }
  await flush();
  assert.equal(f.maxInFlight, 3);
  assert.equal(f.methods('updates.getChannelDifference').length, 3000);
  assert.equal(f.updates.channelCount, 3000);
  assert.ok(f.clock.timers.size <= 1);
  assert.equal(f.ids().length, 6000);
});

test('updateShortMessage from an unknown user is fetched by difference; a known one is applied as updateNewMessage', async () => {
  const f = fakeEngine();
  f.answer('updates.getDifference', () => ({
    _: 'updates.difference',
    newMessages: [msg(7)],
    newEncryptedMessages: [],
    otherUpdates: [],
    chats: [],
    users: [{ _: 'user', id: 2, accessHash: 1n }],
    state: { _: 'updates.state', pts: 11, qts: 1, date: 100, seq: 0, unreadCount: 0 },
  }));
  await f.updates.start();
  const short = (id: number, pts: number): Updates => ({ _: 'updateShortMessage', id, userId: 2, message: `s${id}`, pts, ptsCount: 1, date: 100 });
  f.push(short(7, 11));
  await flush();
  assert.equal(f.methods('updates.getDifference').length, 1, 'unknown sender: difference');
  assert.deepEqual(f.ids(), [7]);
  f.push(short(8, 12));
  assert.deepEqual(f.ids(), [7, 8]);
  const m = f.news[1]!.message;
  assert.ok(m._ === 'message' && m.message === 's8' && m.peerId._ === 'peerUser' && m.peerId.userId === 2);
  assert.equal(f.methods('updates.getDifference').length, 1);
});

test('results: updateShortSentMessage is rebuilt from its request; affectedMessages of a delete becomes updateDeleteMessages', async () => {
  const f = fakeEngine();
  await f.updates.start();
  f.result({ _: 'messages.sendMessage', peer: { _: 'inputPeerUser', userId: 2, accessHash: 1n }, message: 'mine', randomId: 1n }, { _: 'updateShortSentMessage', out: true, id: 40, pts: 11, ptsCount: 1, date: 100 });
  f.result({ _: 'messages.deleteMessages', id: [40, 39] }, { _: 'messages.affectedMessages', pts: 13, ptsCount: 2 });
  f.result({ _: 'messages.readHistory', peer: { _: 'inputPeerSelf' }, maxId: 0 }, { _: 'messages.affectedMessages', pts: 14, ptsCount: 1 });
  f.push(newMessage(41, 15));
  assert.deepEqual(f.ids(), [40, 41]);
  const sent = f.news[0]!.message;
  assert.ok(sent._ === 'message' && sent.out && sent.message === 'mine' && sent.fromId?._ === 'peerUser' && sent.fromId.userId === 1);
  assert.deepEqual(f.deletes.map((d) => d.messageIds), [[40, 39]]);
  assert.equal(f.updates.state.pts, 15);
});

test('seq: containers apply in seq order, an old seq is not delivered again, a seq gap waits then asks the difference', async () => {
  const f = fakeEngine({}, { pts: 10, qts: 1, date: 100, seq: 5 });
  f.answer('updates.getDifference', () => ({ _: 'updates.differenceEmpty', date: 100, seq: 9 }));
  await f.updates.start();
  const boxless = (seq: number): Updates => ({ _: 'updates', updates: [{ _: 'updateChannel', channelId: seq }], users: [], chats: [], date: 100, seq });
  f.push(boxless(6));
  f.push(boxless(6));
  f.push(boxless(8));
  assert.deepEqual(f.raw.map((u) => (u as { channelId: number }).channelId), [6]);
  f.clock.advance(500);
  await flush();
  assert.equal(f.methods('updates.getDifference').length, 1);
  assert.equal(f.updates.state.seq, 9);
});

test('a throwing handler is reported and delivery goes on; the saved state survives a restart of the engine', async () => {
  const f = fakeEngine();
  await f.updates.start();
  let calls = 0;
  f.updates.on('newMessage', () => {
    calls++;
    throw new Error('handler bug');
  });
  f.push(newMessage(1, 11));
  f.push(newMessage(2, 12));
  assert.equal(calls, 2);
  assert.equal(f.errors.length, 2);
  assert.deepEqual(f.ids(), [1, 2]);
  await f.updates.close();
  assert.equal((await f.storage.updates.getCommon())?.pts, 12);
  void channel;
});
