// channels.getAdminLog and the link/join events the world writes (spec [I] rules of §2, §5, §6, §11, §12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, harness, hashOf, exported } from './invite-helpers.js';
import type { TcpWorldHarness } from '../../src/testing/world/tcp-harness.js';
import { inputChannel, inputPeer, inputUser } from '../../src/testing/world/seed.js';
import { World } from '../../src/testing/world/world.js';
import { TestServer } from '../../src/testing/index.js';
import { Client } from '../../src/client/client.js';
import { MemorySession } from '../../src/storage/session/memory.js';
import { BadArgumentError } from '../../src/errors.js';
import type { ChannelAdminLogEvent, ChannelAdminLogEventsFilter, ChannelsGetAdminLogRequest, ChatInviteExported, ExportedChatInvite } from '../../src/tl/index.js';
import type { ChatRecord, UserRecord } from '../../src/testing/world/types.js';

type LogQuery = Partial<Omit<ChannelsGetAdminLogRequest, '_' | 'channel'>>;

/** channels.getAdminLog with defaults (everything, newest 100). */
async function adminLog(h: TcpWorldHarness, chat: ChatRecord, as: UserRecord, query: LogQuery = {}) {
  return h.call('channels.getAdminLog', { channel: inputChannel(chat), q: '', maxId: 0n, minId: 0n, limit: 100, ...query }, { as });
}

const actions = (events: ChannelAdminLogEvent[]) => events.map((e) => e.action._.replace('channelAdminLogEventAction', ''));
const ids = (events: ChannelAdminLogEvent[]) => events.map((e) => e.id);
const inv = (i: ExportedChatInvite): ChatInviteExported => exported(i);

async function setup(kind: 'megagroup' | 'broadcast' = 'megagroup') {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'Owner' });
  const admin = s.createUser({ firstName: 'Admin' });
  const plainAdmin = s.createUser({ firstName: 'Plain' });
  const member = s.createUser({ firstName: 'Member' });
  const joiner = s.createUser({ firstName: 'Joiner' });
  const outsider = s.createUser({ firstName: 'Outsider' });
  const chat = s.createChannel({ creator: owner, title: 'Log', megagroup: kind === 'megagroup', members: [member] });
  s.makeAdmin(chat, admin, ['inviteUsers']);
  s.makeAdmin(chat, plainAdmin, ['pinMessages']); // an admin without invite rights may still read the log
  const peer = inputPeer(chat);
  const exportAs = async (as: UserRecord, extra: Record<string, unknown> = {}) =>
    inv(await h.call('messages.exportChatInvite', { peer, ...extra }, { as }));
  return { h, s, owner, admin, plainAdmin, member, joiner, outsider, chat, peer, exportAs };
}

test('revoke, edit and delete each log one event with the actor, date and links', async () => {
  const { h, owner, admin, chat, peer, exportAs } = await setup();
  assert.deepEqual((await adminLog(h, chat, owner)).events, [], 'a new channel has an empty log');
  const link = await exportAs(admin, { title: 'Promo', usageLimit: 5 });
  assert.deepEqual((await adminLog(h, chat, owner)).events, [], 'creating a link is not logged');
  h.time += 10;
  const t1 = h.time;
  const edited = await h.call('messages.editExportedChatInvite', { peer, link: link.link, title: 'Promo 2', usageLimit: 7 }, { as: admin });
  h.time += 10;
  const t2 = h.time;
  await h.call('messages.editExportedChatInvite', { peer, link: link.link, revoked: true }, { as: admin });
  h.time += 10;
  const t3 = h.time;
  assert.equal(await h.call('messages.deleteExportedChatInvite', { peer, link: link.link }, { as: owner }), true);

  const log = await adminLog(h, chat, owner);
  assert.deepEqual(actions(log.events), ['ExportedInviteDelete', 'ExportedInviteRevoke', 'ExportedInviteEdit']);
  assert.deepEqual(ids(log.events), [3n, 2n, 1n]);
  const [del, rev, edit] = log.events as [ChannelAdminLogEvent, ChannelAdminLogEvent, ChannelAdminLogEvent];
  assert.deepEqual([edit.userId, edit.date], [admin.id, t1]);
  assert.deepEqual([rev.userId, rev.date], [admin.id, t2]);
  assert.deepEqual([del.userId, del.date], [owner.id, t3]);
  assert.ok(edit.action._ === 'channelAdminLogEventActionExportedInviteEdit');
  assert.deepEqual(edit.action.prevInvite, link, 'prev = the link before the edit, whole for the creator');
  assert.ok(edited._ === 'messages.exportedChatInvite');
  assert.deepEqual(edit.action.newInvite, edited.invite, 'new = what the edit returned');
  assert.equal(inv(edit.action.newInvite).startDate, t1);
  assert.ok(rev.action._ === 'channelAdminLogEventActionExportedInviteRevoke');
  assert.equal(inv(rev.action.invite).revoked, true);
  assert.equal(inv(rev.action.invite).title, 'Promo 2');
  assert.ok(del.action._ === 'channelAdminLogEventActionExportedInviteDelete');
  assert.deepEqual(del.action.invite, rev.action.invite);
  // chats = the channel; users = actors and link admins, once each
  assert.deepEqual(log.chats.map((c) => c.id), [chat.id]);
  assert.deepEqual(log.users.map((u) => u.id).sort(), [owner.id, admin.id].sort());
  // failed calls log nothing
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: 'nope', title: 'x' }, { as: owner }), err('INVITE_HASH_EXPIRED'));
  const other = await exportAs(admin);
  await assert.rejects(h.call('messages.deleteExportedChatInvite', { peer, link: other.link }, { as: admin }), err('INVITE_REVOKED_MISSING'));
  await assert.rejects(
    h.call('messages.editExportedChatInvite', { peer, link: other.link, usageLimit: 5, requestNeeded: true }, { as: admin }),
    err('USAGE_LIMIT_INVALID'),
  );
  assert.equal((await adminLog(h, chat, owner)).events.length, 3);
});

test('primary links: legacy export and revoke log the old link once; the replacement is not logged', async () => {
  const { h, owner, chat, peer, exportAs } = await setup();
  const first = [...chat.links.values()].find((l) => l.adminId === owner.id && l.permanent)!;
  const second = await exportAs(owner, { legacyRevokePermanent: true });
  const replaced = await h.call('messages.editExportedChatInvite', { peer, link: second.link, revoked: true }, { as: owner });
  assert.ok(replaced._ === 'messages.exportedChatInviteReplaced');
  const log = await adminLog(h, chat, owner);
  assert.deepEqual(actions(log.events), ['ExportedInviteRevoke', 'ExportedInviteRevoke']);
  const [last, firstEvent] = log.events.map((e) => (e.action._ === 'channelAdminLogEventActionExportedInviteRevoke' ? inv(e.action.invite) : assert.fail()));
  assert.equal(firstEvent!.link, `https://t.me/+${first.hash}`);
  assert.deepEqual([firstEvent!.permanent, firstEvent!.revoked], [true, true]);
  assert.deepEqual(last, replaced.invite);
  // a no-op "edit" of a permanent link changes nothing and logs nothing
  await h.call('messages.editExportedChatInvite', { peer, link: inv(replaced.newInvite).link }, { as: owner });
  assert.equal((await adminLog(h, chat, owner)).events.length, 2);
});

test('joins through links and approved requests are logged; other admins see others’ links truncated', async () => {
  const { h, s, owner, admin, plainAdmin, joiner, chat, peer, exportAs } = await setup();
  const open = await exportAs(admin, { title: 'Open' });
  await h.call('messages.importChatInvite', { hash: hashOf(open.link) }, { as: joiner });
  const approval = await exportAs(owner, { requestNeeded: true });
  const req = s.createUser({ firstName: 'Req' });
  await assert.rejects(h.call('messages.importChatInvite', { hash: hashOf(approval.link) }, { as: req }), err('INVITE_REQUEST_SENT'));
  await h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(req), approved: true }, { as: admin });
  const requester = req.id;
  // a declined request and a request still pending are not joins
  const declined = s.createUser({ firstName: 'Declined' });
  await assert.rejects(h.call('messages.importChatInvite', { hash: hashOf(approval.link) }, { as: declined }), err('INVITE_REQUEST_SENT'));
  await h.call('messages.hideChatJoinRequest', { peer, userId: inputUser(declined), approved: false }, { as: owner });

  const log = await adminLog(h, chat, owner);
  assert.deepEqual(actions(log.events), ['ParticipantJoinByRequest', 'ParticipantJoinByInvite']);
  const [byRequest, byInvite] = log.events as [ChannelAdminLogEvent, ChannelAdminLogEvent];
  assert.equal(byInvite.userId, joiner.id);
  assert.ok(byInvite.action._ === 'channelAdminLogEventActionParticipantJoinByInvite');
  assert.ok(!byInvite.action.viaChatlist, 'not joined from a folder');
  assert.equal(inv(byInvite.action.invite).link, open.link, 'the creator sees every link whole');
  assert.equal(inv(byInvite.action.invite).usage, 1, 'the link as it is after the join');
  assert.equal(byRequest.userId, requester);
  assert.ok(byRequest.action._ === 'channelAdminLogEventActionParticipantJoinByRequest');
  assert.equal(byRequest.action.approvedBy, admin.id);
  assert.equal(inv(byRequest.action.invite).link, approval.link);
  assert.deepEqual(log.users.map((u) => u.id).sort(), [owner.id, admin.id, joiner.id, requester].sort());

  // the admin sees its own link whole and the owner's cut; an admin without invite rights sees both cut
  const asAdmin = await adminLog(h, chat, admin);
  const linkOf = (e: ChannelAdminLogEvent) =>
    e.action._ === 'channelAdminLogEventActionParticipantJoinByInvite' || e.action._ === 'channelAdminLogEventActionParticipantJoinByRequest'
      ? inv(e.action.invite).link
      : '';
  assert.deepEqual(asAdmin.events.map(linkOf), [`https://t.me/+${hashOf(approval.link).slice(0, 4)}...`, open.link]);
  const asPlain = await adminLog(h, chat, plainAdmin);
  assert.ok(asPlain.events.map(linkOf).every((l) => l.endsWith('...')));
});

test('broadcast channels log joins too; basic groups have no log', async () => {
  const { h, owner, joiner, chat, exportAs } = await setup('broadcast');
  const link = await exportAs(owner);
  await h.call('messages.importChatInvite', { hash: hashOf(link.link) }, { as: joiner });
  assert.deepEqual(actions((await adminLog(h, chat, owner)).events), ['ParticipantJoinByInvite']);
  const group = h.world.seed.createChat({ creator: owner, title: 'Basic' });
  const gl = inv(await h.call('messages.exportChatInvite', { peer: inputPeer(group) }, { as: owner }));
  await h.call('messages.editExportedChatInvite', { peer: inputPeer(group), link: gl.link, revoked: true }, { as: owner });
  await h.call('messages.importChatInvite', { hash: [...group.links.values()].find((l) => !l.revoked)!.hash }, { as: joiner });
  assert.equal(group.adminLog, undefined);
});

test('access: admins only; documented errors for non-admins, outsiders, bad channels and bots', async () => {
  const { h, s, owner, plainAdmin, member, outsider, chat } = await setup();
  assert.equal((await adminLog(h, chat, plainAdmin)).events.length, 0);
  await assert.rejects(adminLog(h, chat, member), err('CHAT_ADMIN_REQUIRED', 403));
  await assert.rejects(adminLog(h, chat, outsider), err('CHANNEL_PRIVATE', 406));
  const bad = { _: 'inputChannel' as const, channelId: chat.id, accessHash: chat.accessHash + 1n };
  await assert.rejects(h.call('channels.getAdminLog', { channel: bad, q: '', maxId: 0n, minId: 0n, limit: 10 }, { as: owner }), err('CHANNEL_INVALID'));
  await assert.rejects(h.call('channels.getAdminLog', { channel: { _: 'inputChannelEmpty' }, q: '', maxId: 0n, minId: 0n, limit: 10 }, { as: owner }), err('CHANNEL_INVALID'));
  const bot = s.createUser({ firstName: 'Bot', bot: true });
  s.makeAdmin(chat, bot);
  await assert.rejects(adminLog(h, chat, bot), err('BOT_METHOD_INVALID'));
  // a public channel is visible to outsiders: the missing right is the admin one
  const pub = s.createChannel({ creator: owner, title: 'Pub', username: 'pub_log_chan' });
  await assert.rejects(adminLog(h, pub, outsider), err('CHAT_ADMIN_REQUIRED', 403));
  // a demoted admin loses access
  chat.admins.delete(plainAdmin.id);
  await assert.rejects(adminLog(h, chat, plainAdmin), err('CHAT_ADMIN_REQUIRED', 403));
});

test('events_filter, admins and q select events', async () => {
  const { h, owner, admin, joiner, chat, peer, exportAs } = await setup();
  const a = await exportAs(admin, { title: 'Spring Sale' });
  const b = await exportAs(owner, { title: 'Winter' });
  await h.call('messages.importChatInvite', { hash: hashOf(a.link) }, { as: joiner }); // 1 join (joiner)
  await h.call('messages.editExportedChatInvite', { peer, link: a.link, title: 'Summer Sale' }, { as: admin }); // 2 edit (admin)
  await h.call('messages.editExportedChatInvite', { peer, link: b.link, revoked: true }, { as: owner }); // 3 revoke (owner)
  const filter = (f: Omit<ChannelAdminLogEventsFilter, '_'>): LogQuery => ({ eventsFilter: { _: 'channelAdminLogEventsFilter', ...f } });

  assert.deepEqual(ids((await adminLog(h, chat, owner)).events), [3n, 2n, 1n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, filter({ invites: true }))).events), [3n, 2n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, filter({ join: true }))).events), [1n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, filter({ join: true, invites: true }))).events), [3n, 2n, 1n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, filter({ ban: true, pinned: true }))).events), [], 'categories the world never records');

  assert.deepEqual(ids((await adminLog(h, chat, owner, { admins: [inputUser(admin)] })).events), [2n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { admins: [inputUser(admin), { _: 'inputUserSelf' }] })).events), [3n, 2n]);
  const r = await adminLog(h, chat, owner, { admins: [inputUser(joiner)], ...filter({ invites: true }) });
  assert.deepEqual(r.events, [], 'filters combine');
  assert.deepEqual(ids((await adminLog(h, chat, owner, { admins: [] })).events), [3n, 2n, 1n], 'an empty admins vector is no filter');
  assert.deepEqual(ids((await adminLog(h, chat, owner, { admins: [{ _: 'inputUser', userId: 1, accessHash: 1n }] })).events), [], 'unknown users match nothing');

  // q: link title (either side of an edit) or link text, case-insensitive
  assert.deepEqual(ids((await adminLog(h, chat, owner, { q: 'sale' })).events), [2n, 1n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { q: 'SPRING' })).events), [2n, 1n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { q: 'summer' })).events), [2n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { q: hashOf(b.link) })).events), [3n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { q: '  ' })).events), [3n, 2n, 1n], 'a blank query matches all');
  assert.deepEqual(ids((await adminLog(h, chat, owner, { q: 'nothing like it' })).events), []);
  // the admin sees the owner's link cut: its hash does not match there
  assert.deepEqual(ids((await adminLog(h, chat, admin, { q: hashOf(b.link) })).events), []);
});

test('max_id / min_id / limit paging, newest first; limit clamped to 1..100', async () => {
  const { h, owner, admin, chat, peer, exportAs } = await setup();
  const link = await exportAs(admin);
  for (let i = 0; i < 105; i++) await h.call('messages.editExportedChatInvite', { peer, link: link.link, title: `t${i}` }, { as: admin });
  const all = await adminLog(h, chat, owner, { limit: 1000 });
  assert.equal(all.events.length, 100);
  assert.equal(all.events[0]!.id, 105n);
  assert.equal(all.events[99]!.id, 6n);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { limit: 0 })).events), [105n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { limit: -5 })).events), [105n]);
  // walk the log in pages of 40 with max_id = last id seen
  const seen: bigint[] = [];
  let maxId = 0n;
  for (let page = 0; page < 10; page++) {
    const r = await adminLog(h, chat, owner, { maxId, limit: 40 });
    if (r.events.length === 0) break;
    seen.push(...ids(r.events));
    maxId = r.events[r.events.length - 1]!.id;
  }
  assert.deepEqual(seen, Array.from({ length: 105 }, (_, i) => BigInt(105 - i)));
  // exclusive bounds on both sides
  assert.deepEqual(ids((await adminLog(h, chat, owner, { maxId: 10n, minId: 6n })).events), [9n, 8n, 7n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { minId: 103n })).events), [105n, 104n]);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { maxId: 1n })).events), []);
  assert.deepEqual(ids((await adminLog(h, chat, owner, { maxId: 50n, minId: 49n })).events), []);
});

test('the log keeps the newest adminLogMax events per channel', async () => {
  const h = await harness({ switches: { adminLogMax: 5 } });
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'O' });
  const chat = s.createChannel({ creator: owner, title: 'Small', megagroup: true });
  const peer = inputPeer(chat);
  const link = inv(await h.call('messages.exportChatInvite', { peer }, { as: owner }));
  for (let i = 0; i < 8; i++) await h.call('messages.editExportedChatInvite', { peer, link: link.link, title: `n${i}` }, { as: owner });
  assert.deepEqual(ids((await adminLog(h, chat, owner)).events), [8n, 7n, 6n, 5n, 4n]);
  await h.call('messages.editExportedChatInvite', { peer, link: link.link, revoked: true }, { as: owner });
  const after = await adminLog(h, chat, owner);
  assert.deepEqual(ids(after.events), [9n, 8n, 7n, 6n, 5n], 'ids keep increasing after old events are dropped');
  assert.equal(after.events[0]!.action._, 'channelAdminLogEventActionExportedInviteRevoke');
});

test('events survive a server restart with dataDir; older snapshots without a log still load', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgts-adminlog-'));
  const authKey = new Uint8Array(randomBytes(256));
  /** A signed-in Client of `userId` on `server` (the key is registered once and persisted with the server). */
  const connect = async (server: TestServer, userId: number) => {
    const o = server.clientOptions();
    const client = new Client({
      apiId: 1,
      apiHash: 'tgts-test',
      dc: o.dc,
      dcs: o.dcs,
      publicKeys: o.publicKeys,
      testServers: o.testServers,
      session: new MemorySession({ version: 1, dcId: o.dcId, dcs: { [o.dcId]: { host: o.host, port: o.port, authKey } }, user: { id: userId, bot: false } }),
      requestTimeout: 10_000,
    });
    await client.connect();
    return client;
  };
  const query = (chat: ChatRecord) =>
    ({ _: 'channels.getAdminLog', channel: inputChannel(chat), q: '', maxId: 0n, minId: 0n, limit: 100 }) as const;
  try {
    let chatId: number;
    let before: ChannelAdminLogEvent[];
    let ownerId: number;
    {
      const s1 = await TestServer.start({ dataDir: dir, wsPort: false });
      const seed = s1.world!.seed;
      const owner = seed.createUser({ firstName: 'Keeper' });
      ownerId = owner.id;
      const chat = seed.createChannel({ creator: owner, title: 'Kept', megagroup: true });
      chatId = chat.id;
      s1.importAuthKey(authKey, { userId: owner.id });
      const c = await connect(s1, owner.id);
      try {
        const link = inv(await c.invoke({ _: 'messages.exportChatInvite', peer: inputPeer(chat), title: 'Keep me' }));
        await c.invoke({ _: 'messages.editExportedChatInvite', peer: inputPeer(chat), link: link.link, title: 'Kept title' });
        await c.invoke({ _: 'messages.editExportedChatInvite', peer: inputPeer(chat), link: link.link, revoked: true });
        before = (await c.invoke(query(chat))).events;
        assert.deepEqual(actions(before), ['ExportedInviteRevoke', 'ExportedInviteEdit']);
      } finally {
        await c.close();
        await s1.close();
      }
    }
    {
      const s2 = await TestServer.start({ dataDir: dir, wsPort: false });
      const chat = s2.world!.chats.get(chatId)!;
      const c = await connect(s2, ownerId);
      try {
        assert.deepEqual((await c.invoke(query(chat))).events, before);
        // the next event continues the id sequence
        const fresh = inv(await c.invoke({ _: 'messages.exportChatInvite', peer: inputPeer(chat) }));
        await c.invoke({ _: 'messages.editExportedChatInvite', peer: inputPeer(chat), link: fresh.link, revoked: true });
        assert.deepEqual(ids((await c.invoke(query(chat))).events), [3n, 2n, 1n]);
      } finally {
        await c.close();
        await s2.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('snapshots: a chat without adminLog loads with an empty log; a malformed log is a clear error', () => {
  const w = new World({ now: () => 1_700_000_000 });
  const owner = w.seed.createUser({ firstName: 'O' });
  const chat = w.seed.createChannel({ creator: owner, title: 'C', megagroup: true });
  chat.adminLog = [
    { id: 1n, date: 1, userId: owner.id, action: { kind: 'inviteRevoke', invite: { ...[...chat.links.values()][0]!, revoked: true } } },
  ];
  const snap = w.snapshot();
  const again = World.fromSnapshot(structuredClone(snap));
  assert.deepEqual(again.chats.get(chat.id)?.adminLog, chat.adminLog);
  // written before the log existed
  const old = structuredClone(snap);
  for (const c of old.chats) delete (c as Record<string, unknown>).adminLog;
  assert.equal(World.fromSnapshot(old).chats.get(chat.id)?.adminLog, undefined);
  const broken = (mutate: (log: Record<string, unknown>[]) => void) => {
    const s = structuredClone(snap);
    const c = s.chats[0] as { adminLog: Record<string, unknown>[] };
    mutate(c.adminLog);
    return () => World.fromSnapshot(s);
  };
  const fieldIs = (field: string) => (e: unknown) => e instanceof BadArgumentError && e.message.includes(field);
  assert.throws(broken((l) => l.push({ ...l[0]! })), fieldIs('snapshot.chats.0.adminLog.1.id'));
  assert.throws(broken((l) => ((l[0]!.action as Record<string, unknown>).kind = 'boom')), fieldIs('snapshot.chats.0.adminLog.0.action.kind'));
  assert.throws(broken((l) => delete (l[0]!.action as Record<string, unknown>).invite), fieldIs('snapshot.chats.0.adminLog.0.action.invite'));
  assert.throws(broken((l) => (l[0]!.userId = 'x')), fieldIs('snapshot.chats.0.adminLog.0'));
  const notArray = structuredClone(snap);
  (notArray.chats[0] as Record<string, unknown>).adminLog = { nope: true };
  assert.throws(() => World.fromSnapshot(notArray), fieldIs('snapshot.chats.0.adminLog'));
});
