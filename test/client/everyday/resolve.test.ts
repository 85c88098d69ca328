// issue 15: client.peers.resolve for every input form, against a TestServer over TCP; the peer cache in storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerNotFoundError } from '../../../src/errors.js';
import { toBotApiId } from '../../../src/client/peers/bot-api-ids.js';
import type { ChatInviteExported, User } from '../../../src/tl/index.js';
import { everydayCast } from './helpers.js';

test('resolve: me, usernames, links, phones, Bot API ids, objects, invites; unknown inputs are typed errors naming them', async () => {
  const { h, alice, bob, dave, group, mega } = await everydayCast();
  h.world.seed.message(bob, mega, 'a dialog needs a message');
  const a = await h.clientOf(alice);
  const bobPeer = { _: 'inputPeerUser', userId: bob.id, accessHash: bob.accessHash };
  assert.deepEqual(await a.peers.resolve('me'), { _: 'inputPeerSelf' });
  assert.deepEqual(await a.peers.resolve('@bob_b'), bobPeer);
  for (const form of ['bob_b', 'BOB_B', 't.me/bob_b', 'https://t.me/bob_b', 'https://telegram.me/bob_b?start=x', 'tg://resolve?domain=bob_b', 'bob_b.t.me']) {
    assert.deepEqual(await a.peers.resolve(form), bobPeer, form);
  }
  // now cached: a Bot API id (number, string, bigint) finds the stored hash
  for (const form of [bob.id, String(bob.id), BigInt(bob.id)]) assert.deepEqual(await a.peers.resolve(form), bobPeer);
  const stored = await a.peers.get('user', bob.id);
  assert.deepEqual([stored?.accessHash, stored?.min, stored?.usernames], [bob.accessHash, false, ['bob_b']]);
  // phone: contacts.resolvePhone, then the cache
  assert.deepEqual(await a.peers.resolve(`+${bob.phone}`), bobPeer);
  assert.equal((await a.peers.get('user', bob.id))?.phone, bob.phone);
  await assert.rejects(a.peers.resolve('+1999000111'), (e: unknown) => e instanceof PeerNotFoundError && e.input === '"+1999000111"' && /PHONE_NOT_OCCUPIED/.test(e.message));
  // basic groups need no hash; channels not yet seen without a hash are not found…
  assert.deepEqual(await a.peers.resolve(-group.id), { _: 'inputPeerChat', chatId: group.id });
  const megaId = toBotApiId('channel', mega.id);
  await assert.rejects(a.peers.resolve(megaId), (e: unknown) => e instanceof PeerNotFoundError && e.input === String(megaId));
  // …until a result names them (here: the dialogs), then every form finds the stored hash
  for await (const _ of a.chats.iterDialogs()) void _;
  const megaPeer = { _: 'inputPeerChannel', channelId: mega.id, accessHash: mega.accessHash };
  assert.deepEqual(await a.peers.resolve(megaId), megaPeer);
  assert.deepEqual(await a.peers.resolve(`https://t.me/c/${mega.id}/1`), megaPeer);
  assert.deepEqual(await a.peers.resolveMessageLink(`https://t.me/c/${mega.id}/7?thread=3`), { peer: megaPeer, messageId: 7 });
  assert.deepEqual(await a.peers.resolve('https://t.me/bob_b/45'), bobPeer, 'a message link names its chat');
  // objects: User / Chat / Peer / InputPeer / InputUser
  const [bobUser] = (await a.api.users.getUsers({ id: [{ _: 'inputUser', userId: bob.id, accessHash: bob.accessHash }] })) as User[];
  assert.deepEqual(await a.peers.resolve(bobUser!), bobPeer);
  assert.deepEqual(await a.peers.resolve({ _: 'peerChannel', channelId: mega.id }), megaPeer);
  assert.deepEqual(await a.peers.resolve({ _: 'inputUser', userId: bob.id, accessHash: bob.accessHash }), bobPeer);
  assert.deepEqual(await a.peers.resolveChannel(megaId), { _: 'inputChannel', channelId: mega.id, accessHash: mega.accessHash });
  await assert.rejects(a.peers.resolveUser(megaId), PeerNotFoundError);
  // invite links: a member gets the chat (chatInviteAlready); a stranger a clear refusal
  const invite = (await a.api.messages.exportChatInvite({ peer: megaPeer as never })) as ChatInviteExported;
  const hash = invite.link.slice('https://t.me/+'.length);
  assert.deepEqual(await a.peers.resolve(`https://t.me/+${hash}`), megaPeer);
  assert.deepEqual(await a.peers.resolve(`t.me/joinchat/${hash}`), megaPeer);
  const d = await h.clientOf(dave);
  await assert.rejects(d.peers.resolve(`https://t.me/+${hash}`), (e: unknown) => e instanceof PeerNotFoundError && /join it first/.test(e.message));
  // the unknown and the malformed
  await assert.rejects(a.peers.resolve('@nobody_here'), (e: unknown) => e instanceof PeerNotFoundError && e.input === '"@nobody_here"' && /USERNAME_NOT_OCCUPIED/.test(e.message));
  await assert.rejects(a.peers.resolve('@1bad'), (e: unknown) => e instanceof PeerNotFoundError && e.input === '"@1bad"');
  await assert.rejects(a.peers.resolve(dave.id), (e: unknown) => e instanceof PeerNotFoundError && e.input === String(dave.id));
  await assert.rejects(a.peers.resolve({ _: 'inputPeerEmpty' }), PeerNotFoundError);
});

test('min peers: addressed through the message they were seen in, never over a full hash, backfilled by a full copy', async () => {
  const { h, alice, bob, dave, mega } = await everydayCast();
  h.world.seed.addMember(mega, dave);
  const msgId = h.world.seed.message(dave, mega, 'hello from dave');
  const a = await h.clientOf(alice);
  // Telegram sends min copies in big groups: a history page naming dave only as a min user
  const megaChannel = { _: 'channel' as const, id: mega.id, accessHash: mega.accessHash, title: 'Mega', megagroup: true, photo: { _: 'chatPhotoEmpty' as const }, date: 1 };
  const message = { _: 'message' as const, id: msgId, peerId: { _: 'peerChannel' as const, channelId: mega.id }, fromId: { _: 'peerUser' as const, userId: dave.id }, date: 1, message: 'hello from dave' };
  a.peers.cache.ingest({ _: 'messages.channelMessages', pts: 1, count: 1, messages: [message], topics: [], chats: [megaChannel], users: [{ _: 'user', id: dave.id, min: true, accessHash: 999n, firstName: 'Dave' }] });
  const daveRecord = await a.peers.get('user', dave.id);
  assert.deepEqual([daveRecord?.min, daveRecord?.seenIn], [true, { peerType: 'channel', peerId: mega.id, msgId }]);
  const viaMessage = await a.peers.resolve(dave.id);
  assert.deepEqual(viaMessage, { _: 'inputPeerUserFromMessage', peer: { _: 'inputPeerChannel', channelId: mega.id, accessHash: mega.accessHash }, msgId, userId: dave.id });
  // the server accepts it (the message names dave) and answers with the full user: the backfill
  const users = (await a.api.users.getUsers({ id: [(await a.peers.resolveUser(dave.id))] })) as User[];
  assert.equal(users[0]?.id, dave.id);
  const backfilled = await a.peers.get('user', dave.id);
  assert.deepEqual([backfilled?.min, backfilled?.accessHash], [false, dave.accessHash]);
  // bob was full before (a member of the history's users? resolve him once): a min copy never downgrades him
  await a.peers.resolve('@bob_b');
  a.peers.cache.ingest({ _: 'messages.messages', messages: [], topics: [], chats: [], users: [{ _: 'user', id: bob.id, min: true, accessHash: 5n, firstName: 'B' }] });
  const bobRecord = await a.peers.get('user', bob.id);
  assert.deepEqual([bobRecord?.min, bobRecord?.accessHash], [false, bob.accessHash]);
  // a min user with no message to address it through is a clear error
  a.peers.cache.ingest([{ _: 'user', id: 424242, min: true, accessHash: 7n, firstName: 'Ghost' }]);
  await assert.rejects(a.peers.resolve(424242), (e: unknown) => e instanceof PeerNotFoundError && /min copy/.test(e.message));
});
