// Spec §9 (getChatInviteImporters), §11.7 (join requests), §12 (hide requests), §13 (request updates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { err, harness, hashOf, exported } from './invite-helpers.js';
import type { TcpWorldHarness } from '../../src/testing/world/tcp-harness.js';
import { inputChannel, inputPeer, inputUser } from '../../src/testing/world/seed.js';
import type { UserRecord } from '../../src/testing/world/types.js';
import type { Update, Updates } from '../../src/tl/index.js';

function updatesOf(list: Updates[]): Update[] {
  return list.flatMap((u) => (u._ === 'updates' ? u.updates : []));
}

async function setup() {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'Owner' });
  const admin = s.createUser({ firstName: 'Admin' });
  const bot = s.createUser({ firstName: 'Bot', bot: true });
  const alice = s.createUser({ firstName: 'Alice', username: 'alice_w', about: 'Hi, Alice' });
  const bob = s.createUser({ firstName: 'Bob', lastName: 'Stone' });
  const carol = s.createUser({ firstName: 'Carol' });
  const dave = s.createUser({ firstName: 'Dave' });
  const chat = s.createChannel({ creator: owner, title: 'G', megagroup: true });
  s.makeAdmin(chat, admin, ['inviteUsers']);
  s.makeAdmin(chat, bot, ['inviteUsers']);
  const peer = inputPeer(chat);
  return { h, s, owner, admin, bot, alice, bob, carol, dave, chat, peer };
}

async function approvalLink(h: TcpWorldHarness, peer: ReturnType<typeof inputPeer>, as: number | { id: number }) {
  return hashOf(exported(await h.call('messages.exportChatInvite', { peer, requestNeeded: true }, { as: typeof as === 'number' ? as : as.id })).link);
}

test('§11.7 §13 a join request: INVITE_REQUEST_SENT, stored once, counters and updates', async () => {
  const { h, owner, admin, bot, alice, chat, peer } = await setup();
  const hash = await approvalLink(h, peer, admin);
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: alice }), err('INVITE_REQUEST_SENT'));
  assert.deepEqual(chat.requests.get(alice.id), { userId: alice.id, date: h.time, about: 'Hi, Alice', hash });
  assert.equal(chat.links.get(hash)?.requested, 1);
  assert.equal(chat.participants.has(alice.id), false);
  const ownerUpd = updatesOf(h.pushedTo(owner.id)).find((u) => u._ === 'updatePendingJoinRequests');
  assert.ok(ownerUpd && ownerUpd._ === 'updatePendingJoinRequests');
  assert.equal(ownerUpd.requestsPending, 1);
  assert.deepEqual(ownerUpd.recentRequesters, [alice.id]);
  assert.ok(updatesOf(h.pushedTo(admin.id)).some((u) => u._ === 'updatePendingJoinRequests'));
  // the admin's client is online (it made the link): the update reached it over TCP
  await h.settle();
  const adminGot = updatesOf(h.receivedBy(admin.id)).find((u) => u._ === 'updatePendingJoinRequests');
  assert.ok(adminGot?._ === 'updatePendingJoinRequests' && adminGot.requestsPending === 1);
  const botUpd = updatesOf(h.pushedTo(bot.id)).find((u) => u._ === 'updateBotChatInviteRequester');
  assert.ok(botUpd && botUpd._ === 'updateBotChatInviteRequester');
  assert.equal(botUpd.userId, alice.id);
  assert.equal(botUpd.about, 'Hi, Alice');
  assert.equal(botUpd.qts, 2, 'a fresh account is at qts 1: its first event is qts 2 (updates.md §1.4)');
  assert.ok(exported(botUpd.invite).link.endsWith('...'), 'another admin link is truncated for the bot');
  assert.ok(!updatesOf(h.pushedTo(bot.id)).some((u) => u._ === 'updatePendingJoinRequests'), 'bots get the requester stream only');
  const pushes = h.pushed.length;
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: alice }), err('INVITE_REQUEST_SENT'));
  assert.equal(chat.links.get(hash)?.requested, 1);
  assert.equal(h.pushed.length, pushes, 'no duplicate request, no new updates');
  // the full channel mirrors the pending set
  const full = await h.call('channels.getFullChannel', { channel: { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash } }, { as: owner });
  assert.ok(full.fullChat._ === 'channelFull');
  if (full.fullChat._ === 'channelFull') {
    assert.equal(full.fullChat.requestsPending, 1);
    assert.deepEqual(full.fullChat.recentRequesters, [alice.id]);
    assert.equal(exported(full.fullChat.exportedInvite!).permanent, true);
  }
});

test('§12 hideChatJoinRequest: approve joins with JoinedByRequest; decline drops; errors', async () => {
  const { h, s, owner, admin, alice, bob, carol, chat, peer } = await setup();
  const hash = await approvalLink(h, peer, owner);
  for (const u of [alice, bob]) await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: u }), err('INVITE_REQUEST_SENT'));
  await assert.rejects(h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(carol), approved: true }, { as: admin }), err('HIDE_REQUESTER_MISSING'));
  await assert.rejects(h.call('messages.hideChatJoinRequest', { peer, userId: { _: 'inputUserEmpty' } }, { as: admin }), err('USER_ID_INVALID'));
  const gone = s.createUser({ firstName: 'Gone' });
  s.deleteUser(gone);
  await assert.rejects(h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(gone) }, { as: admin }), err('INPUT_USER_DEACTIVATED'));
  const res = await h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(alice), approved: true }, { as: admin });
  assert.ok(res._ === 'updates');
  const names = res.updates.map((u) => u._);
  assert.ok(names.includes('updateNewChannelMessage') && names.includes('updatePendingJoinRequests'));
  const p = chat.participants.get(alice.id)!;
  assert.equal(p.source, 'request');
  assert.equal(p.inviterId, admin.id);
  const link = chat.links.get(hash)!;
  assert.equal(link.requested, 1);
  assert.equal(link.usage, 1);
  assert.deepEqual(chat.importers.at(-1), { userId: alice.id, date: h.time, hash, approvedBy: admin.id });
  const joined = updatesOf(h.pushedTo(alice.id)).find((u) => u._ === 'updateNewChannelMessage');
  assert.ok(joined && joined._ === 'updateNewChannelMessage' && joined.message._ === 'messageService');
  if (joined?._ === 'updateNewChannelMessage' && joined.message._ === 'messageService') {
    assert.deepEqual(joined.message.action, { _: 'messageActionChatJoinedByRequest' });
    assert.deepEqual(joined.message.fromId, { _: 'peerUser', userId: alice.id });
  }
  // the member sees channelParticipantSelf.via_request
  const part = await h.call('channels.getParticipant', { channel: { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash }, participant: { _: 'inputPeerSelf' } }, { as: alice });
  assert.ok(part.participant._ === 'channelParticipantSelf' && part.participant.viaRequest === true);
  // decline bob
  await h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(bob) }, { as: owner });
  assert.equal(chat.requests.size, 0);
  assert.equal(link.requested, 0);
  assert.equal(chat.participants.has(bob.id), false);
});

test('§12 approve step 4: already a member (request dropped), channel limit, chat full', async () => {
  const { h, s, owner, alice, bob, chat, peer } = await setup();
  const hash = await approvalLink(h, peer, owner);
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: alice }), err('INVITE_REQUEST_SENT'));
  s.addMember(chat, alice);
  await assert.rejects(h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(alice), approved: true }, { as: owner }), err('USER_ALREADY_PARTICIPANT'));
  assert.equal(chat.requests.has(alice.id), false);
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: bob }), err('INVITE_REQUEST_SENT'));
  h.world.switches.channelsLimitDefault = 0;
  await assert.rejects(h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(bob), approved: true }, { as: owner }), err('USER_CHANNELS_TOO_MUCH', 403));
  h.world.switches.channelsLimitDefault = 500;
  h.world.switches.channelMaxMembers = chat.participants.size;
  await assert.rejects(h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(bob), approved: true }, { as: owner }), err('USERS_TOO_MUCH'));
  assert.equal(chat.requests.has(bob.id), true, 'failed approval keeps the request');
});

test('§12 bots may hide requests; hideAll is user-only and handles every matching request', async () => {
  const { h, owner, admin, bot, alice, bob, carol, chat, peer } = await setup();
  const mine = await approvalLink(h, peer, admin);
  const theirs = await approvalLink(h, peer, owner);
  await assert.rejects(h.call('messages.importChatInvite', { hash: mine }, { as: alice }), err('INVITE_REQUEST_SENT'));
  await assert.rejects(h.call('messages.importChatInvite', { hash: mine }, { as: bob }), err('INVITE_REQUEST_SENT'));
  await assert.rejects(h.call('messages.importChatInvite', { hash: theirs }, { as: carol }), err('INVITE_REQUEST_SENT'));
  await h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(carol), approved: true }, { as: bot });
  assert.equal(chat.participants.has(carol.id), true);
  await assert.rejects(h.call('messages.hideAllChatJoinRequests', { peer, link: theirs }, { as: admin }), err('CHAT_ADMIN_REQUIRED'));
  await assert.rejects(h.call('messages.hideAllChatJoinRequests', { peer, link: 'nope' }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  await assert.rejects(h.call('messages.hideAllChatJoinRequests', { peer, link: theirs }, { as: owner }), err('HIDE_REQUESTER_MISSING'));
  const res = await h.call('messages.hideAllChatJoinRequests', { peer, link: mine, approved: true }, { as: admin });
  assert.ok(res._ === 'updates');
  assert.ok(chat.participants.has(alice.id) && chat.participants.has(bob.id));
  assert.equal(chat.requests.size, 0);
  assert.equal(chat.links.get(mine)?.usage, 2);
  const last = updatesOf(h.pushedTo(owner.id)).filter((u) => u._ === 'updatePendingJoinRequests').at(-1);
  assert.ok(last?._ === 'updatePendingJoinRequests' && last.requestsPending === 0);
});

test('§9 getChatInviteImporters: requested with search, joined through a link, paging, errors', async () => {
  const { h, s, owner, admin, alice, bob, carol, dave, chat, peer } = await setup();
  const approval = await approvalLink(h, peer, admin);
  h.time += 1;
  await assert.rejects(h.call('messages.importChatInvite', { hash: approval }, { as: alice }), err('INVITE_REQUEST_SENT'));
  h.time += 1;
  await assert.rejects(h.call('messages.importChatInvite', { hash: approval }, { as: bob }), err('INVITE_REQUEST_SENT'));
  const none = { _: 'inputUserEmpty' as const };
  const req = await h.call('messages.getChatInviteImporters', { peer, requested: true, offsetDate: 0, offsetUser: none, limit: 10 }, { as: owner });
  assert.deepEqual(req.importers.map((i) => i.userId), [bob.id, alice.id]);
  assert.equal(req.importers[0]?.requested, true);
  assert.equal(req.importers[1]?.about, 'Hi, Alice');
  const byName = await h.call('messages.getChatInviteImporters', { peer, requested: true, q: 'ALI', offsetDate: 0, offsetUser: none, limit: 10 }, { as: admin });
  assert.deepEqual(byName.importers.map((i) => i.userId), [alice.id]);
  const byLast = await h.call('messages.getChatInviteImporters', { peer, requested: true, q: 'sto', offsetDate: 0, offsetUser: none, limit: 10 }, { as: admin });
  assert.deepEqual(byLast.importers.map((i) => i.userId), [bob.id]);
  await assert.rejects(
    h.call('messages.getChatInviteImporters', { peer, requested: true, q: 'a', link: approval, offsetDate: 0, offsetUser: none, limit: 10 }, { as: admin }),
    err('SEARCH_WITH_LINK_NOT_SUPPORTED'),
  );
  // joined through a plain link
  const plain = hashOf(exported(await h.call('messages.exportChatInvite', { peer }, { as: admin })).link);
  for (const u of [carol, dave]) {
    h.time += 1;
    await h.call('messages.importChatInvite', { hash: plain }, { as: u });
  }
  const joined = await h.call('messages.getChatInviteImporters', { peer, link: plain, offsetDate: 0, offsetUser: none, limit: 1 }, { as: admin });
  assert.equal(joined.count, 2);
  assert.deepEqual(joined.importers.map((i) => [i.userId, i.date]), [[dave.id, h.time]]);
  const next = await h.call('messages.getChatInviteImporters', { peer, link: plain, offsetDate: h.time, offsetUser: inputUser(dave), limit: 5 }, { as: admin });
  assert.deepEqual(next.importers.map((i) => i.userId), [carol.id]);
  const noLink = await h.call('messages.getChatInviteImporters', { peer, offsetDate: 0, offsetUser: none, limit: 5 }, { as: admin });
  assert.equal(noLink.count, 0);
  // another admin's link needs the creator
  const ownerLink = hashOf(exported(await h.call('messages.exportChatInvite', { peer }, { as: owner })).link);
  await assert.rejects(h.call('messages.getChatInviteImporters', { peer, link: ownerLink, offsetDate: 0, offsetUser: none, limit: 5 }, { as: admin }), err('CHAT_ADMIN_REQUIRED'));
  await assert.rejects(h.call('messages.getChatInviteImporters', { peer, link: 'zzz', offsetDate: 0, offsetUser: none, limit: 5 }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  // approved importer carries approved_by
  await h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(alice), approved: true }, { as: owner });
  const approved = await h.call('messages.getChatInviteImporters', { peer, link: approval, offsetDate: 0, offsetUser: none, limit: 5 }, { as: admin });
  assert.equal(approved.importers[0]?.approvedBy, owner.id);
  void s;
});

test('§13 public chat with the join-request toggle: bot update carries chatInvitePublicJoinRequests', async () => {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'O' });
  const bot = s.createUser({ firstName: 'B', bot: true });
  const alice = s.createUser({ firstName: 'A' });
  const chat = s.createChannel({ creator: owner, title: 'Pub', megagroup: true, username: 'pubgroup', joinRequest: true });
  s.makeAdmin(chat, bot, ['inviteUsers']);
  const hash = [...chat.links.keys()][0]!;
  const check = await h.call('messages.checkChatInvite', { hash }, { as: alice });
  assert.ok(check._ === 'chatInvite' && check.public === true && check.requestNeeded === true);
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: alice }), err('INVITE_REQUEST_SENT'));
  const upd = updatesOf(h.pushedTo(bot.id)).find((u) => u._ === 'updateBotChatInviteRequester');
  assert.ok(upd?._ === 'updateBotChatInviteRequester');
  assert.deepEqual(upd.invite, { _: 'chatInvitePublicJoinRequests' });
});

test('§9 subscription_expired lists members whose paid period ended', async () => {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'O' });
  const payer = s.createUser({ firstName: 'P' });
  const chan = s.createChannel({ creator: owner, title: 'Paid' });
  const peer = inputPeer(chan);
  const inv = exported(
    await h.call('messages.exportChatInvite', { peer, subscriptionPricing: { _: 'starsSubscriptionPricing', period: 60, amount: 1n } }, { as: owner }),
  );
  s.subscribe(chan, payer, hashOf(inv.link));
  const none = { _: 'inputUserEmpty' as const };
  const before = await h.call('messages.getChatInviteImporters', { peer, subscriptionExpired: true, link: inv.link, offsetDate: 0, offsetUser: none, limit: 5 }, { as: owner });
  assert.equal(before.count, 0);
  h.time += 61;
  const after = await h.call('messages.getChatInviteImporters', { peer, subscriptionExpired: true, link: inv.link, offsetDate: 0, offsetUser: none, limit: 5 }, { as: owner });
  assert.deepEqual(after.importers.map((i) => i.userId), [payer.id]);
});

test('§9 §1.1 subscription_expired: listing, count and the link counter follow the world clock', async () => {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'O' });
  const [p1, p2, p3, free] = ['P1', 'P2', 'P3', 'Free'].map((firstName) => s.createUser({ firstName })) as [UserRecord, UserRecord, UserRecord, UserRecord];
  const chan = s.createChannel({ creator: owner, title: 'Paid' });
  const peer = inputPeer(chan);
  const none = { _: 'inputUserEmpty' as const };
  const paid = exported(
    await h.call('messages.exportChatInvite', { peer, subscriptionPricing: { _: 'starsSubscriptionPricing', period: 60, amount: 1n } }, { as: owner }),
  );
  const freeLink = exported(await h.call('messages.exportChatInvite', { peer }, { as: owner }));
  const hash = hashOf(paid.link);
  const start = h.time;
  s.subscribe(chan, p1, hash); // ends at start + 60
  h.time += 1;
  s.subscribe(chan, p2, hash, start + 200);
  h.time += 1;
  s.subscribe(chan, p3, hash); // ends at start + 62
  await h.call('messages.importChatInvite', { hash: hashOf(freeLink.link) }, { as: free });
  // p3 leaves and rejoins inside its period: two import rows, still one subscriber
  await h.call('channels.leaveChannel', { channel: inputChannel(chan) }, { as: p3 });
  await h.call('messages.importChatInvite', { hash }, { as: p3 });
  const joinedAgain = h.time;
  await h.call('channels.leaveChannel', { channel: inputChannel(chan) }, { as: p3 }); // and leaves for good

  const expired = (extra: Record<string, unknown> = {}) =>
    h.call('messages.getChatInviteImporters', { peer, subscriptionExpired: true, offsetDate: 0, offsetUser: none, limit: 10, ...extra }, { as: owner });
  const counter = async () => exported((await h.call('messages.getExportedChatInvite', { peer, link: paid.link }, { as: owner })).invite).subscriptionExpired;
  const listed = async () => {
    const list = await h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 10 }, { as: owner });
    return list.invites.map((i) => exported(i)).find((i) => i.link === paid.link)?.subscriptionExpired;
  };

  assert.equal((await expired({ link: paid.link })).count, 0);
  assert.equal(await counter(), undefined, 'omitted while 0');

  h.time = start + 60; // p1's period ends exactly now (≤ now counts)
  const one = await expired({ link: paid.link });
  assert.deepEqual([one.count, one.importers.map((i) => i.userId)], [1, [p1.id]]);
  assert.deepEqual(one.users.map((u) => u.id), [p1.id]);
  assert.equal(await counter(), 1);

  h.time = start + 62; // p3 lapsed too, though it already left
  const two = await expired({ link: paid.link });
  assert.deepEqual(two.importers.map((i) => [i.userId, i.date]), [[p3.id, joinedAgain], [p1.id, start]], 'newest join first, one row per user');
  assert.equal(two.count, 2);
  assert.equal(await counter(), 2);
  assert.equal(await listed(), 2);
  assert.deepEqual((await expired()).importers.map((i) => i.userId), [p3.id, p1.id], 'without link: every paid link');
  // the default mode still lists every join through the link
  const joined = await h.call('messages.getChatInviteImporters', { peer, link: paid.link, offsetDate: 0, offsetUser: none, limit: 10 }, { as: owner });
  assert.equal(joined.count, 4);

  // a renewal takes p1 off the list and moves its member record
  s.subscribe(chan, p1, hash, h.time + 100);
  assert.equal(chan.participants.get(p1.id)?.subscriptionUntil, h.time + 100);
  assert.deepEqual((await expired({ link: paid.link })).importers.map((i) => i.userId), [p3.id]);
  assert.equal(await counter(), 1);

  h.time = start + 1000; // everyone lapsed; page through
  const page1 = await expired({ link: paid.link, limit: 2 });
  assert.equal(page1.count, 3);
  const last = page1.importers[1]!;
  const page2 = await expired({ link: paid.link, limit: 2, offsetDate: last.date, offsetUser: inputUser(h.world.users.get(last.userId)!) });
  assert.deepEqual([...page1.importers, ...page2.importers].map((i) => i.userId), [p3.id, p2.id, p1.id]);
  assert.equal(await counter(), 3);
  // a link without pricing never counts, and its joiners are not listed
  const freeView = exported((await h.call('messages.getExportedChatInvite', { peer, link: freeLink.link }, { as: owner })).invite);
  assert.equal(freeView.subscriptionExpired, undefined);
  assert.equal((await expired({ link: freeLink.link })).count, 0);
});
