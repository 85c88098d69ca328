// issue 15: min peers end to end over TCP. The test server names strangers in a big supergroup's pushes as
// `min` users (and an unjoined forward source as a `min` channel); the client's peer cache records them as
// min, addresses them only through `…FromMessage`, and backfills their full hashes from full copies.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { RpcError } from '../../../src/errors.js';
import { TcpWorldHarness } from '../../../src/testing/world/tcp-harness.js';
import { minAccessHash } from '../../../src/testing/world/views/min.js';
import type { AnyRequest, Chat, InputPeer, RawMessage, Updates, User } from '../../../src/tl/index.js';
import { until } from './helpers.js';

const open: TcpWorldHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** Every `{ _: kind, [idField]: id }` inside a request. */
function mentions(value: unknown, kind: string, idField: string, id: number, depth = 0): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  if (o['_'] === kind && o[idField] === id) return true;
  return Object.values(o).some((v) => mentions(v, kind, idField, id, depth + 1));
}

function pushedUsers(pushes: Updates[]): User[] {
  return pushes.flatMap((u) => (u._ === 'updates' || u._ === 'updatesCombined' ? u.users : []));
}

function pushedChats(pushes: Updates[]): Chat[] {
  return pushes.flatMap((u) => (u._ === 'updates' || u._ === 'updatesCombined' ? u.chats : []));
}

test('min peers: strangers in a big supergroup arrive min, are addressed through their message, and are backfilled by full copies', async () => {
  // a supergroup of 5 counts as big here (the default is 200 members)
  const h = await TcpWorldHarness.start({ messages: { minPeersMembersMin: 5 } });
  open.push(h);
  const s = h.world.seed;
  const alice = s.createUser({ firstName: 'Alice', username: 'alice_a' });
  const carol = s.createUser({ firstName: 'Carol', username: 'carol_c' });
  const dave = s.createUser({ firstName: 'Dave', username: 'dave_d' });
  const erin = s.createUser({ firstName: 'Erin', username: 'erin_e' });
  const frank = s.createUser({ firstName: 'Frank' });
  const mega = s.createChannel({ creator: alice, title: 'Mega', megagroup: true, members: [carol, dave, erin, frank] });
  const news = s.createChannel({ creator: erin, title: 'News', broadcast: true, members: [] });
  const megaPeer: InputPeer = { _: 'inputPeerChannel', channelId: mega.id, accessHash: mega.accessHash };

  const a = await h.clientOf(alice);
  await a.invoke({ _: 'updates.getState' });
  // alice's client must never address the strangers with a plain hash: every request it sends is checked
  const sent: AnyRequest[] = [];
  a.use((next) => (request, options) => {
    sent.push(request);
    return next(request, options);
  });
  const plainUser = (id: number) => sent.some((r) => mentions(r, 'inputPeerUser', 'userId', id) || mentions(r, 'inputUser', 'userId', id));

  // carol, dave and erin post in the group: alice is pushed min copies of them
  const posted = new Map<number, number>();
  for (const who of [carol, dave, erin]) {
    const c = await h.clientOf(who);
    const m = (await c.messages.sendText(megaPeer, `hello from ${who.firstName}`)) as RawMessage;
    posted.set(who.id, m.id);
  }
  await until(h, () => pushedUsers(h.receivedBy(alice.id)).filter((u) => u._ === 'user' && u.min).length >= 3);
  const pushedCarol = pushedUsers(h.receivedBy(alice.id)).find((u) => u.id === carol.id);
  assert.ok(pushedCarol?._ === 'user' && pushedCarol.min === true && pushedCarol.phone === undefined);
  assert.equal(pushedCarol.accessHash, minAccessHash(carol.accessHash));
  assert.notEqual(pushedCarol.accessHash, carol.accessHash, 'a min hash is not the full one');
  for (const who of [carol, dave, erin]) {
    const record = await a.peers.get('user', who.id);
    assert.deepEqual([record?.min, record?.seenIn], [true, { peerType: 'channel', peerId: mega.id, msgId: posted.get(who.id) }], who.firstName);
  }
  // the group itself came in full, so the strangers are addressable through their messages
  const fromMessage = (id: number) => ({ _: 'inputPeerUserFromMessage', peer: megaPeer, msgId: posted.get(id)!, userId: id });
  assert.deepEqual(await a.peers.resolve(carol.id), fromMessage(carol.id));

  // the server checks what a …FromMessage names: a message of someone else, or none at all, is refused
  const isRpc = (type: string) => (e: unknown) => e instanceof RpcError && e.type === type;
  await assert.rejects(a.api.users.getUsers({ id: [{ _: 'inputUserFromMessage', peer: megaPeer, msgId: posted.get(dave.id)!, userId: carol.id }] }), isRpc('PEER_ID_INVALID'));
  await assert.rejects(
    a.api.messages.sendMessage({ peer: { _: 'inputPeerUserFromMessage', peer: megaPeer, msgId: 999, userId: carol.id }, message: 'x', randomId: 1n }),
    isRpc('MSG_ID_INVALID'),
  );
  await assert.rejects(a.api.channels.getChannels({ id: [{ _: 'inputChannelFromMessage', peer: megaPeer, msgId: posted.get(carol.id)!, channelId: news.id }] }), isRpc('CHANNEL_INVALID'));

  // carol: users.getUsers through her message; its answer is a full copy, which backfills the hash
  const [fetched] = (await a.api.users.getUsers({ id: [(await a.peers.resolveUser(carol.id))] })) as User[];
  assert.equal(fetched?.id, carol.id);
  assert.ok(sent.some((r) => mentions(r, 'inputUserFromMessage', 'userId', carol.id)));
  assert.deepEqual(await a.peers.resolve(carol.id), { _: 'inputPeerUser', userId: carol.id, accessHash: carol.accessHash });
  // dave: a private message sent through his group message (its short answer names nobody: still min)
  const toDave = await a.messages.sendText(dave.id, 'hi Dave, saw you in Mega');
  assert.deepEqual(toDave.peerId, { _: 'peerUser', userId: dave.id });
  assert.ok(sent.some((r) => r._ === 'messages.sendMessage' && mentions(r, 'inputPeerUserFromMessage', 'userId', dave.id)));
  assert.equal((await a.peers.get('user', dave.id))?.min, true);
  // erin: '@erin_e' is asked for again although a min copy has that username; the full copy backfills
  assert.deepEqual(await a.peers.resolve('@erin_e'), { _: 'inputPeerUser', userId: erin.id, accessHash: erin.accessHash });
  assert.ok(sent.some((r) => r._ === 'contacts.resolveUsername'));
  assert.equal(plainUser(carol.id) || plainUser(dave.id) || plainUser(erin.id), false, 'no plain input before a full copy arrived');

  // more min copies later never downgrade the full ones (alice has still not met carol or erin privately)
  const before = h.receivedBy(alice.id).length;
  const c = await h.clientOf(carol);
  const again = (await c.messages.sendText(megaPeer, 'me again')) as RawMessage;
  await until(h, () => h.receivedBy(alice.id).length > before);
  assert.ok(pushedUsers(h.receivedBy(alice.id).slice(before)).some((u) => u.id === carol.id && u._ === 'user' && u.min));
  assert.deepEqual([(await a.peers.get('user', carol.id))?.min, (await a.peers.get('user', carol.id))?.accessHash], [false, carol.accessHash]);
  // dave now has a private dialog with alice: his posts carry him in full
  const d = await h.clientOf(dave);
  const beforeDave = h.receivedBy(alice.id).length;
  await d.messages.sendText(megaPeer, 'met you now');
  await until(h, () => pushedUsers(h.receivedBy(alice.id).slice(beforeDave)).some((u) => u.id === dave.id));
  assert.ok(pushedUsers(h.receivedBy(alice.id).slice(beforeDave)).every((u) => u.id !== dave.id || (u._ === 'user' && !u.min)));
  assert.deepEqual([(await a.peers.get('user', dave.id))?.min, (await a.peers.get('user', dave.id))?.accessHash], [false, dave.accessHash], 'backfilled from the push');
  assert.equal(plainUser(dave.id), false);
  assert.ok(again.id > 0);

  // a channel alice is not in, named as a forward source: a min channel, addressed through the forward
  const e = await h.clientOf(erin);
  const newsPeer: InputPeer = { _: 'inputPeerChannel', channelId: news.id, accessHash: news.accessHash };
  const post = (await e.messages.sendText(newsPeer, 'breaking')) as RawMessage;
  const beforeFwd = h.receivedBy(alice.id).length;
  const [fwd] = await e.messages.forwardMessages(newsPeer, [post.id], megaPeer);
  await until(h, () => pushedChats(h.receivedBy(alice.id).slice(beforeFwd)).some((ch) => ch.id === news.id));
  const pushedNews = pushedChats(h.receivedBy(alice.id).slice(beforeFwd)).find((ch) => ch.id === news.id);
  assert.ok(pushedNews?._ === 'channel' && pushedNews.min === true && pushedNews.accessHash !== news.accessHash);
  const newsRecord = await a.peers.get('channel', news.id);
  assert.deepEqual([newsRecord?.min, newsRecord?.seenIn], [true, { peerType: 'channel', peerId: mega.id, msgId: fwd!.id }]);
  const newsInput = await a.peers.resolveChannel({ _: 'peerChannel', channelId: news.id });
  assert.deepEqual(newsInput, { _: 'inputChannelFromMessage', peer: megaPeer, msgId: fwd!.id, channelId: news.id });
  await a.api.channels.getChannels({ id: [newsInput] });
  assert.deepEqual([(await a.peers.get('channel', news.id))?.min, (await a.peers.get('channel', news.id))?.accessHash], [false, news.accessHash]);
  assert.equal(sent.some((r) => mentions(r, 'inputChannel', 'channelId', news.id) || mentions(r, 'inputPeerChannel', 'channelId', news.id)), false);

  // and the min hash itself is refused as a full one
  await assert.rejects(a.api.users.getUsers({ id: [{ _: 'inputUser', userId: frank.id, accessHash: minAccessHash(frank.accessHash) }] }), isRpc('PEER_ID_INVALID'));
});
