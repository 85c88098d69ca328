// Spec §1.2–§2 (messages.exportChatInvite) and the common peer checks P1–P8 of §1.4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { err, harness, hashOf, exported } from './invite-helpers.js';
import { inputPeer } from '../../src/testing/world/seed.js';
import { userBox } from '../../src/testing/world/messages/store.js';
import type { ExportedChatInvite } from '../../src/tl/index.js';

async function setup() {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'Owner' });
  const admin = s.createUser({ firstName: 'Admin' });
  const weak = s.createUser({ firstName: 'Weak' });
  const member = s.createUser({ firstName: 'Member' });
  const stranger = s.createUser({ firstName: 'Stranger' });
  const bot = s.createUser({ firstName: 'Bot', bot: true });
  const channel = s.createChannel({ creator: owner, title: 'Paid', broadcast: true, members: [member] });
  s.makeAdmin(channel, admin, ['inviteUsers']);
  s.makeAdmin(channel, weak, ['changeInfo']);
  s.makeAdmin(channel, bot, ['inviteUsers']);
  const group = s.createChannel({ creator: owner, title: 'Super', megagroup: true });
  const basic = s.createChat({ creator: owner, title: 'Basic', members: [member] });
  return { h, owner, admin, weak, member, stranger, bot, channel, group, basic };
}

test('§1.2 a new chat already has the creator permanent link', async () => {
  const { channel, owner } = await setup();
  const links = [...channel.links.values()];
  assert.equal(links.length, 1);
  assert.equal(links[0]?.adminId, owner.id);
  assert.equal(links[0]?.permanent, true);
  assert.match(links[0]?.hash ?? '', /^[A-Za-z0-9_-]{16}$/);
});

test('§2 export a plain link: new non-permanent link owned by the caller', async () => {
  const { h, admin, channel } = await setup();
  const inv = exported(await h.call('messages.exportChatInvite', { peer: inputPeer(channel) }, { as: admin }));
  assert.equal(inv.adminId, admin.id);
  assert.equal(inv.permanent, false); // an absent `true` flag decodes as false
  assert.equal(inv.date, h.time);
  assert.equal(inv.usage, undefined);
  assert.match(inv.link, /^https:\/\/t\.me\/\+[A-Za-z0-9_-]{16}$/);
  const rec = channel.links.get(hashOf(inv.link));
  assert.ok(rec && !rec.permanent && !rec.revoked);
});

test('§2 export with expire_date, usage_limit, title (cut to 32) and request_needed', async () => {
  const { h, owner, channel } = await setup();
  const inv = exported(
    await h.call(
      'messages.exportChatInvite',
      { peer: inputPeer(channel), expireDate: h.time + 60, usageLimit: 5, title: 'x'.repeat(40) },
      { as: owner },
    ),
  );
  assert.equal(inv.expireDate, h.time + 60);
  assert.equal(inv.usageLimit, 5);
  assert.equal(inv.title, 'x'.repeat(32));
  const req = exported(await h.call('messages.exportChatInvite', { peer: inputPeer(channel), requestNeeded: true, title: '' }, { as: owner }));
  assert.equal(req.requestNeeded, true);
  assert.equal(req.title, undefined);
  const zero = exported(await h.call('messages.exportChatInvite', { peer: inputPeer(channel), expireDate: 0, usageLimit: 0 }, { as: owner }));
  assert.equal(zero.expireDate, undefined);
  assert.equal(zero.usageLimit, undefined);
});

test('§2 legacy_revoke_permanent revokes the primary link only and makes a new one; title/request ignored', async () => {
  const { h, owner, channel } = await setup();
  const other = exported(await h.call('messages.exportChatInvite', { peer: inputPeer(channel) }, { as: owner }));
  const oldPrimary = [...channel.links.values()].find((l) => l.permanent)!;
  const inv = exported(
    await h.call('messages.exportChatInvite', { peer: inputPeer(channel), legacyRevokePermanent: true, title: 'T', requestNeeded: true }, { as: owner }),
  );
  assert.equal(inv.permanent, true);
  assert.equal(inv.title, undefined);
  assert.equal(inv.requestNeeded, false);
  assert.equal(oldPrimary.revoked, true);
  assert.equal(channel.links.get(hashOf(other.link))?.revoked, false);
  assert.equal([...channel.links.values()].filter((l) => l.permanent && !l.revoked).length, 1);
});

test('§2 bots may export; a bot has no primary link until it makes one', async () => {
  const { h, bot, channel } = await setup();
  assert.equal([...channel.links.values()].some((l) => l.adminId === bot.id), false);
  const inv = exported(await h.call('messages.exportChatInvite', { peer: inputPeer(channel), legacyRevokePermanent: true }, { as: bot }));
  assert.equal(inv.permanent, true);
  assert.equal(channel.links.get(hashOf(inv.link))?.byBot, true);
});

test('§2 subscription links: period, chat kind, amount and combinations', async () => {
  const { h, owner, channel, group } = await setup();
  const peer = inputPeer(channel);
  const pricing = (period: number, amount: bigint) => ({ _: 'starsSubscriptionPricing' as const, period, amount });
  const ok = exported(await h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 100n) }, { as: owner }));
  assert.deepEqual(ok.subscriptionPricing, pricing(2592000, 100n));
  // test-DC periods
  exported(await h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(60, 1n) }, { as: owner }));
  exported(await h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(300, 10000n) }, { as: owner }));
  await assert.rejects(h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(86400, 100n) }, { as: owner }), err('SUBSCRIPTION_PERIOD_INVALID'));
  await assert.rejects(h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 10001n) }, { as: owner }), err('PRICING_CHAT_INVALID'));
  await assert.rejects(h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 0n) }, { as: owner }), err('PRICING_CHAT_INVALID'));
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer: inputPeer(group), subscriptionPricing: pricing(2592000, 5n) }, { as: owner }),
    err('PRICING_CHAT_INVALID'),
  );
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 5n), expireDate: h.time + 100 }, { as: owner }),
    err('EXPIRE_DATE_INVALID'),
  );
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 5n), usageLimit: 3 }, { as: owner }),
    err('USAGE_LIMIT_INVALID'),
  );
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 5n), requestNeeded: true }, { as: owner }),
    err('PRICING_CHAT_INVALID'),
  );
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer, subscriptionPricing: pricing(2592000, 5n), legacyRevokePermanent: true }, { as: owner }),
    err('PRICING_CHAT_INVALID'),
  );
  h.world.seed.createChannel({ creator: owner, title: 'Public', username: 'publicchan' });
  const pub = [...h.world.chats.values()].find((c) => c.username === 'publicchan')!;
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer: inputPeer(pub), subscriptionPricing: pricing(2592000, 5n) }, { as: owner }),
    err('PRICING_CHAT_INVALID'),
  );
});

test('§2 outside test mode only the 30-day period is accepted', async () => {
  const h = await harness({ testMode: false });
  const owner = h.world.seed.createUser({ firstName: 'O' });
  const ch = h.world.seed.createChannel({ creator: owner, title: 'C' });
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer: inputPeer(ch), subscriptionPricing: { _: 'starsSubscriptionPricing', period: 60, amount: 5n } }, { as: owner }),
    err('SUBSCRIPTION_PERIOD_INVALID'),
  );
});

test('§2 every documented exportChatInvite error is reachable', async () => {
  const { h, owner, admin, weak, member, stranger, channel, basic } = await setup();
  const s = h.world.seed;
  const call = (peer: Parameters<typeof inputPeer>[0] | ReturnType<typeof inputPeer>, as = owner, extra = {}) =>
    h.call('messages.exportChatInvite', { peer: 'firstName' in peer || 'kind' in peer ? inputPeer(peer) : peer, ...extra }, { as });
  await assert.rejects(call({ _: 'inputPeerEmpty' }), err('PEER_ID_INVALID'));
  await assert.rejects(call({ _: 'inputPeerSelf' }), err('PEER_ID_INVALID'));
  await assert.rejects(call(member), err('PEER_ID_INVALID'));
  const gone = s.createUser({ firstName: 'Gone' });
  s.deleteUser(gone);
  await assert.rejects(call(gone), err('INPUT_USER_DEACTIVATED'));
  await assert.rejects(
    call({ _: 'inputPeerChannelFromMessage', peer: inputPeer(basic), msgId: 999, channelId: channel.id }),
    err('MSG_ID_INVALID'),
  );
  await assert.rejects(
    call({ _: 'inputPeerUserFromMessage', peer: inputPeer(basic), msgId: 999, userId: member.id }),
    err('MSG_ID_INVALID'),
  );
  await assert.rejects(call({ _: 'inputPeerChat', chatId: 424242 }), err('CHAT_ID_INVALID'));
  const migrated = s.createChat({ creator: owner, title: 'Old' });
  s.migrateChat(migrated);
  await assert.rejects(call(migrated), err('CHAT_ID_INVALID'));
  await assert.rejects(call({ _: 'inputPeerChannel', channelId: channel.id, accessHash: channel.accessHash + 1n }), err('CHANNEL_INVALID'));
  await assert.rejects(call({ _: 'inputPeerChannel', channelId: 5, accessHash: 1n }), err('CHANNEL_INVALID'));
  const mono = s.createChannel({ creator: owner, title: 'Mono', monoforum: true });
  await assert.rejects(call(mono), err('CHANNEL_MONOFORUM_UNSUPPORTED'));
  await assert.rejects(call(channel, stranger), err('CHANNEL_PRIVATE'));
  await assert.rejects(call(basic, stranger), err('CHAT_WRITE_FORBIDDEN', 403));
  await assert.rejects(call(channel, member), err('CHAT_ADMIN_REQUIRED'));
  await assert.rejects(call(channel, weak), err('CHAT_ADMIN_REQUIRED'));
  await assert.rejects(call(channel, admin, { expireDate: h.time }), err('EXPIRE_DATE_INVALID'));
  await assert.rejects(call(channel, admin, { expireDate: h.time + 10, legacyRevokePermanent: true }), err('EXPIRE_DATE_INVALID'));
  await assert.rejects(call(channel, admin, { usageLimit: 100000 }), err('USAGE_LIMIT_INVALID'));
  await assert.rejects(call(channel, admin, { usageLimit: -1 }), err('USAGE_LIMIT_INVALID'));
  await assert.rejects(call(channel, admin, { usageLimit: 5, requestNeeded: true }), err('USAGE_LIMIT_INVALID'));
  await assert.rejects(call(channel, admin, { usageLimit: 5, legacyRevokePermanent: true }), err('USAGE_LIMIT_INVALID'));
  // no state change from failed calls: still only the creator primary link
  assert.equal(channel.links.size, 1);
});

test('§1.4 P7 a member who left a supergroup gets CHANNEL_PRIVATE; a basic-group admin may manage links', async () => {
  const { h, owner, member, group, basic } = await setup();
  h.world.seed.addMember(group, member);
  h.world.seed.makeAdmin(group, member, ['inviteUsers']);
  await h.call('channels.leaveChannel', { channel: { _: 'inputChannel', channelId: group.id, accessHash: group.accessHash } }, { as: member });
  await assert.rejects(h.call('messages.exportChatInvite', { peer: inputPeer(group) }, { as: member }), err('CHANNEL_PRIVATE'));
  await h.call('messages.editChatAdmin', { chatId: basic.id, userId: { _: 'inputUser', userId: member.id, accessHash: member.accessHash }, isAdmin: true }, { as: owner });
  const inv = exported(await h.call('messages.exportChatInvite', { peer: inputPeer(basic) }, { as: member }));
  assert.equal(inv.adminId, member.id);
});

test('§1.4 P2 a …FromMessage peer pointing at a real message passes to the group checks', async () => {
  const { h, owner, basic, member } = await setup();
  // a join service message gives the owner's box a message mentioning the member
  await h.call('messages.deleteChatUser', { chatId: basic.id, userId: { _: 'inputUser', userId: member.id, accessHash: member.accessHash } }, { as: owner });
  const msgId = h.world.messages.ids(userBox(owner.id), { kind: 'chat', id: basic.id })[0]!;
  await assert.rejects(
    h.call('messages.exportChatInvite', { peer: { _: 'inputPeerUserFromMessage', peer: inputPeer(basic), msgId, userId: member.id } }, { as: owner }),
    err('PEER_ID_INVALID'),
  );
});
