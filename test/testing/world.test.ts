// The world model: seeding, JSON seed, snapshots, bootstrap methods and chat management handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadArgumentError } from '../../src/errors.js';
import { WorldHarness } from '../../src/testing/world/harness.js';
import { createWorld, World } from '../../src/testing/world/world.js';
import { inputChannel, inputPeer, inputUser } from '../../src/testing/world/seed.js';

const err = (message: string, code = 400) => ({ code, message });

test('seed helpers: ids, access hashes, test phones, bot tokens; onChange fires', () => {
  const world = createWorld({ now: () => 1000 });
  let changes = 0;
  const off = world.onChange(() => changes++);
  const alice = world.seed.createUser({ firstName: 'Alice', username: 'alice' });
  const bot = world.seed.createUser({ firstName: 'Bot', bot: true });
  assert.match(alice.phone!, /^999662\d{4}$/);
  assert.equal(alice.homeDc, 2);
  assert.ok(alice.accessHash > 0n);
  assert.equal(bot.phone, undefined);
  assert.ok(bot.botToken?.startsWith(`${bot.id}:`));
  assert.equal(world.seed.createUser({ firstName: 'D1', phone: '9996619999' }).homeDc, 1);
  assert.throws(() => world.seed.createUser({ firstName: 'X', username: 'alice' }), BadArgumentError);
  assert.throws(() => world.seed.createUser({ firstName: '' }), BadArgumentError);
  assert.throws(() => world.seed.createUser({ firstName: 'X', phone: '12ab' }), BadArgumentError);
  assert.ok(changes >= 3);
  off();
  const before = changes;
  world.seed.createUser({ firstName: 'Quiet' });
  assert.equal(changes, before);
});

test('seedFromJson builds users, chats, admins and bans; bad references name the field', () => {
  const world = createWorld();
  const res = world.seed.fromJson({
    users: { owner: { firstName: 'Owner', username: 'owner_u' }, a: { firstName: 'A' }, b: { firstName: 'B' }, bot: { firstName: 'Bot', bot: true } },
    chats: {
      group: { type: 'supergroup', title: 'G', creator: 'owner', members: ['a'], admins: { bot: ['inviteUsers'] }, banned: ['b'] },
      basic: { type: 'chat', title: 'Basic', creator: 'owner', members: ['a', 'b'] },
      news: { type: 'channel', title: 'News', creator: 'owner', username: 'news_c' },
    },
  });
  const g = res.chats.group!;
  assert.equal(g.megagroup, true);
  assert.ok(g.participants.has(res.users.a!.id));
  assert.deepEqual(g.admins.get(res.users.bot!.id)?.rights, ['inviteUsers']);
  assert.equal(g.banned.get(res.users.b!.id)?.kicked, true);
  assert.equal(res.chats.basic!.participants.size, 3);
  assert.equal(res.chats.news!.broadcast, true);
  assert.throws(() => createWorld().seed.fromJson({ users: {}, chats: { x: { type: 'chat', title: 'x', creator: 'ghost' } } }), (e: unknown) => {
    return e instanceof BadArgumentError && e.field === 'chats.x.creator';
  });
});

test('snapshot round trip keeps users, chats, links, requests and counters; bad snapshots are refused', async () => {
  const h = new WorldHarness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'Owner', password: 'pw' });
  const alice = s.createUser({ firstName: 'Alice' });
  const chat = s.createChannel({ creator: owner, title: 'G', megagroup: true });
  const inv = await h.call('messages.exportChatInvite', { peer: inputPeer(chat), requestNeeded: true, title: 'T' }, { as: owner });
  const hash = inv._ === 'chatInviteExported' ? inv.link.slice(14) : '';
  await assert.rejects(h.call('messages.importChatInvite', { hash }, { as: alice }), err('INVITE_REQUEST_SENT'));
  const json = JSON.parse(JSON.stringify(h.world.snapshot()));
  const copy = World.fromSnapshot(json);
  assert.deepEqual(copy.users.get(owner.id), h.world.users.get(owner.id));
  assert.deepEqual(copy.chats.get(chat.id), h.world.chats.get(chat.id));
  assert.equal(copy.nextUserId, h.world.nextUserId);
  assert.deepEqual(copy.snapshot(), h.world.snapshot());
  assert.throws(() => World.fromSnapshot({ ...json, version: 99 }), (e: unknown) => e instanceof BadArgumentError && e.field === 'snapshot.version');
  assert.throws(() => World.fromSnapshot({ ...json, users: [{ id: 'x' }] }), (e: unknown) => e instanceof BadArgumentError && e.field === 'snapshot.users.0');
  assert.throws(() => World.fromSnapshot({ ...json, chats: [{ id: 1, kind: 'chat', participants: { $map: 5 } }] }), BadArgumentError);
});

test('bootstrap: getConfig, getNearestDc, getState, users, full user, resolveUsername, chats', async () => {
  const h = new WorldHarness();
  const s = h.world.seed;
  const alice = s.createUser({ firstName: 'Alice', username: 'alice_b', about: 'bio' });
  const bob = s.createUser({ firstName: 'Bob' });
  const basic = s.createChat({ creator: alice, title: 'Basic', members: [bob] });
  const chan = s.createChannel({ creator: alice, title: 'Chan', username: 'chan_b' });
  const config = await h.call('help.getConfig', {});
  assert.equal(config.thisDc, 2);
  assert.equal(config.testMode, true);
  assert.deepEqual(config.dcOptions.map((d) => d.id), [1, 2, 3]);
  assert.equal((await h.call('help.getNearestDc', {})).nearestDc, 2);
  const users = await h.call('users.getUsers', { id: [{ _: 'inputUserSelf' }, inputUser(bob), { _: 'inputUser', userId: bob.id, accessHash: 1n }] }, { as: alice });
  assert.equal(users.length, 2);
  assert.ok(users[0]?._ === 'user' && users[0].self === true && users[0].phone === alice.phone);
  assert.ok(users[1]?._ === 'user' && users[1].phone === undefined);
  const full = await h.call('users.getFullUser', { id: { _: 'inputUserSelf' } }, { as: alice });
  assert.equal(full.fullUser.about, 'bio');
  await assert.rejects(h.call('users.getFullUser', { id: { _: 'inputUserEmpty' } }, { as: alice }), err('USER_ID_INVALID'));
  const r1 = await h.call('contacts.resolveUsername', { username: 'ALICE_B' }, { as: bob });
  assert.deepEqual(r1.peer, { _: 'peerUser', userId: alice.id });
  const r2 = await h.call('contacts.resolveUsername', { username: 'chan_b' }, { as: bob });
  assert.deepEqual(r2.peer, { _: 'peerChannel', channelId: chan.id });
  await assert.rejects(h.call('contacts.resolveUsername', { username: 'nobody_here' }, { as: bob }), err('USERNAME_NOT_OCCUPIED'));
  await assert.rejects(h.call('contacts.resolveUsername', { username: '!' }, { as: bob }), err('USERNAME_INVALID'));
  const chats = await h.call('messages.getChats', { id: [basic.id] }, { as: bob });
  assert.ok(chats.chats[0]?._ === 'chat' && chats.chats[0].participantsCount === 2);
  const full2 = await h.call('messages.getFullChat', { chatId: basic.id }, { as: alice });
  assert.ok(full2.fullChat._ === 'chatFull' && full2.fullChat.exportedInvite?._ === 'chatInviteExported');
  const full3 = await h.call('messages.getFullChat', { chatId: basic.id }, { as: bob });
  assert.ok(full3.fullChat._ === 'chatFull' && full3.fullChat.exportedInvite === undefined, 'members do not see the link');
  const ch = await h.call('channels.getChannels', { id: [inputChannel(chan)] }, { as: bob });
  assert.ok(ch.chats[0]?._ === 'channel' && ch.chats[0].left === true);
  await assert.rejects(h.call('channels.getChannels', { id: [{ _: 'inputChannel', channelId: chan.id, accessHash: 0n }] }, { as: bob }), err('CHANNEL_INVALID'));
});

test('chat handlers: create, promote (lazy primary link), invite, ban, participants, leave', async () => {
  const h = new WorldHarness();
  const s = h.world.seed;
  const alice = s.createUser({ firstName: 'Alice' });
  const bob = s.createUser({ firstName: 'Bob' });
  const carol = s.createUser({ firstName: 'Carol' });
  const created = await h.call('channels.createChannel', { title: 'Made', about: '', megagroup: true }, { as: alice });
  assert.ok(created._ === 'updates');
  const chan = [...h.world.chats.values()].find((c) => c.title === 'Made')!;
  assert.equal(chan.links.size, 1, 'creator permanent link at creation');
  assert.deepEqual(created.updates.map((u) => u._).sort(), ['updateChannel', 'updateNewChannelMessage']);
  await h.call('channels.inviteToChannel', { channel: inputChannel(chan), users: [inputUser(bob), inputUser(carol)] }, { as: alice });
  assert.equal(chan.participants.size, 3);
  await assert.rejects(h.call('channels.editAdmin', { channel: inputChannel(chan), userId: inputUser(carol), adminRights: { _: 'chatAdminRights', inviteUsers: true }, rank: '' }, { as: bob }), err('CHAT_ADMIN_REQUIRED'));
  await h.call('channels.editAdmin', { channel: inputChannel(chan), userId: inputUser(bob), adminRights: { _: 'chatAdminRights', inviteUsers: true }, rank: 'helper' }, { as: alice });
  assert.deepEqual(chan.admins.get(bob.id)?.rights, ['inviteUsers']);
  const full = await h.call('channels.getFullChannel', { channel: inputChannel(chan) }, { as: bob });
  assert.ok(full.fullChat._ === 'channelFull' && full.fullChat.exportedInvite?._ === 'chatInviteExported');
  assert.ok([...chan.links.values()].some((l) => l.adminId === bob.id && l.permanent), 'lazy primary link for the new admin');
  const admins = await h.call('channels.getParticipants', { channel: inputChannel(chan), filter: { _: 'channelParticipantsAdmins' }, offset: 0, limit: 10, hash: 0n }, { as: alice });
  assert.ok(admins._ === 'channels.channelParticipants');
  assert.deepEqual(admins.participants.map((p) => p._).sort(), ['channelParticipantAdmin', 'channelParticipantCreator']);
  await h.call('channels.editBanned', { channel: inputChannel(chan), participant: inputPeer(carol), bannedRights: { _: 'chatBannedRights', viewMessages: true, untilDate: 0 } }, { as: alice });
  assert.equal(chan.participants.has(carol.id), false);
  const kicked = await h.call('channels.getParticipant', { channel: inputChannel(chan), participant: inputPeer(carol) }, { as: alice });
  assert.equal(kicked.participant._, 'channelParticipantBanned');
  await h.call('channels.leaveChannel', { channel: inputChannel(chan) }, { as: bob });
  assert.equal(chan.admins.has(bob.id), false);
  assert.ok(chan.everAdmins.has(bob.id));
  const basic = await h.call('messages.createChat', { users: [inputUser(bob)], title: 'B' }, { as: alice });
  assert.ok(basic._ === 'messages.invitedUsers' && basic.updates._ === 'updates');
  const bchat = [...h.world.chats.values()].find((c) => c.title === 'B')!;
  await h.call('messages.addChatUser', { chatId: bchat.id, userId: inputUser(carol), fwdLimit: 0 }, { as: bob });
  await assert.rejects(h.call('messages.addChatUser', { chatId: bchat.id, userId: inputUser(carol), fwdLimit: 0 }, { as: bob }), err('USER_ALREADY_PARTICIPANT'));
  await h.call('messages.deleteChatUser', { chatId: bchat.id, userId: { _: 'inputUserSelf' } }, { as: carol });
  assert.equal(bchat.participants.size, 2);
  assert.ok(h.pushedTo(carol.id).length > 0, 'the leaver is told');
});

test('snapshot keeps keys authorised through importAuthorization', async () => {
  const h = new WorldHarness();
  const user = h.world.seed.createUser({ firstName: 'T' });
  const ex = await h.call('auth.exportAuthorization', { dcId: 1 }, { as: user });
  await h.call('auth.importAuthorization', { id: ex.id, bytes: ex.bytes }, { authKeyId: 42n, dc: 1 });
  const copy = World.fromSnapshot(JSON.parse(JSON.stringify(h.world.snapshot())));
  assert.equal(copy.keys.get(42n)?.imported, true);
  assert.throws(() => World.fromSnapshot({ ...h.world.snapshot(), importedKeys: ['x'] }), BadArgumentError);
});
