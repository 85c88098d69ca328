// issue 15: the invite-link, importer / join-request and admin-log iterators, end to end over TCP, with
// enough items for several pages and ties on the paging keys (equal dates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLink } from '../../../src/testing/world/links.js';
import { linkSnapshot, logAdminEvent } from '../../../src/testing/world/admin-log.js';
import type { ChatInviteExported } from '../../../src/tl/index.js';
import { inputPeer } from '../../../src/testing/world/seed.js';
import { everydayCast } from './helpers.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const byDateThenHashDesc = (a: { date: number; hash: string }, b: { date: number; hash: string }) =>
  b.date - a.date || (a.hash < b.hash ? 1 : a.hash > b.hash ? -1 : 0);

test('iterInviteLinks: 250 links of one admin over 3+ pages, permanent first, each once; revoked ones apart; limits', async () => {
  const { h, alice, bob, mega } = await everydayCast();
  const w = h.world;

  // dates repeat in runs of 5, so pages end in the middle of a tie
  const temporary = Array.from({ length: 250 }, (_, i) => createLink(w, mega, alice.id, h.time - Math.floor(i / 5), { title: `l${i}` }));
  const revoked = Array.from({ length: 130 }, (_, i) => createLink(w, mega, alice.id, h.time - Math.floor(i / 3)));
  for (const l of revoked) l.revoked = true;
  h.world.seed.makeAdmin(mega, bob);
  const bobs = createLink(w, mega, bob.id, h.time, {}); // another admin's: not in alice's list
  const a = await h.clientOf(alice);
  const chat = inputPeer(mega);
  const linkOf = (hash: string) => `https://t.me/+${hash}`;
  // the primary (permanent) link the chat already has, then the rest
  const permanent = [...mega.links.values()].filter((l) => l.adminId === alice.id && l.permanent && !l.revoked);
  assert.equal(permanent.length, 1);
  const expected = [permanent[0]!, ...[...temporary].sort(byDateThenHashDesc)].map((l) => linkOf(l.hash));

  const all = (await collect(a.chats.iterInviteLinks(chat))).map((l: ChatInviteExported) => l.link);
  assert.equal(all.length, 251);
  assert.deepEqual(all, expected, 'every link once, in Telegram order');
  const small = (await collect(a.chats.iterInviteLinks(chat, { pageSize: 7 }))).map((l) => l.link);
  assert.deepEqual(small, expected, 'small pages: same list');
  assert.deepEqual((await collect(a.chats.iterInviteLinks(chat, { pageSize: 9, limit: 40 }))).map((l) => l.link), expected.slice(0, 40));
  const gone = (await collect(a.chats.iterInviteLinks(chat, { revoked: true, pageSize: 50 }))).map((l) => l.link);
  assert.deepEqual(gone, [...revoked].sort(byDateThenHashDesc).map((l) => linkOf(l.hash)));
  // the creator lists another admin's links
  const ofBob = (await collect(a.chats.iterInviteLinks(chat, { admin: '@bob_b' }))).map((l) => l.link);
  assert.deepEqual(ofBob, [...mega.links.values()].filter((l) => l.adminId === bob.id && !l.revoked).sort((x, y) => Number(y.permanent) - Number(x.permanent) || byDateThenHashDesc(x, y)).map((l) => linkOf(l.hash)));
  assert.ok(ofBob.includes(linkOf(bobs.hash)));
});

test('iterInviteImporters: 230 joins through a link and 150 join requests (with q), each once, newest first', async () => {
  const { h, s, alice, mega } = await everydayCast();
  const w = h.world;
  const link = createLink(w, mega, alice.id, h.time - 10_000, {});
  const approval = createLink(w, mega, alice.id, h.time - 10_000, { requestNeeded: true });
  const joined = Array.from({ length: 230 }, (_, i) => s.createUser({ firstName: `J${i}` }));
  for (const [i, u] of joined.entries()) {
    s.addMember(mega, u);
    mega.importers.push({ userId: u.id, date: h.time - Math.floor(i / 4), hash: link.hash });
  }
  const askers = Array.from({ length: 150 }, (_, i) => s.createUser({ firstName: i % 3 === 0 ? `Zed${i}` : `Req${i}` }));
  for (const [i, u] of askers.entries()) mega.requests.set(u.id, { userId: u.id, date: h.time - Math.floor(i / 6), about: `about ${i}`, hash: approval.hash });
  const a = await h.clientOf(alice);
  const chat = inputPeer(mega);
  const order = <T extends { id: number }>(list: T[], dateOf: (i: number) => number) =>
    list.map((u, i) => ({ id: u.id, date: dateOf(i) })).sort((x, y) => y.date - x.date || y.id - x.id).map((x) => x.id);

  const imported = await collect(a.chats.iterInviteImporters(chat, { link: `https://t.me/+${link.hash}` }));
  assert.deepEqual(imported.map((x) => x.importer.userId), order(joined, (i) => h.time - Math.floor(i / 4)));
  assert.ok(imported.every((x) => x.user?.id === x.importer.userId), 'each with its user');
  const smallPages = await collect(a.chats.iterInviteImporters(chat, { link: link.hash, pageSize: 13 }));
  assert.deepEqual(smallPages.map((x) => x.importer.userId), imported.map((x) => x.importer.userId));

  const requests = await collect(a.chats.iterInviteImporters(chat, { requested: true, pageSize: 40 }));
  assert.deepEqual(requests.map((x) => x.importer.userId), order(askers, (i) => h.time - Math.floor(i / 6)));
  assert.ok(requests.every((x) => x.importer.requested === true && x.importer.about?.startsWith('about ')));
  const zed = await collect(a.chats.iterInviteImporters(chat, { requested: true, q: 'zed', pageSize: 8 }));
  const zedUsers = askers.filter((_, i) => i % 3 === 0);
  assert.deepEqual(zed.map((x) => x.importer.userId), order(zedUsers, (i) => h.time - Math.floor((i * 3) / 6)));
  assert.equal((await collect(a.chats.iterInviteImporters(chat, { requested: true, limit: 55, pageSize: 20 }))).length, 55);
});

test('iterAdminLog: 260 events over pages by max_id, each once, newest first; filter, admins and limit', async () => {
  const { h, alice, bob, mega } = await everydayCast();
  const w = h.world;
  const s = w.seed;
  s.makeAdmin(mega, bob);
  const link = createLink(w, mega, alice.id, h.time, {});
  const actors = [alice.id, bob.id];
  for (let i = 0; i < 260; i++) {
    const userId = actors[i % 2]!;
    // the same date for many events: paging must go by id
    if (i % 4 === 0) logAdminEvent(w, mega, userId, h.time, { kind: 'joinByInvite', invite: linkSnapshot(link) });
    else logAdminEvent(w, mega, userId, h.time, { kind: 'inviteEdit', prev: linkSnapshot(link), next: linkSnapshot(link) });
  }
  const a = await h.clientOf(alice);
  const chat = inputPeer(mega);
  const log = mega.adminLog!;
  const newestFirst = [...log].reverse();

  const all = await collect(a.chats.iterAdminLog(chat));
  assert.deepEqual(all.map((x) => x.event.id), newestFirst.map((e) => e.id));
  assert.deepEqual(new Set(all.map((x) => x.user?.id)), new Set(actors), 'with the acting users');
  const small = await collect(a.chats.iterAdminLog(chat, { pageSize: 11 }));
  assert.deepEqual(small.map((x) => x.event.id), newestFirst.map((e) => e.id));
  const joins = await collect(a.chats.iterAdminLog(chat, { filter: { join: true }, pageSize: 30 }));
  assert.deepEqual(joins.map((x) => x.event.id), newestFirst.filter((e) => e.action.kind === 'joinByInvite').map((e) => e.id));
  assert.ok(joins.every((x) => x.event.action._ === 'channelAdminLogEventActionParticipantJoinByInvite'));
  const byBob = await collect(a.chats.iterAdminLog(chat, { admins: ['@bob_b'], pageSize: 25 }));
  assert.deepEqual(byBob.map((x) => x.event.id), newestFirst.filter((e) => e.userId === bob.id).map((e) => e.id));
  const window = await collect(a.chats.iterAdminLog(chat, { maxId: 200n, minId: 20n, pageSize: 50 }));
  assert.deepEqual(window.map((x) => x.event.id), newestFirst.filter((e) => e.id < 200n && e.id > 20n).map((e) => e.id));
  assert.equal((await collect(a.chats.iterAdminLog(chat, { limit: 123, pageSize: 50 }))).length, 123);
  await assert.rejects(collect(a.chats.iterAdminLog('@bob_b')), /supergroup or channel/);
});
