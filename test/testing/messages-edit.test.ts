// spec/messages.md §3 (edit), §4 (delete), §5 (forward), §6 (pin) with the updates each account gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUpdates, cast, channelPtsOf, err, inputChannel, inputPeer, messageOf, names, online, ptsOf, rid, send, sentId, updatesIn } from './messages-helpers.js';

test('editMessage in a private chat: every copy, every session, updateEditMessage with the box pts', async () => {
  const { h, alice, bob } = await cast();
  await online(h, alice, 1);
  await online(h, bob);
  const id = sentId(await send(h, alice, inputPeer(bob), 'first draft'));
  h.time += 5;
  const res = await h.call('messages.editMessage', { peer: inputPeer(bob), id, message: 'final text' }, { as: alice });
  assert.deepEqual(names(res), ['updateEditMessage']);
  const upd = updatesIn(res)[0];
  assert.ok(upd?._ === 'updateEditMessage' && upd.pts === ptsOf(h, alice) && upd.ptsCount === 1);
  const m = messageOf(upd);
  assert.ok(m._ === 'message' && m.message === 'final text' && m.editDate === h.time);
  await h.settle();
  const atBob = allUpdates(h.receivedBy(bob.id)).find((u) => u._ === 'updateEditMessage');
  assert.ok(atBob?._ === 'updateEditMessage' && atBob.pts === ptsOf(h, bob));
  assert.ok(messageOf(atBob)._ === 'message' && (messageOf(atBob) as { message: string }).message === 'final text');
  assert.ok(allUpdates(h.receivedBy(alice.id, 1)).some((u) => u._ === 'updateEditMessage'));
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(bob), id, message: 'final text' }, { as: alice }), err('MESSAGE_NOT_MODIFIED'));
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(bob), id: 999, message: 'x' }, { as: alice }), err('MESSAGE_ID_INVALID'));
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(alice), id, message: 'not mine' }, { as: bob }), err('MESSAGE_AUTHOR_REQUIRED', 403));
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(bob), id, message: '' }, { as: alice }), err('MESSAGE_EMPTY'));
  h.time += 172800;
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(bob), id, message: 'too late' }, { as: alice }), err('MESSAGE_EDIT_TIME_EXPIRED'));
  const note = sentId(await send(h, alice, { _: 'inputPeerSelf' }, 'note'));
  h.time += 172800;
  const saved = await h.call('messages.editMessage', { peer: { _: 'inputPeerSelf' }, id: note, message: 'note, edited' }, { as: alice });
  assert.deepEqual(names(saved), ['updateEditMessage'], 'saved messages have no edit limit');
});

test('editMessage in channels: authors in supergroups, edit_messages admins in broadcasts; service messages refused', async () => {
  const { h, s, alice, bob, carol, mega, chan } = await cast();
  await online(h, carol);
  const id = sentId(await send(h, bob, inputPeer(mega), 'mega text'));
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(mega), id, message: 'by alice' }, { as: alice }), err('MESSAGE_AUTHOR_REQUIRED', 403));
  const res = await h.call('messages.editMessage', { peer: inputPeer(mega), id, message: 'mega text 2' }, { as: bob });
  assert.deepEqual(names(res), ['updateEditChannelMessage']);
  assert.equal((updatesIn(res)[0] as { pts: number }).pts, channelPtsOf(h, mega));
  await h.settle();
  assert.ok(allUpdates(h.receivedBy(carol.id)).some((u) => u._ === 'updateEditChannelMessage'));
  s.makeAdmin(chan, bob, ['postMessages']);
  const post = sentId(await send(h, alice, inputPeer(chan), 'post'));
  await assert.rejects(h.call('messages.editMessage', { peer: inputPeer(chan), id: post, message: 'bob edits' }, { as: bob }), err('MESSAGE_AUTHOR_REQUIRED', 403));
  s.makeAdmin(chan, bob, ['editMessages']);
  assert.deepEqual(names(await h.call('messages.editMessage', { peer: inputPeer(chan), id: post, message: 'bob edits' }, { as: bob })), ['updateEditChannelMessage']);
  const created = await h.call('channels.createChannel', { title: 'Fresh', about: '', megagroup: true }, { as: alice });
  const fresh = created._ === 'updates' ? created.chats[0] : undefined;
  assert.ok(fresh?._ === 'channel');
  const freshPeer = { _: 'inputPeerChannel' as const, channelId: fresh.id, accessHash: fresh.accessHash! };
  await assert.rejects(h.call('messages.editMessage', { peer: freshPeer, id: 1, message: 'rename' }, { as: alice }), err('MESSAGE_ID_INVALID'));
  await assert.rejects(h.call('channels.deleteMessages', { channel: { _: 'inputChannel', channelId: fresh.id, accessHash: fresh.accessHash! }, id: [1] }, { as: alice }), err('MESSAGE_DELETE_FORBIDDEN', 403));
});

test('deleteMessages: own copy, or both sides with revoke; affectedMessages carries the caller pts', async () => {
  const { h, alice, bob } = await cast();
  await online(h, alice, 1);
  await online(h, bob);
  const a1 = sentId(await send(h, alice, inputPeer(bob), 'one'));
  const a2 = sentId(await send(h, alice, inputPeer(bob), 'two'));
  const bobPts = ptsOf(h, bob);
  const local = await h.call('messages.deleteMessages', { id: [a1, 12345] }, { as: alice });
  assert.deepEqual(local, { _: 'messages.affectedMessages', pts: ptsOf(h, alice), ptsCount: 1 });
  assert.equal(ptsOf(h, bob), bobPts, 'without revoke bob keeps his copy');
  const revoked = await h.call('messages.deleteMessages', { id: [a2], revoke: true }, { as: alice });
  assert.equal(revoked.ptsCount, 1);
  assert.equal(ptsOf(h, bob), bobPts + 1);
  await h.settle();
  const del = allUpdates(h.receivedBy(bob.id)).find((u) => u._ === 'updateDeleteMessages');
  assert.ok(del?._ === 'updateDeleteMessages' && del.messages.length === 1 && del.messages[0] === 2 && del.pts === bobPts + 1);
  const mine = allUpdates(h.receivedBy(alice.id, 1)).filter((u) => u._ === 'updateDeleteMessages');
  assert.equal(mine.length, 2, "alice's other session sees both deletions");
  const nothing = await h.call('messages.deleteMessages', { id: [a1] }, { as: alice });
  assert.deepEqual(nothing, { _: 'messages.affectedMessages', pts: ptsOf(h, alice), ptsCount: 0 });
});

test('deleteMessages in a basic group: others’ messages only locally without rights; service messages need an admin', async () => {
  const { h, alice, bob, carol, group } = await cast();
  const m = await send(h, bob, inputPeer(group), 'from bob');
  const carolPts = ptsOf(h, carol);
  // carol's copy of bob's message is her id 1
  const res = await h.call('messages.deleteMessages', { id: [1], revoke: true }, { as: carol });
  assert.equal(res.ptsCount, 1);
  assert.equal(ptsOf(h, carol), carolPts + 1);
  const bobHist = await h.call('messages.getHistory', { peer: inputPeer(group), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: 0n }, { as: bob });
  assert.equal('messages' in bobHist && bobHist.messages.length, 1, "bob's copy stays");
  // the creator revokes for everyone
  const aliceId = 1;
  await h.call('messages.deleteMessages', { id: [aliceId], revoke: true }, { as: alice });
  const after = await h.call('messages.getHistory', { peer: inputPeer(group), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: 0n }, { as: bob });
  assert.equal('messages' in after && after.messages.length, 0);
  assert.ok(sentId(m) > 0);
  await h.call('messages.addChatUser', { chatId: group.id, userId: { _: 'inputUser', userId: h.world.seed.createUser({ firstName: 'Dan' }).id, accessHash: [...h.world.users.values()].at(-1)!.accessHash }, fwdLimit: 0 }, { as: alice });
  const svcId = h.world.messages.ids(`u${bob.id}`, { kind: 'chat', id: group.id }).at(-1)!;
  await assert.rejects(h.call('messages.deleteMessages', { id: [svcId], revoke: true }, { as: bob }), err('MESSAGE_DELETE_FORBIDDEN', 403));
});

test('channels.deleteMessages: the channel pts for everyone; rights; unknown ids', async () => {
  const { h, alice, bob, carol, mega } = await cast();
  await online(h, carol);
  const b = sentId(await send(h, bob, inputPeer(mega), 'bob says'));
  const a = sentId(await send(h, alice, inputPeer(mega), 'alice says'));
  await assert.rejects(h.call('channels.deleteMessages', { channel: inputChannel(mega), id: [a] }, { as: bob }), err('MESSAGE_DELETE_FORBIDDEN', 403));
  await assert.rejects(h.call('channels.deleteMessages', { channel: inputChannel(mega), id: [999] }, { as: bob }), err('MSG_ID_INVALID'));
  const own = await h.call('channels.deleteMessages', { channel: inputChannel(mega), id: [b] }, { as: bob });
  assert.deepEqual(own, { _: 'messages.affectedMessages', pts: channelPtsOf(h, mega), ptsCount: 1 });
  const admin = await h.call('channels.deleteMessages', { channel: inputChannel(mega), id: [a, 999] }, { as: alice });
  assert.equal(admin.ptsCount, 1);
  await h.settle();
  const dels = allUpdates(h.receivedBy(carol.id)).filter((u) => u._ === 'updateDeleteChannelMessages');
  assert.deepEqual(dels.map((u) => (u._ === 'updateDeleteChannelMessages' ? [u.messages, u.pts] : [])), [[[b], own.pts], [[a], admin.pts]]);
});

test('forwardMessages: fwd_from of the original, re-forwards keep it, drop_author copies; errors', async () => {
  const { h, alice, bob, group, chan } = await cast();
  await online(h, bob);
  const orig = sentId(await send(h, bob, inputPeer(alice), 'forward me'));
  h.time += 60;
  const res = await h.call('messages.forwardMessages', { fromPeer: inputPeer(bob), toPeer: inputPeer(group), id: [orig], randomId: [rid()] }, { as: alice });
  assert.deepEqual(names(res), ['updateMessageID', 'updateNewMessage']);
  const fwd = messageOf(updatesIn(res)[1]);
  assert.ok(fwd._ === 'message' && fwd.fwdFrom?.fromId?._ === 'peerUser' && fwd.fwdFrom.fromId.userId === bob.id && fwd.fwdFrom.date === h.time - 60);
  await h.settle();
  const atBob = h.receivedBy(bob.id).find((u) => u._ === 'updateShortChatMessage');
  assert.ok(atBob?._ === 'updateShortChatMessage' && atBob.fwdFrom?.fromId?._ === 'peerUser', 'a forward still fits the short form');
  // re-forward from the group keeps bob as the source
  const again = await h.call('messages.forwardMessages', { fromPeer: inputPeer(group), toPeer: { _: 'inputPeerSelf' }, id: [sentId(res)], randomId: [rid()] }, { as: alice });
  const re = messageOf(updatesIn(again)[1]);
  assert.ok(re._ === 'message' && re.fwdFrom?.fromId?._ === 'peerUser' && re.fwdFrom.fromId.userId === bob.id);
  const copy = await h.call('messages.forwardMessages', { fromPeer: inputPeer(bob), toPeer: inputPeer(chan), id: [orig], randomId: [rid()], dropAuthor: true }, { as: alice });
  const c = messageOf(updatesIn(copy)[1]);
  assert.ok(c._ === 'message' && c.fwdFrom === undefined && c.message === 'forward me');
  const post = await h.call('messages.forwardMessages', { fromPeer: inputPeer(chan), toPeer: inputPeer(bob), id: [sentId(copy)], randomId: [rid()] }, { as: alice });
  const p = messageOf(updatesIn(post)[1]);
  assert.ok(p._ === 'message' && p.fwdFrom?.fromId?._ === 'peerChannel' && p.fwdFrom.channelPost === sentId(copy));
  await assert.rejects(h.call('messages.forwardMessages', { fromPeer: inputPeer(bob), toPeer: inputPeer(group), id: [], randomId: [] }, { as: alice }), err('MESSAGE_IDS_EMPTY'));
  await assert.rejects(h.call('messages.forwardMessages', { fromPeer: inputPeer(bob), toPeer: inputPeer(group), id: [orig], randomId: [] }, { as: alice }), err('RANDOM_ID_INVALID'));
  await assert.rejects(h.call('messages.forwardMessages', { fromPeer: inputPeer(bob), toPeer: inputPeer(group), id: [4242], randomId: [rid()] }, { as: alice }), err('MESSAGE_ID_INVALID'));
  await assert.rejects(h.call('messages.forwardMessages', { fromPeer: inputPeer(bob), toPeer: inputPeer(chan), id: [1], randomId: [rid()] }, { as: bob }), err('CHAT_ADMIN_REQUIRED', 403));
});

test('updatePinnedMessage: updatePinnedMessages per account, a service message for pins, rights', async () => {
  const { h, s, alice, bob, mega } = await cast();
  await online(h, bob);
  const id = sentId(await send(h, alice, inputPeer(bob), 'pin me'));
  const res = await h.call('messages.updatePinnedMessage', { peer: inputPeer(bob), id }, { as: alice });
  assert.deepEqual(names(res), ['updatePinnedMessages', 'updateNewMessage']);
  const [pin, svc] = updatesIn(res);
  assert.ok(pin?._ === 'updatePinnedMessages' && pin.pinned === true && pin.messages[0] === id);
  const sm = messageOf(svc);
  assert.ok(sm._ === 'messageService' && sm.action._ === 'messageActionPinMessage' && sm.replyTo?._ === 'messageReplyHeader' && sm.replyTo.replyToMsgId === id);
  await h.settle();
  assert.ok(allUpdates(h.receivedBy(bob.id)).some((u) => u._ === 'updatePinnedMessages' && u.pinned === true));
  const unpin = await h.call('messages.updatePinnedMessage', { peer: inputPeer(bob), id, unpin: true }, { as: alice });
  assert.deepEqual(names(unpin), ['updatePinnedMessages'], 'no service message for an unpin');
  await assert.rejects(h.call('messages.updatePinnedMessage', { peer: inputPeer(bob), id: 999 }, { as: alice }), err('MESSAGE_ID_INVALID'));
  const mid = sentId(await send(h, alice, inputPeer(mega), 'mega pin'));
  await assert.rejects(h.call('messages.updatePinnedMessage', { peer: inputPeer(mega), id: mid }, { as: bob }), err('CHAT_ADMIN_REQUIRED'));
  s.makeAdmin(mega, bob, ['pinMessages']);
  const ok = await h.call('messages.updatePinnedMessage', { peer: inputPeer(mega), id: mid, silent: true }, { as: bob });
  assert.deepEqual(names(ok), ['updatePinnedChannelMessages', 'updateNewChannelMessage']);
  const bot = s.createUser({ firstName: 'Bot', bot: true });
  await assert.rejects(h.call('messages.updatePinnedMessage', { peer: inputPeer(alice), id: 1, pmOneside: true }, { as: bot }), err('BOT_ONESIDE_NOT_AVAIL'));
});
