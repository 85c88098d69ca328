// spec/messages.md §2 (sendMessage) and spec/updates.md §3.1–3.4 (what each session of each account gets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cast, channelPtsOf, err, inputPeer, messageOf, names, online, ptsOf, rid, send, sentId, updatesIn } from './messages-helpers.js';
import type { Updates } from '../../src/tl/index.js';

test('private chat: updateShortSentMessage for the caller, updateShortMessage for its other session and the recipient, own ids and pts', async () => {
  const { h, alice, bob } = await cast();
  await online(h, alice, 1);
  await online(h, bob);
  const res = await send(h, alice, inputPeer(bob), 'hello bob');
  assert.equal(res._, 'updateShortSentMessage');
  if (res._ !== 'updateShortSentMessage') return;
  assert.equal(res.out, true);
  assert.equal(res.id, 1);
  assert.equal(res.pts, 2);
  assert.equal(res.ptsCount, 1);
  assert.equal(res.entities, undefined, 'entities only when the server changed them');
  await h.settle();
  const other = h.receivedBy(alice.id, 1).find((u) => u._ === 'updateShortMessage');
  assert.ok(other && other._ === 'updateShortMessage');
  assert.deepEqual([other.out, other.userId, other.id, other.pts, other.ptsCount, other.message], [true, bob.id, 1, 2, 1, 'hello bob']);
  assert.equal(h.receivedBy(alice.id, 0).length, 0, 'the caller session gets the result only');
  const got = h.receivedBy(bob.id).find((u) => u._ === 'updateShortMessage');
  assert.ok(got && got._ === 'updateShortMessage');
  assert.deepEqual([got.out, got.userId, got.id, got.pts, got.message], [false, alice.id, 1, 2, 'hello bob']);
  // bob answers: his second event, alice's second message id
  const back = await send(h, bob, inputPeer(alice), 'hi alice');
  assert.ok(back._ === 'updateShortSentMessage' && back.id === 2 && back.pts === 3);
  assert.equal(ptsOf(h, alice), 3);
  await h.settle();
  const toAlice = h.receivedBy(alice.id, 0).find((u) => u._ === 'updateShortMessage');
  assert.ok(toAlice && toAlice._ === 'updateShortMessage' && toAlice.id === 2 && toAlice.pts === 3 && toAlice.userId === bob.id);
});

test('saved messages: one copy, the other session sees updateShortMessage with user_id = self', async () => {
  const { h, alice } = await cast();
  await online(h, alice, 1);
  const res = await send(h, alice, { _: 'inputPeerSelf' }, 'note to self');
  assert.ok(res._ === 'updateShortSentMessage' && res.pts === 2);
  await h.settle();
  const other = h.receivedBy(alice.id, 1).find((u) => u._ === 'updateShortMessage');
  assert.ok(other && other._ === 'updateShortMessage' && other.userId === alice.id && other.out === true);
  const hist = await h.call('messages.getHistory', { peer: { _: 'inputPeerSelf' }, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: 0n }, { as: alice });
  assert.equal(hist._, 'messages.messages');
  if (hist._ === 'messages.messages') assert.equal(hist.messages.length, 1);
});

test('basic group: updateShortChatMessage per member with its own ids and pts', async () => {
  const { h, alice, bob, carol, group } = await cast();
  await online(h, bob);
  await online(h, carol);
  await send(h, bob, inputPeer(alice), 'warm up bob');
  const res = await send(h, alice, inputPeer(group), 'hi all');
  assert.ok(res._ === 'updateShortSentMessage' && res.id === 2 && res.pts === 3);
  await h.settle();
  const b = h.receivedBy(bob.id).find((u) => u._ === 'updateShortChatMessage');
  assert.ok(b && b._ === 'updateShortChatMessage');
  assert.deepEqual([b.fromId, b.chatId, b.id, b.pts, b.message], [alice.id, group.id, 2, 3, 'hi all'], "bob's second message and event");
  const c = h.receivedBy(carol.id).find((u) => u._ === 'updateShortChatMessage');
  assert.ok(c && c._ === 'updateShortChatMessage' && c.id === 1 && c.pts === 2, "carol's first");
});

test('supergroup: caller gets updateMessageID + updateReadChannelInbox + updateNewChannelMessage; members the message with the channel pts', async () => {
  const { h, alice, bob, mega } = await cast();
  await online(h, alice, 1);
  await online(h, bob);
  const before = channelPtsOf(h, mega);
  const random = rid();
  const res = await h.call('messages.sendMessage', { peer: inputPeer(mega), message: 'mega hello', randomId: random }, { as: alice });
  assert.equal(res._, 'updates');
  assert.deepEqual(names(res), ['updateMessageID', 'updateReadChannelInbox', 'updateNewChannelMessage']);
  const [idUpd, read, msg] = updatesIn(res);
  assert.ok(idUpd?._ === 'updateMessageID' && idUpd.randomId === random);
  assert.ok(msg?._ === 'updateNewChannelMessage' && msg.pts === before + 1 && msg.ptsCount === 1);
  assert.ok(read?._ === 'updateReadChannelInbox' && read.pts === before + 1 && read.maxId === idUpd.id);
  assert.equal(res._ === 'updates' && res.seq, 0);
  assert.ok(res._ === 'updates' && res.chats.some((c) => c.id === mega.id));
  const m = messageOf(msg);
  assert.ok(m._ === 'message' && m.out === true && m.fromId?._ === 'peerUser' && m.fromId.userId === alice.id);
  await h.settle();
  const other = h.receivedBy(alice.id, 1).find((u) => names(u).includes('updateNewChannelMessage'));
  assert.ok(other, "alice's other session");
  assert.deepEqual(names(other), ['updateReadChannelInbox', 'updateNewChannelMessage']);
  const atBob = h.receivedBy(bob.id).find((u) => names(u).includes('updateNewChannelMessage'));
  assert.ok(atBob && atBob._ === 'updates');
  assert.deepEqual(names(atBob), ['updateNewChannelMessage']);
  const bm = messageOf(updatesIn(atBob)[0]);
  assert.ok(bm._ === 'message' && bm.out === false && bm.id === idUpd.id);
  assert.equal((updatesIn(atBob)[0] as { pts: number }).pts, before + 1);
});

test('broadcast channel: only admins post; posts carry post=true and no from_id', async () => {
  const { h, alice, bob, chan } = await cast();
  await assert.rejects(send(h, bob, inputPeer(chan), 'not allowed'), err('CHAT_ADMIN_REQUIRED', 403));
  await online(h, bob);
  const res = await send(h, alice, inputPeer(chan), 'news!');
  assert.deepEqual(names(res), ['updateMessageID', 'updateNewChannelMessage'], 'no read-inbox update in broadcast channels');
  await h.settle();
  const atBob = h.receivedBy(bob.id).find((u) => names(u).includes('updateNewChannelMessage'));
  const m = messageOf(updatesIn(atBob!)[0]);
  assert.ok(m._ === 'message' && m.post === true && m.fromId === undefined);
});

test('sendMessage errors: peers, membership, text', async () => {
  const { h, s, alice, bob, group, mega } = await cast();
  const dave = s.createUser({ firstName: 'Dave' });
  const priv = s.createChannel({ creator: bob, title: 'Private' });
  const pub = s.createChannel({ creator: bob, title: 'Public', megagroup: true, username: 'pubgroup' });
  const cases: Array<[Record<string, unknown>, ReturnType<typeof err>]> = [
    [{ peer: { _: 'inputPeerEmpty' } }, err('PEER_ID_INVALID')],
    [{ peer: { _: 'inputPeerUser', userId: bob.id, accessHash: bob.accessHash + 1n } }, err('PEER_ID_INVALID')],
    [{ peer: { _: 'inputPeerChat', chatId: 999_999 } }, err('CHAT_ID_INVALID')],
    [{ peer: { _: 'inputPeerChannel', channelId: mega.id, accessHash: 1n } }, err('CHANNEL_INVALID')],
    [{ peer: inputPeer(priv) }, err('CHANNEL_PRIVATE', 406)],
    [{ peer: inputPeer(pub) }, err('CHAT_WRITE_FORBIDDEN', 403)],
    [{ peer: inputPeer(bob), message: ' \n ' }, err('MESSAGE_EMPTY')],
    [{ peer: inputPeer(bob), message: 'x'.repeat(4097) }, err('MESSAGE_TOO_LONG')],
    [{ peer: inputPeer(bob), entities: [{ _: 'messageEntityBold', offset: 0, length: 50 }] }, err('ENTITY_BOUNDS_INVALID')],
    [{ peer: inputPeer(bob), replyTo: { _: 'inputReplyToMessage', replyToMsgId: 77 } }, err('REPLY_MESSAGE_ID_INVALID')],
  ];
  for (const [extra, want] of cases) {
    await assert.rejects(h.call('messages.sendMessage', { peer: inputPeer(bob), message: 'text', randomId: rid(), ...extra } as never, { as: alice }), want, JSON.stringify(extra, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  }
  await assert.rejects(send(h, dave, inputPeer(group), 'not a member'), err('CHAT_WRITE_FORBIDDEN', 403));
  // 4096 astral characters are 4096 code points (8192 UTF-16 units) and fit
  const res = await send(h, alice, inputPeer(bob), '😀'.repeat(4096));
  assert.equal(res._, 'updateShortSentMessage');
  assert.equal(ptsOf(h, dave), 1, 'nothing happened to dave');
});

test('entities are carried as sent; detected ones come back in updateShortSentMessage', async () => {
  const { h, alice, bob } = await cast();
  await online(h, bob);
  const bold = { _: 'messageEntityBold' as const, offset: 0, length: 4 };
  const plain = await send(h, alice, inputPeer(bob), 'bold text', { entities: [bold] });
  assert.ok(plain._ === 'updateShortSentMessage' && plain.entities === undefined);
  const withCmd = await send(h, alice, inputPeer(bob), '/start now, see https://t.me/x');
  assert.ok(withCmd._ === 'updateShortSentMessage');
  assert.deepEqual(withCmd.entities?.map((e) => [e._, e.offset, e.length]), [
    ['messageEntityBotCommand', 0, 6],
    ['messageEntityUrl', 16, 14],
  ]);
  await h.settle();
  const got = h.receivedBy(bob.id).filter((u): u is Extract<Updates, { _: 'updateShortMessage' }> => u._ === 'updateShortMessage');
  assert.deepEqual(got[0]?.entities, [bold]);
  // text normalisation: trailing whitespace trimmed, CR removed, entities follow
  const trimmed = await send(h, alice, inputPeer(bob), 'a\r\nb  \n', { entities: [{ _: 'messageEntityItalic', offset: 3, length: 3 }] });
  assert.equal(trimmed._, 'updateShortSentMessage');
  const hist = await h.call('messages.getHistory', { peer: inputPeer(bob), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n }, { as: alice });
  const top = 'messages' in hist ? hist.messages[0] : undefined;
  assert.ok(top?._ === 'message');
  assert.equal(top.message, 'a\nb');
  assert.deepEqual(top.entities, [{ _: 'messageEntityItalic', offset: 2, length: 1 }]);
});

test('random_id: a repeat returns the original (pts_count 0, nothing new); another peer → 500 RANDOM_ID_DUPLICATE', async () => {
  const { h, alice, bob, carol, mega } = await cast();
  const random = rid();
  const first = await h.call('messages.sendMessage', { peer: inputPeer(bob), message: 'once', randomId: random }, { as: alice });
  const pts = ptsOf(h, alice);
  const again = await h.call('messages.sendMessage', { peer: inputPeer(bob), message: 'once', randomId: random }, { as: alice });
  assert.equal(again._, 'updates');
  assert.deepEqual(names(again), ['updateMessageID', 'updateNewMessage']);
  const [idUpd, msg] = updatesIn(again);
  assert.ok(idUpd?._ === 'updateMessageID' && idUpd.id === sentId(first) && idUpd.randomId === random);
  assert.ok(msg?._ === 'updateNewMessage' && msg.ptsCount === 0 && msg.pts === pts);
  assert.equal(ptsOf(h, alice), pts, 'no new event');
  assert.equal(ptsOf(h, bob), 2, 'bob has one message');
  await assert.rejects(h.call('messages.sendMessage', { peer: inputPeer(carol), message: 'once', randomId: random }, { as: alice }), err('RANDOM_ID_DUPLICATE', 500));
  // channels too
  const r2 = rid();
  const c1 = await h.call('messages.sendMessage', { peer: inputPeer(mega), message: 'one', randomId: r2 }, { as: alice });
  const cpts = channelPtsOf(h, mega);
  const c2 = await h.call('messages.sendMessage', { peer: inputPeer(mega), message: 'one', randomId: r2 }, { as: alice });
  assert.equal(sentId(c2), sentId(c1));
  assert.equal(channelPtsOf(h, mega), cpts);
  // the same random_id of another sender is its own
  const own = await h.call('messages.sendMessage', { peer: inputPeer(alice), message: 'mine', randomId: random }, { as: bob });
  assert.equal(own._, 'updateShortSentMessage');
});

test('replies map to each box; mentions and replies set `mentioned` for the recipient', async () => {
  const { h, alice, bob, group } = await cast();
  await send(h, bob, inputPeer(alice), 'warm up');
  const first = await send(h, bob, inputPeer(group), 'question');
  const bobId = sentId(first);
  // alice's copy of bob's message: her box holds "warm up" (1) and the question (2)
  const reply = await send(h, alice, inputPeer(group), 'answer', { replyTo: { _: 'inputReplyToMessage', replyToMsgId: 2 } });
  assert.equal(reply._, 'updateShortSentMessage');
  const hist = await h.call('messages.getHistory', { peer: inputPeer(group), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n }, { as: bob });
  const top = 'messages' in hist ? hist.messages[0] : undefined;
  assert.ok(top?._ === 'message');
  assert.equal(top.replyTo?._ === 'messageReplyHeader' && top.replyTo.replyToMsgId, bobId, "bob's own numbering");
  assert.equal(top.mentioned, true, 'a reply to bob mentions bob');
  await send(h, alice, inputPeer(group), 'ping @bob_b');
  const h2 = await h.call('messages.getHistory', { peer: inputPeer(group), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n }, { as: bob });
  const t2 = 'messages' in h2 ? h2.messages[0] : undefined;
  assert.ok(t2?._ === 'message' && t2.mentioned === true);
});
