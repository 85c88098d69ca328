// spec/messages.md §6 (read marks), §7 (getHistory window and paging, search, getMessages, dialogs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUpdates, cast, channelPtsOf, err, inputChannel, inputPeer, online, ptsOf, send, sentId } from './messages-helpers.js';
import type { TcpWorldHarness } from '../../src/testing/world/tcp-harness.js';
import type { UserRecord } from '../../src/testing/world/types.js';
import type { InputPeer, MessagesMessages } from '../../src/tl/index.js';

const W = { offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: 0n };

function ids(r: MessagesMessages): number[] {
  return 'messages' in r ? r.messages.map((m) => m.id) : [];
}

const range = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let i = from; from <= to ? i <= to : i >= to; i += from <= to ? 1 : -1) out.push(i);
  return out;
};

/** Sends `n` numbered messages 10 s apart; returns their dates by id. */
async function fill(h: TcpWorldHarness, from: UserRecord, peer: InputPeer, n: number): Promise<Map<number, number>> {
  const dates = new Map<number, number>();
  for (let i = 1; i <= n; i++) {
    h.time += 10;
    const id = sentId(await send(h, from, peer, `message ${i}${i % 3 === 0 ? ' fizz' : ''}`));
    dates.set(id, h.time);
  }
  return dates;
}

test('getHistory window: offset_id, offset_date, add_offset, limit, then max_id/min_id; slices and hash', async () => {
  const { h, alice } = await cast();
  const self: InputPeer = { _: 'inputPeerSelf' };
  const dates = await fill(h, alice, self, 30);
  const get = (w: Partial<typeof W>) => h.call('messages.getHistory', { peer: self, ...W, ...w }, { as: alice });
  const first = await get({});
  assert.equal(first._, 'messages.messagesSlice');
  assert.deepEqual(ids(first), range(30, 21));
  assert.ok(first._ === 'messages.messagesSlice' && first.count === 30 && first.offsetIdOffset === undefined);
  const older = await get({ offsetId: 21, limit: 5 });
  assert.deepEqual(ids(older), range(20, 16), 'add_offset 0: strictly older');
  assert.ok(older._ === 'messages.messagesSlice' && older.offsetIdOffset === 10);
  assert.deepEqual(ids(await get({ offsetId: 21, addOffset: -5, limit: 5 })), range(25, 21), '-limit: offset_id and newer');
  assert.deepEqual(ids(await get({ offsetId: 21, addOffset: -5, limit: 10 })), range(25, 16), '-limit/2: around it');
  assert.deepEqual(ids(await get({ offsetDate: dates.get(21)!, limit: 3 })), [20, 19, 18], 'offset_date: older than that date');
  assert.deepEqual(ids(await get({ maxId: 25 })), range(24, 21), 'max_id after slicing: a short page');
  assert.deepEqual(ids(await get({ minId: 27 })), [30, 29, 28]);
  assert.deepEqual(ids(await get({ addOffset: -5 })), range(30, 26), 'start < 0 → 0, end kept');
  assert.equal(ids(await get({ limit: 0 })).length, 20, 'limit 0 → 20');
  const all = await get({ limit: 500 });
  assert.equal(all._, 'messages.messages', 'the whole list fits: not a slice');
  assert.equal(ids(all).length, 30);
  assert.deepEqual(ids(await get({ offsetId: 1 })), [], 'nothing older than the first');
  const page = await get({ limit: 5 });
  const { pageHash } = await import('../../src/testing/world/messages/history.js');
  const same = await get({ limit: 5, hash: pageHash(ids(page)) });
  assert.deepEqual(same, { _: 'messages.messagesNotModified', count: 30 });
});

test('paging the history backward and forward returns every message exactly once (250 messages, channel)', async () => {
  const { h, alice, mega } = await cast();
  const peer = inputPeer(mega);
  for (let i = 0; i < 250; i++) await send(h, alice, peer, `m${i}`);
  const seen: number[] = [];
  for (let offsetId = 0, rounds = 0; rounds < 10; rounds++) {
    const r = await h.call('messages.getHistory', { peer, ...W, offsetId, limit: 100 }, { as: alice });
    assert.equal(r._, 'messages.channelMessages');
    if (r._ === 'messages.channelMessages') assert.equal(r.pts, channelPtsOf(h, mega));
    const page = ids(r);
    if (page.length === 0) break;
    seen.push(...page);
    offsetId = Math.min(...page);
  }
  assert.deepEqual(seen, range(250, 1));
  const forward: number[] = [];
  for (let from = 0, rounds = 0; rounds < 10; rounds++) {
    const r = await h.call('messages.getHistory', { peer, ...W, offsetId: from + 1, addOffset: -100, limit: 100 }, { as: alice });
    const page = ids(r).reverse().filter((id) => id > from);
    if (page.length === 0) break;
    forward.push(...page);
    from = Math.max(...page);
  }
  assert.deepEqual(forward, range(1, 250));
});

test('search: text filter, from_id, dates, count-only; errors', async () => {
  const { h, alice, bob, group } = await cast();
  const dates = await fill(h, alice, inputPeer(group), 12);
  await send(h, bob, inputPeer(group), 'bob says FIZZ too');
  const q = (extra: Record<string, unknown>) =>
    h.call('messages.search', { peer: inputPeer(group), q: '', filter: { _: 'inputMessagesFilterEmpty' }, minDate: 0, maxDate: 0, ...W, ...extra } as never, { as: alice });
  assert.deepEqual(ids(await q({ q: 'fizz' })), [13, 12, 9, 6, 3].map((i) => i), 'case-insensitive, newest first');
  assert.deepEqual(ids(await q({ q: 'fizz', fromId: inputPeer(bob) })), [13]);
  assert.deepEqual(ids(await q({ q: 'fizz', minDate: dates.get(6)!, maxDate: dates.get(9)! })), [9, 6]);
  const counted = await q({ q: 'fizz', limit: 0 });
  assert.ok(counted._ === 'messages.messagesSlice' && counted.count === 5 && counted.messages.length === 0);
  assert.deepEqual(ids(await q({ q: 'fizz', limit: 2, offsetId: 9 })), [6, 3], 'the window applies to the matches');
  await assert.rejects(q({}), err('SEARCH_QUERY_EMPTY'));
  await assert.rejects(q({ q: 'x', fromId: { _: 'inputPeerUser', userId: bob.id, accessHash: 1n } }), err('FROM_PEER_INVALID'));
});

test('getMessages / channels.getMessages: request order, messageEmpty for the missing, reply-to lookups', async () => {
  const { h, alice, bob, mega } = await cast();
  const a = sentId(await send(h, alice, inputPeer(bob), 'first'));
  const b = sentId(await send(h, alice, inputPeer(bob), 'second', { replyTo: { _: 'inputReplyToMessage', replyToMsgId: a } }));
  const r = await h.call('messages.getMessages', { id: [{ _: 'inputMessageID', id: b }, { _: 'inputMessageID', id: 77 }, { _: 'inputMessageReplyTo', id: b }] }, { as: alice });
  assert.equal(r._, 'messages.messages');
  assert.deepEqual(r._ === 'messages.messages' ? r.messages.map((m) => [m._, m.id]) : [], [['message', b], ['messageEmpty', 77], ['message', a]]);
  assert.ok(r._ === 'messages.messages' && r.users.some((u) => u.id === bob.id));
  const c = sentId(await send(h, alice, inputPeer(mega), 'in mega'));
  const cr = await h.call('channels.getMessages', { channel: inputChannel(mega), id: [{ _: 'inputMessageID', id: c }, { _: 'inputMessageID', id: c + 5 }] }, { as: bob });
  assert.ok(cr._ === 'messages.channelMessages' && cr.pts === channelPtsOf(h, mega));
  assert.deepEqual(ids(cr), [c, c + 5]);
  await assert.rejects(h.call('channels.getMessages', { channel: inputChannel(mega), id: [] }, { as: bob }), err('MESSAGE_IDS_EMPTY'));
  const priv = h.world.seed.createChannel({ creator: bob, title: 'Hidden' });
  await assert.rejects(h.call('channels.getMessages', { channel: inputChannel(priv), id: [{ _: 'inputMessageID', id: 1 }] }, { as: alice }), err('CHANNEL_PRIVATE', 406));
});

test('readHistory: reader inbox event, author outbox event in its own ids; channels.readHistory pushes', async () => {
  const { h, alice, bob, carol, mega } = await cast();
  await online(h, alice);
  await online(h, bob, 1);
  await send(h, carol, inputPeer(bob), 'carol first');
  for (let i = 0; i < 3; i++) await send(h, alice, inputPeer(bob), `a${i}`);
  // bob's box: 1 = carol's, 2..4 = alice's; alice's ids are 1..3
  const bobPts = ptsOf(h, bob);
  const res = await h.call('messages.readHistory', { peer: inputPeer(alice), maxId: 3 }, { as: bob });
  assert.deepEqual(res, { _: 'messages.affectedMessages', pts: bobPts + 1, ptsCount: 1 });
  const again = await h.call('messages.readHistory', { peer: inputPeer(alice), maxId: 2 }, { as: bob });
  assert.deepEqual(again, { _: 'messages.affectedMessages', pts: bobPts + 1, ptsCount: 0 }, 'the mark never moves back');
  await h.settle();
  const inbox = allUpdates(h.receivedBy(bob.id, 1)).find((u) => u._ === 'updateReadHistoryInbox');
  assert.ok(inbox?._ === 'updateReadHistoryInbox' && inbox.maxId === 3 && inbox.stillUnreadCount === 1 && inbox.pts === bobPts + 1);
  const outbox = allUpdates(h.receivedBy(alice.id)).find((u) => u._ === 'updateReadHistoryOutbox');
  assert.ok(outbox?._ === 'updateReadHistoryOutbox' && outbox.maxId === 2 && outbox.pts === ptsOf(h, alice), "alice's own id of the last read message");
  await assert.rejects(h.call('messages.readHistory', { peer: inputPeer(mega), maxId: 0 }, { as: bob }), err('PEER_ID_INVALID'));
  // channels
  const m = sentId(await send(h, alice, inputPeer(mega), 'read me'));
  assert.equal(await h.call('channels.readHistory', { channel: inputChannel(mega), maxId: m }, { as: bob }), true);
  await assert.rejects(h.call('channels.readHistory', { channel: inputChannel(mega), maxId: m + 10 }, { as: bob }), err('MSG_ID_INVALID'));
  await h.settle();
  const rin = allUpdates(h.receivedBy(bob.id, 1)).find((u) => u._ === 'updateReadChannelInbox');
  assert.ok(rin?._ === 'updateReadChannelInbox' && rin.maxId === m && rin.pts === channelPtsOf(h, mega));
  const rout = h.receivedBy(alice.id).find((u) => allUpdates([u]).some((x) => x._ === 'updateReadChannelOutbox'));
  assert.ok(rout?._ === 'updates' && rout.seq > 0, 'a box-less container takes the next seq');
  const bot = h.world.seed.createUser({ firstName: 'Bot', bot: true });
  await assert.rejects(h.call('messages.readHistory', { peer: inputPeer(alice), maxId: 0 }, { as: bot }), err('BOT_METHOD_INVALID'));
});

test('getDialogs: order by top message, cursor paging, slices, folders; getPeerDialogs', async () => {
  const { h, alice, bob, carol, group, mega, chan } = await cast();
  const order = [inputPeer(bob), inputPeer(group), inputPeer(carol), inputPeer(mega), inputPeer(chan)];
  for (const peer of order) {
    h.time += 10;
    await send(h, alice, peer, 'hello');
  }
  const get = (extra: Record<string, unknown>) =>
    h.call('messages.getDialogs', { offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n, ...extra } as never, { as: alice });
  const all = await get({});
  assert.equal(all._, 'messages.dialogs');
  const peerIds = (r: Awaited<ReturnType<typeof get>>) =>
    'dialogs' in r ? r.dialogs.map((d) => (d._ !== 'dialog' ? 0 : d.peer._ === 'peerUser' ? d.peer.userId : d.peer._ === 'peerChat' ? d.peer.chatId : d.peer.channelId)) : [];
  assert.deepEqual(peerIds(all), [chan.id, mega.id, carol.id, group.id, bob.id]);
  const d0 = 'dialogs' in all ? all.dialogs[0] : undefined;
  assert.ok(d0?._ === 'dialog' && d0.pts === channelPtsOf(h, chan) && d0.topMessage === 1);
  const p1 = await get({ limit: 2 });
  assert.ok(p1._ === 'messages.dialogsSlice' && p1.count === 5);
  const last = 'dialogs' in p1 ? p1.dialogs[1]! : undefined;
  const lastMsg = 'messages' in p1 ? p1.messages[1]! : undefined;
  const p2 = await get({ limit: 2, offsetPeer: inputPeer(mega), offsetId: last?._ === 'dialog' ? last.topMessage : 0, offsetDate: lastMsg && 'date' in lastMsg ? lastMsg.date : 0 });
  assert.deepEqual(peerIds(p2), [carol.id, group.id]);
  const p3 = await get({ limit: 2, offsetDate: h.time - 20 });
  assert.deepEqual(peerIds(p3), [group.id, bob.id], 'offset_date alone: older top messages');
  assert.deepEqual(peerIds(await get({ folderId: 1 })), []);
  await assert.rejects(get({ folderId: 5 }), err('FOLDER_ID_INVALID'));
  const stranger = h.world.seed.createUser({ firstName: 'Stranger' });
  await assert.rejects(get({ offsetPeer: inputPeer(stranger) }), err('OFFSET_PEER_ID_INVALID'));
  const bobView = await h.call('messages.getDialogs', { offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n }, { as: bob });
  const withAlice = 'dialogs' in bobView ? bobView.dialogs.find((d) => d._ === 'dialog' && d.peer._ === 'peerUser') : undefined;
  assert.ok(withAlice?._ === 'dialog' && withAlice.unreadCount === 1 && withAlice.readInboxMaxId === 0);
  const pd = await h.call('messages.getPeerDialogs', { peers: [{ _: 'inputDialogPeer', peer: inputPeer(mega) }, { _: 'inputDialogPeer', peer: inputPeer(bob) }] }, { as: alice });
  assert.deepEqual(pd.dialogs.map((d) => (d._ === 'dialog' ? d.topMessage : 0)), [1, 1]);
  assert.equal(pd.state.pts, ptsOf(h, alice));
  await assert.rejects(h.call('messages.getPeerDialogs', { peers: [] }, { as: alice }), err('INPUT_PEERS_EMPTY'));
});
