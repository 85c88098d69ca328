// issue 15: message helpers (HTML / MarkdownV2 with emoji offsets) and iterators, against a TestServer over TCP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawMessage } from '../../../src/tl/index.js';
import { newChatRecord } from '../../../src/testing/world/seed.js';
import { addParticipant } from '../../../src/testing/world/membership.js';
import { everydayCast } from './helpers.js';

test('sendText / editText / forward / pin / read / delete with HTML and MarkdownV2 entities at UTF-16 offsets', async () => {
  const { h, alice, bob, mega } = await everydayCast();
  const a = await h.clientOf(alice);
  const b = await h.clientOf(bob);
  const sent = (await a.messages.sendText('@bob_b', '👋🏽 <b>bold</b> <a href="https://example.com">link</a>', { parseMode: 'html', silent: true })) as RawMessage;
  assert.equal(sent.message, '👋🏽 bold link');
  assert.deepEqual(sent.entities?.map((e) => [e._, e.offset, e.length]), [
    ['messageEntityBold', 5, 4],
    ['messageEntityTextUrl', 10, 4],
  ]);
  assert.deepEqual([sent.out, sent.silent, sent.peerId], [true, true, { _: 'peerUser', userId: bob.id }]);
  // bob sees it with the same entities
  const [got] = await collect(b.messages.iterHistory('@alice_a', { limit: 1 }));
  assert.equal((got as RawMessage).message, '👋🏽 bold link');
  assert.deepEqual((got as RawMessage).entities?.map((e) => e.offset), [5, 10]);
  // a reply in MarkdownV2
  const reply = (await b.messages.sendText('alice_a', '*ok* 🇳🇱 _fine_\\!', { parseMode: 'markdown', replyTo: got!.id })) as RawMessage;
  assert.deepEqual([reply.message, reply.entities?.map((e) => [e._, e.offset, e.length])], ['ok 🇳🇱 fine!', [['messageEntityBold', 0, 2], ['messageEntityItalic', 8, 4]]]);
  assert.equal(reply.replyTo?._ === 'messageReplyHeader' && reply.replyTo.replyToMsgId, got!.id);
  // edit: the edited message comes back
  const edited = (await a.messages.editText('@bob_b', sent.id, '<i>edited</i> ✅', { parseMode: 'html' })) as RawMessage;
  assert.deepEqual([edited.id, edited.message, edited.entities?.[0]?._, typeof edited.editDate], [sent.id, 'edited ✅', 'messageEntityItalic', 'number']);
  // in a supergroup: full Updates form; forward into it, pin, read, delete in the channel box
  const inMega = (await a.messages.sendText({ _: 'inputPeerChannel', channelId: mega.id, accessHash: mega.accessHash }, 'in the group')) as RawMessage;
  assert.deepEqual(inMega.peerId, { _: 'peerChannel', channelId: mega.id });
  const second = await a.messages.sendText('@bob_b', 'second');
  const forwarded = await a.messages.forwardMessages('@bob_b', [sent.id, second.id], { _: 'peerChannel', channelId: mega.id });
  assert.deepEqual(forwarded.map((m) => m._ === 'message' && m.fwdFrom !== undefined && m.message), ['edited ✅', 'second'], 'in request order, with fwd_from');
  const pinned = await a.messages.pin({ _: 'peerChannel', channelId: mega.id }, inMega.id);
  assert.equal(pinned?._ === 'messageService' && pinned.action._, 'messageActionPinMessage');
  await a.messages.unpin({ _: 'peerChannel', channelId: mega.id }, inMega.id);
  await b.messages.readHistory({ _: 'peerChannel', channelId: mega.id });
  await b.messages.readHistory('@alice_a');
  assert.equal(await a.messages.deleteMessages({ _: 'peerChannel', channelId: mega.id }, forwarded.map((m) => m.id)), 2);
  assert.equal(await a.messages.deleteMessages('@bob_b', [sent.id]), 1);
  const left = await collect(a.messages.iterHistory({ _: 'peerChannel', channelId: mega.id }));
  assert.ok(left.every((m) => !forwarded.some((f) => f.id === m.id)));
  // search finds by text
  const found = await collect(a.messages.iterSearch({ _: 'peerChannel', channelId: mega.id }, 'group'));
  assert.deepEqual(found.map((m) => m.id), [inMega.id]);
});

test('iterHistory pages 1,200 messages exactly once, both directions, with limits; iterDialogs and iterParticipants without repeats', async () => {
  const { h, s, alice, bob, mega } = await everydayCast();
  const N = 1200;
  for (let i = 0; i < N; i++) s.message(i % 2 ? alice : bob, mega, `m${i}`);
  // 150 more dialogs: 120 supergroups and 30 private chats, each with a message
  for (let i = 0; i < 120; i++) {
    const chat = newChatRecord(h.world, 'channel', { title: `g${i}`, creatorId: bob.id, date: h.time, megagroup: true });
    addParticipant(h.world, undefined, chat, bob.id, { inviterId: bob.id, source: 'creator', date: h.time });
    addParticipant(h.world, undefined, chat, alice.id, { inviterId: bob.id, source: 'invited', date: h.time });
    s.message(bob, chat, `hi ${i}`);
    h.time += 1;
  }
  for (let i = 0; i < 30; i++) s.message(s.createUser({ firstName: `U${i}` }), alice, `dm ${i}`);
  const a = await h.clientOf(alice);
  const peer = { _: 'inputPeerChannel' as const, channelId: mega.id, accessHash: mega.accessHash };
  const ids = (await collect(a.messages.iterHistory(peer))).map((m) => m.id);
  const messages = ids.filter((id) => id > 0);
  assert.equal(new Set(ids).size, ids.length, 'no repeats');
  assert.ok(ids.length >= N, `${ids.length} messages`);
  assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first');
  const reversed = (await collect(a.messages.iterHistory(peer, { reverse: true, pageSize: 77 }))).map((m) => m.id);
  assert.deepEqual(reversed, [...messages].reverse(), 'oldest first, odd page size, the same set');
  const limited = (await collect(a.messages.iterHistory(peer, { limit: 250, offsetId: ids[10] }))).map((m) => m.id);
  assert.deepEqual(limited, ids.slice(11, 261), 'a limit and an offset');
  const window = (await collect(a.messages.iterHistory(peer, { reverse: true, minId: ids[500], maxId: ids[100] }))).map((m) => m.id);
  assert.deepEqual(window, ids.slice(101, 500).reverse(), 'minId/maxId exclusive');
  // dialogs: 1 mega + 120 + 30 + bob? (no private message with bob) — each once, in several pages
  const dialogs = await collect(a.chats.iterDialogs({ pageSize: 17 }));
  const keys = dialogs.map((d) => JSON.stringify(d.dialog._ === 'dialog' ? d.dialog.peer : null));
  assert.equal(new Set(keys).size, keys.length, 'no dialog twice');
  assert.equal(dialogs.length, 151);
  assert.equal((await collect(a.chats.iterDialogs({ limit: 40, pageSize: 17 }))).length, 40);
  // participants: 2 + 250 members, pages of 60
  for (let i = 0; i < 250; i++) s.addMember(mega, s.createUser({ firstName: `M${i}` }));
  const members = await collect(a.chats.iterParticipants(peer, { pageSize: 60 }));
  assert.equal(new Set(members.map((m) => m.userId)).size, 252);
  assert.equal(members.length, 252);
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
