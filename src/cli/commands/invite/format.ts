/** Human-readable output of invite links and importers. */
import type { ChatInviteImporter, ExportedChatInvite, User } from '../../../tl/index.js';
import { formatDate, formatTable } from '../../table.js';

function flagsOf(i: Extract<ExportedChatInvite, { _: 'chatInviteExported' }>): string {
  const f: string[] = [];
  if (i.permanent) f.push('permanent');
  if (i.revoked) f.push('revoked');
  if (i.requestNeeded) f.push('request-needed');
  if (i.expireDate && !i.revoked && i.expireDate * 1000 < Date.now()) f.push('expired');
  return f.join(',');
}

/** Table of invite links: link, title, usage/limit, pending requests, expiry, flags, admin. */
export function formatInvites(invites: readonly ExportedChatInvite[]): string {
  const rows = invites.map((i) => {
    if (i._ !== 'chatInviteExported') return ['(public join requests)', '', '', '', '', '', ''];
    const usage = `${i.usage ?? 0}/${i.usageLimit ?? '∞'}`;
    return [i.link, i.title ?? '', usage, String(i.requested ?? 0), formatDate(i.expireDate) || 'never', flagsOf(i), String(i.adminId)];
  });
  return formatTable(['LINK', 'TITLE', 'USED/LIMIT', 'REQUESTS', 'EXPIRES', 'FLAGS', 'ADMIN'], rows);
}

function userName(users: readonly User[], id: number): string {
  const u = users.find((x) => x.id === id);
  if (!u || u._ !== 'user') return '';
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
  return u.username ? `${name} @${u.username}` : name;
}

/** Table of people who joined (or asked to join) through links. */
export function formatImporters(importers: readonly ChatInviteImporter[], users: readonly User[]): string {
  const rows = importers.map((i) => [
    String(i.userId),
    userName(users, i.userId),
    formatDate(i.date),
    i.requested ? 'requested' : 'joined',
    i.approvedBy ? String(i.approvedBy) : '',
    i.about ?? '',
  ]);
  return formatTable(['USER', 'NAME', 'DATE', 'STATUS', 'APPROVED BY', 'ABOUT'], rows);
}
