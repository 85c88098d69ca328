// Spec §3–§8: listing, reading, editing, revoking and deleting links; admin link counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { err, harness, hashOf, exported } from './invite-helpers.js';
import { inputPeer, inputUser } from '../../src/testing/world/seed.js';
import type { ExportedChatInvite } from '../../src/tl/index.js';

async function setup() {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'Owner' });
  const admin = s.createUser({ firstName: 'Admin' });
  const admin2 = s.createUser({ firstName: 'Admin2' });
  const member = s.createUser({ firstName: 'Member' });
  const bot = s.createUser({ firstName: 'Bot', bot: true });
  const chat = s.createChannel({ creator: owner, title: 'Group', megagroup: true, members: [member] });
  s.makeAdmin(chat, admin, ['inviteUsers']);
  s.makeAdmin(chat, admin2, ['inviteUsers']);
  s.makeAdmin(chat, bot, ['inviteUsers']);
  const peer = inputPeer(chat);
  const exportAs = async (as: typeof owner, extra: Record<string, unknown> = {}) =>
    exported(await h.call('messages.exportChatInvite', { peer, ...extra }, { as }));
  return { h, owner, admin, admin2, member, bot, chat, peer, exportAs };
}

test('§3 getExportedChatInvites: permanent first, date desc, pagination, revoked split, lazy primary link', async () => {
  const { h, admin, peer, chat, exportAs } = await setup();
  assert.equal([...chat.links.values()].some((l) => l.adminId === admin.id), false);
  const a = await exportAs(admin);
  h.time += 10;
  const b = await exportAs(admin);
  h.time += 10;
  const c = await exportAs(admin, { expireDate: h.time + 5 });
  h.time += 100; // c is now expired but still listed
  const list = await h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 10 }, { as: admin });
  assert.equal(list.count, 4);
  const links = list.invites.map((i) => exported(i));
  assert.equal(links[0]?.permanent, true, 'lazy primary link comes first');
  assert.deepEqual(links.slice(1).map((l) => l.link), [c.link, b.link, a.link]);
  assert.deepEqual(list.users.map((u) => u.id), [admin.id]);
  // page after b
  const page = await h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 10, offsetDate: b.date, offsetLink: b.link }, { as: admin });
  assert.deepEqual(page.invites.map((i) => exported(i).link), [a.link]);
  assert.equal(page.count, 4);
  // limit clamp (0 → 1)
  const one = await h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 0 }, { as: admin });
  assert.equal(one.invites.length, 1);
  // revoke b, list revoked
  await h.call('messages.editExportedChatInvite', { peer, link: b.link, revoked: true }, { as: admin });
  const revoked = await h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 10, revoked: true }, { as: admin });
  assert.deepEqual(revoked.invites.map((i) => exported(i).link), [b.link]);
});

test('§3 admin_id rules: others need the creator; unknown or never-admin → ADMIN_ID_INVALID', async () => {
  const { h, owner, admin, admin2, member, peer, exportAs } = await setup();
  await exportAs(admin2);
  await assert.rejects(h.call('messages.getExportedChatInvites', { peer, adminId: inputUser(admin2), limit: 5 }, { as: admin }), err('CHAT_ADMIN_REQUIRED'));
  const list = await h.call('messages.getExportedChatInvites', { peer, adminId: inputUser(admin2), limit: 5 }, { as: owner });
  assert.equal(list.count, 1);
  await assert.rejects(h.call('messages.getExportedChatInvites', { peer, adminId: inputUser(member), limit: 5 }, { as: owner }), err('ADMIN_ID_INVALID'));
  await assert.rejects(h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserEmpty' }, limit: 5 }, { as: owner }), err('ADMIN_ID_INVALID'));
  await assert.rejects(
    h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUser', userId: 1, accessHash: 1n }, limit: 5 }, { as: owner }),
    err('ADMIN_ID_INVALID'),
  );
});

test('§1.3 user-only methods refuse bots with BOT_METHOD_INVALID', async () => {
  const { h, bot, peer } = await setup();
  await assert.rejects(h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 5 }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.getExportedChatInvite', { peer, link: 'x' }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.deleteExportedChatInvite', { peer, link: 'x' }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.deleteRevokedExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' } }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.getAdminsWithInvites', { peer }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.getChatInviteImporters', { peer, offsetDate: 0, offsetUser: { _: 'inputUserEmpty' }, limit: 5 }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.checkChatInvite', { hash: 'abc' }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.importChatInvite', { hash: 'abc' }, { as: bot }), err('BOT_METHOD_INVALID'));
  await assert.rejects(h.call('messages.hideAllChatJoinRequests', { peer }, { as: bot }), err('BOT_METHOD_INVALID'));
});

test('§1.5 §4 getExportedChatInvite accepts every link form; unknown or case-changed hash → INVITE_HASH_EXPIRED', async () => {
  const { h, admin, owner, admin2, peer, exportAs } = await setup();
  const inv = await exportAs(admin);
  const hash = hashOf(inv.link);
  for (const form of [inv.link, `t.me/+${hash}`, `https://t.me/joinchat/${hash}`, `https://telegram.me/+${hash}`, `telegram.dog/joinchat/${hash}`, hash]) {
    const got = await h.call('messages.getExportedChatInvite', { peer, link: form }, { as: admin });
    assert.equal(exported(got.invite).link, inv.link, form);
    assert.equal(got._, 'messages.exportedChatInvite');
  }
  const swapped = hash.replace(/[a-z]/, (c) => c.toUpperCase()) === hash ? hash.replace(/[A-Z]/, (c) => c.toLowerCase()) : hash.replace(/[a-z]/, (c) => c.toUpperCase());
  if (swapped !== hash) await assert.rejects(h.call('messages.getExportedChatInvite', { peer, link: swapped }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  await assert.rejects(h.call('messages.getExportedChatInvite', { peer, link: 'https://t.me/+nope' }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  await assert.rejects(h.call('messages.getExportedChatInvite', { peer, link: inv.link }, { as: admin2 }), err('CHAT_ADMIN_REQUIRED'));
  const byOwner = await h.call('messages.getExportedChatInvite', { peer, link: inv.link }, { as: owner });
  assert.equal(exported(byOwner.invite).adminId, admin.id);
  // revoked links are still readable
  await h.call('messages.editExportedChatInvite', { peer, link: inv.link, revoked: true }, { as: admin });
  const rev = await h.call('messages.getExportedChatInvite', { peer, link: inv.link }, { as: admin });
  assert.equal(exported(rev.invite).revoked, true);
});

test('§5 revoke: plain link → exportedChatInvite; permanent → Replaced with a new primary for the same admin', async () => {
  const { h, owner, admin, peer, chat, exportAs } = await setup();
  const plain = await exportAs(admin);
  const r1 = await h.call('messages.editExportedChatInvite', { peer, link: plain.link, revoked: true, usageLimit: 5 }, { as: admin });
  assert.equal(r1._, 'messages.exportedChatInvite');
  assert.equal(exported(r1.invite).revoked, true);
  assert.equal(exported(r1.invite).usageLimit, undefined, 'other fields ignored on revoke');
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: plain.link, revoked: true }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: plain.link, title: 'x' }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  // owner revokes the admin's primary link → replaced for the admin
  await h.call('messages.getExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' }, limit: 1 }, { as: admin });
  const primary = [...chat.links.values()].find((l) => l.adminId === admin.id && l.permanent && !l.revoked)!;
  const r2 = await h.call('messages.editExportedChatInvite', { peer, link: primary.hash, revoked: true }, { as: owner });
  assert.equal(r2._, 'messages.exportedChatInviteReplaced');
  if (r2._ !== 'messages.exportedChatInviteReplaced') return;
  assert.equal(exported(r2.invite).revoked, true);
  const fresh = exported(r2.newInvite);
  assert.equal(fresh.permanent, true);
  assert.equal(fresh.adminId, admin.id);
  assert.equal([...chat.links.values()].filter((l) => l.adminId === admin.id && l.permanent && !l.revoked).length, 1);
  void owner;
});

test('§5 edit rules: permanent, limits, approval, title, expiry, start_date', async () => {
  const { h, owner, peer, chat, exportAs } = await setup();
  const primary = [...chat.links.values()].find((l) => l.permanent)!;
  for (const extra of [{ expireDate: h.time + 10 }, { usageLimit: 3 }, { title: 'x' }, { requestNeeded: true }]) {
    await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: primary.hash, ...extra }, { as: owner }), err('CHAT_INVITE_PERMANENT'));
  }
  const inv = await exportAs(owner, { usageLimit: 10 });
  const link = inv.link;
  h.time += 5;
  const e1 = exported((await h.call('messages.editExportedChatInvite', { peer, link, expireDate: h.time - 1, title: 'y'.repeat(50) }, { as: owner })).invite);
  assert.equal(e1.expireDate, h.time - 1, 'past date stored as is');
  assert.equal(e1.title, 'y'.repeat(32));
  assert.equal(e1.startDate, h.time);
  assert.equal(e1.usageLimit, 10);
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link, usageLimit: 100000 }, { as: owner }), err('USAGE_LIMIT_INVALID'));
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link, usageLimit: 5, requestNeeded: true }, { as: owner }), err('USAGE_LIMIT_INVALID'));
  const e2 = exported((await h.call('messages.editExportedChatInvite', { peer, link, requestNeeded: true, expireDate: 0, title: '' }, { as: owner })).invite);
  assert.equal(e2.requestNeeded, true);
  assert.equal(e2.usageLimit, undefined, 'approval clears the limit');
  assert.equal(e2.expireDate, undefined);
  assert.equal(e2.title, undefined);
  const e3 = exported((await h.call('messages.editExportedChatInvite', { peer, link, usageLimit: 7 }, { as: owner })).invite);
  assert.equal(e3.usageLimit, 7);
  assert.equal(e3.requestNeeded, false, 'a limit alone clears approval'); // absent flag decodes as false
  const e4 = exported((await h.call('messages.editExportedChatInvite', { peer, link, usageLimit: 0, requestNeeded: false }, { as: owner })).invite);
  assert.equal(e4.usageLimit, undefined);
});

test('§5 subscription links only change their title; bot links refuse user edits; other admins need the creator', async () => {
  const h = await harness();
  const s = h.world.seed;
  const owner = s.createUser({ firstName: 'O' });
  const admin = s.createUser({ firstName: 'A' });
  const bot = s.createUser({ firstName: 'B', bot: true });
  const ch = s.createChannel({ creator: owner, title: 'C' });
  s.makeAdmin(ch, admin, ['inviteUsers']);
  s.makeAdmin(ch, bot, ['inviteUsers']);
  const peer = inputPeer(ch);
  const paid = exported(
    await h.call('messages.exportChatInvite', { peer, subscriptionPricing: { _: 'starsSubscriptionPricing', period: 2592000, amount: 50n } }, { as: owner }),
  );
  const edited = exported((await h.call('messages.editExportedChatInvite', { peer, link: paid.link, title: 'Paid', usageLimit: 5, requestNeeded: true }, { as: owner })).invite);
  assert.equal(edited.title, 'Paid');
  assert.equal(edited.usageLimit, undefined);
  assert.equal(edited.requestNeeded, false); // absent flag decodes as false
  const byBot = exported(await h.call('messages.exportChatInvite', { peer }, { as: bot }));
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: byBot.link, title: 'x' }, { as: owner }), err('EDIT_BOT_INVITE_FORBIDDEN', 403));
  const edByBot = exported((await h.call('messages.editExportedChatInvite', { peer, link: byBot.link, title: 'mine' }, { as: bot })).invite);
  assert.equal(edByBot.title, 'mine');
  const ownerLink = exported(await h.call('messages.exportChatInvite', { peer }, { as: owner }));
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: ownerLink.link, title: 'x' }, { as: admin }), err('CHAT_ADMIN_REQUIRED'));
  await assert.rejects(h.call('messages.editExportedChatInvite', { peer, link: 'missing', title: 'x' }, { as: admin }), err('INVITE_HASH_EXPIRED'));
});

test('§6 §7 delete: only revoked links, importer history goes; deleteRevoked clears all revoked of one admin', async () => {
  const { h, owner, admin, admin2, member, peer, chat, exportAs } = await setup();
  const a = await exportAs(admin);
  const b = await exportAs(admin);
  await assert.rejects(h.call('messages.deleteExportedChatInvite', { peer, link: a.link }, { as: admin }), err('INVITE_REVOKED_MISSING'));
  await assert.rejects(h.call('messages.deleteExportedChatInvite', { peer, link: 'unknown' }, { as: admin }), err('INVITE_HASH_EXPIRED'));
  chat.importers.push({ userId: member.id, date: h.time, hash: hashOf(a.link) });
  await h.call('messages.editExportedChatInvite', { peer, link: a.link, revoked: true }, { as: admin });
  await assert.rejects(h.call('messages.deleteExportedChatInvite', { peer, link: a.link }, { as: admin2 }), err('CHAT_ADMIN_REQUIRED'));
  assert.equal(await h.call('messages.deleteExportedChatInvite', { peer, link: a.link }, { as: admin }), true);
  assert.equal(chat.links.has(hashOf(a.link)), false);
  assert.equal(chat.importers.length, 0);
  await h.call('messages.editExportedChatInvite', { peer, link: b.link, revoked: true }, { as: admin });
  await assert.rejects(h.call('messages.deleteRevokedExportedChatInvites', { peer, adminId: inputUser(admin) }, { as: admin2 }), err('CHAT_ADMIN_REQUIRED'));
  assert.equal(await h.call('messages.deleteRevokedExportedChatInvites', { peer, adminId: inputUser(admin) }, { as: owner }), true);
  assert.equal([...chat.links.values()].filter((l) => l.adminId === admin.id && l.revoked).length, 0);
  assert.equal(await h.call('messages.deleteRevokedExportedChatInvites', { peer, adminId: { _: 'inputUserSelf' } }, { as: admin }), true, 'nothing to delete is fine');
  await assert.rejects(h.call('messages.deleteRevokedExportedChatInvites', { peer, adminId: inputUser(member) }, { as: owner }), err('ADMIN_ID_INVALID'));
});

test('§8 getAdminsWithInvites: creator only; caller first, then by invites_count', async () => {
  const { h, owner, admin, admin2, peer, exportAs } = await setup();
  await exportAs(admin2);
  await exportAs(admin2);
  const r = await exportAs(admin);
  await h.call('messages.editExportedChatInvite', { peer, link: r.link, revoked: true }, { as: admin });
  await assert.rejects(h.call('messages.getAdminsWithInvites', { peer }, { as: admin }), err('CHAT_ADMIN_REQUIRED'));
  const res = await h.call('messages.getAdminsWithInvites', { peer }, { as: owner });
  assert.deepEqual(
    res.admins.map((a) => [a.adminId, a.invitesCount, a.revokedInvitesCount]),
    [
      [owner.id, 1, 0],
      [admin2.id, 2, 0],
      [admin.id, 0, 1],
    ],
  );
  assert.equal(res.users.length, 3);
});
