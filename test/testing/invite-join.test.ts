// Spec §10 (checkChatInvite), §11 (importChatInvite), §1.1 usage/expiry and §13 join updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { err, harness, hashOf, exported } from './invite-helpers.js';
import { inputPeer } from '../../src/testing/world/seed.js';
import { channelBox, userBox } from '../../src/testing/world/messages/store.js';
import type { Updates } from '../../src/tl/index.js';

function updateNames(u: Updates): string[] {
  return u._ === 'updates' ? u.updates.map((x) => x._) : [];
}

async function setup(kind: 'channel' | 'supergroup' | 'basic' = 'supergroup', switches = {}) {
  const h = await harness({ switches });
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'Owner' });
  const joiner = s.createUser({ firstName: 'Joiner', about: 'hello' });
  const other = s.createUser({ firstName: 'Other' });
  const chat =
    kind === 'basic'
      ? s.createChat({ creator: owner, title: 'Basic' })
      : s.createChannel({ creator: owner, title: 'Chan', megagroup: kind === 'supergroup', about: 'About it' });
  const peer = inputPeer(chat);
  const make = async (extra: Record<string, unknown> = {}) =>
    hashOf(exported(await h.call('messages.exportChatInvite', { peer, ...extra }, { as: owner })).link);
  return { h, s, owner, joiner, other, chat, peer, make };
}

test('§10 checkChatInvite: hash validation and chatInvite fields; no state change', async () => {
  const { h, joiner, chat, make } = await setup('supergroup');
  await assert.rejects(h.call('messages.checkChatInvite', { hash: '' }, { as: joiner }), err('INVITE_HASH_EMPTY'));
  await assert.rejects(h.call('messages.checkChatInvite', { hash: 'bad hash!' }, { as: joiner }), err('INVITE_HASH_INVALID'));
  await assert.rejects(h.call('messages.checkChatInvite', { hash: 'a'.repeat(65) }, { as: joiner }), err('INVITE_HASH_INVALID'));
  await assert.rejects(h.call('messages.checkChatInvite', { hash: 'AAAAAAAAAAAAAAAA' }, { as: joiner }), err('INVITE_HASH_EXPIRED', 406));
  const hash = await make({ requestNeeded: true });
  const inv = await h.call('messages.checkChatInvite', { hash }, { as: joiner });
  assert.equal(inv._, 'chatInvite');
  if (inv._ !== 'chatInvite') return;
  assert.equal(inv.channel, true);
  assert.equal(inv.megagroup, true);
  // absent `true` flags decode as false
  assert.equal(inv.broadcast, false);
  assert.equal(inv.public, false);
  assert.equal(inv.requestNeeded, true);
  assert.equal(inv.title, 'Chan');
  assert.equal(inv.about, 'About it');
  assert.equal(inv.participantsCount, 1);
  assert.equal(inv.participants?.length, 1);
  assert.equal(chat.participants.has(joiner.id), false);
  assert.equal(chat.requests.size, 0);
});

test('§10 checkChatInvite: revoked/expired/limit-reached → 406 INVITE_HASH_EXPIRED; banned → 406 CHANNEL_PRIVATE; member → chatInviteAlready', async () => {
  const { h, s, owner, joiner, other, chat, peer, make } = await setup('supergroup');
  const revoked = await make();
  await h.call('messages.editExportedChatInvite', { peer, link: revoked, revoked: true }, { as: owner });
  await assert.rejects(h.call('messages.checkChatInvite', { hash: revoked }, { as: joiner }), err('INVITE_HASH_EXPIRED', 406));
  const soon = await make({ expireDate: h.time + 10 });
  h.time += 10;
  await assert.rejects(h.call('messages.checkChatInvite', { hash: soon }, { as: joiner }), err('INVITE_HASH_EXPIRED', 406));
  const once = await make({ usageLimit: 1 });
  await h.call('messages.importChatInvite', { hash: once }, { as: other });
  await assert.rejects(h.call('messages.checkChatInvite', { hash: once }, { as: joiner }), err('INVITE_HASH_EXPIRED', 406));
  const already = await h.call('messages.checkChatInvite', { hash: await make() }, { as: other });
  assert.equal(already._, 'chatInviteAlready');
  s.ban(chat, joiner);
  await assert.rejects(h.call('messages.checkChatInvite', { hash: await make() }, { as: joiner }), err('CHANNEL_PRIVATE', 406));
});

test('§10.7 peek mode answers chatInvitePeek for channels', async () => {
  const { h, joiner, make } = await setup('channel', { peekMode: true });
  const inv = await h.call('messages.checkChatInvite', { hash: await make() }, { as: joiner });
  assert.equal(inv._, 'chatInvitePeek');
  if (inv._ === 'chatInvitePeek') assert.equal(inv.expires, h.time + 300);
});

test('§11 importChatInvite into a supergroup: member, usage, importer, service message, updates', async () => {
  const { h, owner, joiner, chat, make } = await setup('supergroup');
  const hash = await make({ usageLimit: 2 });
  const res = await h.call('messages.importChatInvite', { hash }, { as: joiner });
  assert.equal(res._, 'messages.chatInviteJoinResultOk');
  const p = chat.participants.get(joiner.id)!;
  assert.equal(p.inviterId, owner.id);
  assert.equal(p.source, 'link');
  const link = chat.links.get(hash)!;
  assert.equal(link.usage, 1);
  assert.deepEqual(chat.importers, [{ userId: joiner.id, date: h.time, hash }]);
  const updates = res._ === 'messages.chatInviteJoinResultOk' ? res.updates : undefined;
  assert.ok(updates && updates._ === 'updates');
  assert.deepEqual(updateNames(updates).sort(), ['updateChannel', 'updateNewChannelMessage']);
  assert.equal(updates.chats[0]?.id, chat.id);
  const msg = updates.updates.find((u) => u._ === 'updateNewChannelMessage');
  assert.ok(msg && msg._ === 'updateNewChannelMessage' && msg.message._ === 'messageService');
  if (msg?._ === 'updateNewChannelMessage' && msg.message._ === 'messageService') {
    assert.deepEqual(msg.message.action, { _: 'messageActionChatJoinedByLink', inviterId: owner.id });
    assert.equal(msg.pts, h.world.updateBoxes.channel(chat.id).pts);
  }
  // the owner got the service message too
  assert.ok(h.pushedTo(owner.id).some((u) => updateNames(u).includes('updateNewChannelMessage')));
  // the caller's other sessions got it with excludeCaller
  assert.ok(h.pushed.some((p) => p.userId === joiner.id && p.excludeCaller));
  // over TCP: the owner's online client received the service message; the joiner's only session was excluded
  await h.settle();
  assert.ok(h.receivedBy(owner.id).some((u) => updateNames(u).includes('updateNewChannelMessage')));
  assert.ok(!h.receivedBy(joiner.id).some((u) => updateNames(u).includes('updateNewChannelMessage')));
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: joiner }), err('USER_ALREADY_PARTICIPANT'));
  // leaving frees the slot (§1.1)
  await h.call('channels.leaveChannel', { channel: { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash } }, { as: joiner });
  assert.equal(link.usage, 0);
});

test('§11 basic group: updateNewMessage per member box; broadcast channel: no service message', async () => {
  const basic = await setup('basic');
  const hash = await basic.make();
  const res = await basic.h.call('messages.importChatInvite', { hash }, { as: basic.joiner });
  assert.ok(res._ === 'messages.chatInviteJoinResultOk' && updateNames(res.updates).includes('updateNewMessage'));
  const group = { kind: 'chat' as const, id: basic.chat.id };
  assert.equal(basic.h.world.messages.ids(userBox(basic.joiner.id), group).length, 1);
  assert.equal(basic.h.world.messages.ids(userBox(basic.owner.id), group).length, 1);
  assert.equal(basic.h.world.updateBoxes.account(basic.joiner.id).pts, 2);
  const chan = await setup('channel');
  const res2 = await chan.h.call('messages.importChatInvite', { hash: await chan.make() }, { as: chan.joiner });
  assert.ok(res2._ === 'messages.chatInviteJoinResultOk');
  assert.deepEqual(updateNames(res2.updates), ['updateChannel']);
  assert.equal(chan.h.world.messages.ids(channelBox(chan.chat.id), { kind: 'channel', id: chan.chat.id }).length, 0);
});

test('§11 errors: banned, deleted channel, migrated group, limits', async () => {
  const { h, s, owner, joiner, other, chat, make } = await setup('supergroup');
  const hash = await make();
  s.ban(chat, joiner);
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: joiner }), err('CHANNEL_PRIVATE'));
  chat.deleted = true;
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: other }), err('CHANNEL_INVALID'));
  chat.deleted = false;
  const basic = s.createChat({ creator: owner, title: 'B' });
  const basicHash = [...basic.links.keys()][0]!;
  s.migrateChat(basic);
  await assert.rejects(h.call('messages.importChatInvite', { hash: basicHash }, { as: other }), err('CHAT_INVALID'));
  // channel limit
  const small = await setup('supergroup', { channelsLimitDefault: 1 });
  small.s.createChannel({ creator: small.joiner, title: 'Mine' });
  await assert.rejects(small.h.call('messages.importChatInvite', { hash: await small.make() }, { as: small.joiner }), err('CHANNELS_TOO_MUCH'));
  const premium = small.s.createUser({ firstName: 'P', premium: true });
  small.s.createChannel({ creator: premium, title: 'Mine2' });
  await small.h.call('messages.importChatInvite', { hash: await small.make() }, { as: premium });
  // full chat
  const full = await setup('basic', { basicGroupMaxMembers: 1 });
  await assert.rejects(full.h.call('messages.importChatInvite', { hash: await full.make() }, { as: full.joiner }), err('USERS_TOO_MUCH'));
});

test('§11.6 paid links: STARS_PAYMENT_REQUIRED, can_refulfill for paid users, rejoin inside the period', async () => {
  const { h, s, joiner, other, chat, make } = await setup('channel');
  const hash = await make({ subscriptionPricing: { _: 'starsSubscriptionPricing', period: 2592000, amount: 10n } });
  const check = await h.call('messages.checkChatInvite', { hash }, { as: other });
  assert.ok(check._ === 'chatInvite' && check.subscriptionFormId !== undefined && check.subscriptionPricing?.amount === 10n);
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: other }), err('STARS_PAYMENT_REQUIRED'));
  s.subscribe(chat, joiner, hash);
  await h.call('channels.leaveChannel', { channel: { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash } }, { as: joiner });
  const again = await h.call('messages.checkChatInvite', { hash }, { as: joiner });
  assert.ok(again._ === 'chatInvite' && again.canRefulfillSubscription === true && again.subscriptionFormId === undefined);
  await h.call('messages.importChatInvite', { hash }, { as: joiner });
  assert.equal(chat.participants.get(joiner.id)?.subscriptionUntil, chat.subscriptions.get(joiner.id));
});
