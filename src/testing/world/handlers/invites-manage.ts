/**
 * Link management (spec §2–§8): exportChatInvite, getExportedChatInvites, getExportedChatInvite,
 * editExportedChatInvite, deleteExportedChatInvite, deleteRevokedExportedChatInvites, getAdminsWithInvites.
 */
import type { HandlerRegistry } from '../../context.js';
import type { ChatAdminWithInvites } from '../../../tl/index.js';
import type { Result } from './common.js';
import { isCreator, requireHuman, requireUser, resolveManagedPeer } from '../access.js';
import { linkSnapshot, logAdminEvent } from '../admin-log.js';
import { fail } from '../errors.js';
import { INFERRED_BEHAVIOUR } from '../invite-rules.js';
import { createLink, ensurePrimaryLink, parseLinkArg, primaryLink } from '../links.js';
import { refreshExpiredCounters } from '../subscriptions.js';
import type { ChatRecord, LinkRecord } from '../types.js';
import { inviteView } from '../views/invite.js';
import { usersView } from '../views/user.js';
import type { World } from '../world.js';
import { clampLimit, cutTitle, lookupManagedLink, resolveAdminId } from './common.js';

/** Sort order of §3: permanent first, then date descending, then link descending. */
function compareLinks(a: Pick<LinkRecord, 'permanent' | 'date' | 'hash'>, b: Pick<LinkRecord, 'permanent' | 'date' | 'hash'>): number {
  if (INFERRED_BEHAVIOUR.permanentFirst && a.permanent !== b.permanent) return a.permanent ? -1 : 1;
  if (a.date !== b.date) return b.date - a.date;
  return a.hash < b.hash ? 1 : a.hash > b.hash ? -1 : 0;
}

/** Removes links and their importer history. */
function deleteLinks(chat: ChatRecord, hashes: string[]): void {
  const gone = new Set(hashes);
  for (const h of hashes) chat.links.delete(h);
  chat.importers = chat.importers.filter((i) => !gone.has(i.hash));
}

/** Installs the §2–§8 handlers. */
export function installInviteManagement(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.exportChatInvite', (req, ctx) => {
    const caller = requireUser(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const now = ctx.now();
    const legacy = req.legacyRevokePermanent === true;
    const sw = world.switches;
    // §2.2
    let expireDate: number | undefined;
    if (req.expireDate !== undefined && req.expireDate !== 0) {
      if (req.expireDate <= now || legacy) fail('expireInvalid');
      expireDate = req.expireDate;
    }
    // §2.3
    let usageLimit: number | undefined;
    if (req.usageLimit !== undefined && req.usageLimit !== 0) {
      if (req.usageLimit < 1 || req.usageLimit > sw.usageLimitMax) fail('usageLimitInvalid');
      if (legacy || req.requestNeeded === true) fail('usageLimitInvalid');
      usageLimit = req.usageLimit;
    }
    // §2.4
    let pricing: LinkRecord['subscriptionPricing'];
    if (req.subscriptionPricing !== undefined) {
      const { period, amount } = req.subscriptionPricing;
      const periods = world.testMode ? [sw.subscriptionPeriod, ...sw.testSubscriptionPeriods] : [sw.subscriptionPeriod];
      if (!periods.includes(period)) fail('periodInvalid');
      if (chat.kind !== 'channel' || !chat.broadcast || chat.username !== undefined) fail('pricingInvalid');
      if (amount < 1n || amount > BigInt(sw.starsSubscriptionAmountMax)) fail('pricingInvalid');
      if (expireDate !== undefined) fail('expireInvalid');
      if (usageLimit !== undefined) fail('usageLimitInvalid');
      if (req.requestNeeded === true || legacy) fail('pricingInvalid');
      pricing = { period, amount };
    }
    let link: LinkRecord;
    if (legacy) {
      // §2 state change: revoke the caller's primary link, make a new one; other links untouched.
      const old = primaryLink(chat, caller.id);
      if (old) {
        old.revoked = true;
        logAdminEvent(world, chat, caller.id, now, { kind: 'inviteRevoke', invite: linkSnapshot(old) });
      }
      link = createLink(world, chat, caller.id, now, { permanent: true });
    } else {
      const title = cutTitle(world, req.title);
      link = createLink(world, chat, caller.id, now, {
        ...(expireDate !== undefined ? { expireDate } : {}),
        ...(usageLimit !== undefined ? { usageLimit } : {}),
        ...(title !== undefined ? { title } : {}),
        ...(pricing !== undefined ? { subscriptionPricing: pricing } : {}),
        requestNeeded: req.requestNeeded === true,
      });
    }
    world.changed();
    return inviteView(link);
  });

  registry.handle('messages.getExportedChatInvites', (req, ctx): Result<'messages.getExportedChatInvites'> => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const admin = resolveAdminId(world, chat, caller, req.adminId);
    const revoked = req.revoked === true;
    if (admin.id === caller.id && !revoked && !primaryLink(chat, caller.id)) {
      ensurePrimaryLink(world, chat, caller.id, ctx.now());
      world.changed();
    }
    refreshExpiredCounters(chat, ctx.now());
    const all = [...chat.links.values()].filter((l) => l.adminId === admin.id && l.revoked === revoked).sort(compareLinks);
    let page = all;
    if (req.offsetDate !== undefined) {
      const hash = parseLinkArg(req.offsetLink ?? '');
      const key = { permanent: chat.links.get(hash)?.permanent ?? false, date: req.offsetDate, hash };
      page = all.filter((l) => compareLinks(l, key) > 0);
    }
    page = page.slice(0, clampLimit(world, req.limit));
    return {
      _: 'messages.exportedChatInvites',
      count: all.length,
      invites: page.map((l) => inviteView(l)),
      users: usersView(world.users, [admin.id], caller.id),
    };
  });

  registry.handle('messages.getExportedChatInvite', (req, ctx): Result<'messages.getExportedChatInvite'> => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const link = lookupManagedLink(chat, caller, req.link);
    refreshExpiredCounters(chat, ctx.now());
    return { _: 'messages.exportedChatInvite', invite: inviteView(link), users: usersView(world.users, [link.adminId], caller.id) };
  });

  registry.handle('messages.editExportedChatInvite', (req, ctx): Result<'messages.editExportedChatInvite'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const link = lookupManagedLink(chat, caller, req.link);
    if (link.byBot && !caller.bot) fail('editBotInvite');
    if (link.revoked) fail('linkUnknown');
    const now = ctx.now();
    refreshExpiredCounters(chat, now);
    const users = usersView(world.users, [link.adminId], caller.id);
    if (req.revoked === true) {
      // §5.4: revoke; a permanent link is replaced for the same admin.
      link.revoked = true;
      logAdminEvent(world, chat, caller.id, now, { kind: 'inviteRevoke', invite: linkSnapshot(link) });
      if (link.permanent) {
        const fresh = createLink(world, chat, link.adminId, now, { permanent: true });
        world.changed();
        return { _: 'messages.exportedChatInviteReplaced', invite: inviteView(link), newInvite: inviteView(fresh), users };
      }
      world.changed();
      return { _: 'messages.exportedChatInvite', invite: inviteView(link), users };
    }
    // §5.5: validate everything first, then apply.
    if (link.permanent) {
      if (req.expireDate !== undefined || req.usageLimit !== undefined || req.title !== undefined || req.requestNeeded !== undefined) {
        fail('permanentEdit');
      }
      return { _: 'messages.exportedChatInvite', invite: inviteView(link), users };
    }
    const title = req.title === undefined ? undefined : (cutTitle(world, req.title) ?? '');
    const prev = linkSnapshot(link);
    // Applies the title (empty clears it), stamps the edit and answers: the end of every successful edit.
    const finishEdit = () => {
      if (title !== undefined) {
        if (title === '') delete link.title;
        else link.title = title;
      }
      link.startDate = now;
      logAdminEvent(world, chat, caller.id, now, { kind: 'inviteEdit', prev, next: linkSnapshot(link) });
      world.changed();
      return { _: 'messages.exportedChatInvite' as const, invite: inviteView(link), users };
    };
    if (link.subscriptionPricing) return finishEdit();
    const limit = req.usageLimit;
    if (limit !== undefined && limit !== 0 && (limit < 1 || limit > world.switches.usageLimitMax)) fail('usageLimitInvalid');
    if (limit !== undefined && limit !== 0 && req.requestNeeded === true) fail('usageLimitInvalid');
    if (req.expireDate !== undefined) {
      if (req.expireDate === 0) delete link.expireDate;
      else link.expireDate = req.expireDate;
    }
    if (limit !== undefined) {
      if (limit === 0) delete link.usageLimit;
      else {
        link.usageLimit = limit;
        link.requestNeeded = false;
      }
    }
    if (req.requestNeeded === true) {
      link.requestNeeded = true;
      delete link.usageLimit;
    } else if (req.requestNeeded === false) {
      link.requestNeeded = false;
    }
    return finishEdit();
  });

  registry.handle('messages.deleteExportedChatInvite', (req, ctx) => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const link = lookupManagedLink(chat, caller, req.link);
    if (!link.revoked) fail('notRevoked');
    const now = ctx.now();
    refreshExpiredCounters(chat, now);
    logAdminEvent(world, chat, caller.id, now, { kind: 'inviteDelete', invite: linkSnapshot(link) });
    deleteLinks(chat, [link.hash]);
    world.changed();
    return true;
  });

  registry.handle('messages.deleteRevokedExportedChatInvites', (req, ctx) => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const admin = resolveAdminId(world, chat, caller, req.adminId);
    const hashes = [...chat.links.values()].filter((l) => l.adminId === admin.id && l.revoked).map((l) => l.hash);
    if (hashes.length > 0) {
      deleteLinks(chat, hashes);
      world.changed();
    }
    return true;
  });

  registry.handle('messages.getAdminsWithInvites', (req, ctx): Result<'messages.getAdminsWithInvites'> => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    if (!isCreator(chat, caller.id)) fail('adminRequired');
    const counts = new Map<number, { active: number; revoked: number }>();
    for (const link of chat.links.values()) {
      const c = counts.get(link.adminId) ?? { active: 0, revoked: 0 };
      if (link.revoked) c.revoked++;
      else c.active++;
      counts.set(link.adminId, c);
    }
    const admins: ChatAdminWithInvites[] = [...counts].map(([adminId, c]) => ({
      _: 'chatAdminWithInvites',
      adminId,
      invitesCount: c.active,
      revokedInvitesCount: c.revoked,
    }));
    admins.sort((a, b) => {
      if (INFERRED_BEHAVIOUR.callerFirstInAdminCounts && (a.adminId === caller.id) !== (b.adminId === caller.id)) {
        return a.adminId === caller.id ? -1 : 1;
      }
      return b.invitesCount - a.invitesCount || a.adminId - b.adminId;
    });
    return {
      _: 'messages.chatAdminsWithInvites',
      admins,
      users: usersView(
        world.users,
        admins.map((a) => a.adminId),
        caller.id,
      ),
    };
  });
}
