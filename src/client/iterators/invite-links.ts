/**
 * `iterInviteLinks(ctx, chat, options)`: the invite links one admin made in a chat
 * (`messages.getExportedChatInvites`, spec `invite-links.md` §3): the permanent link first, then newest
 * first. Each page continues strictly after the last link's (`date`, `link`); links are keyed by their
 * URL, so none repeats when the list shifts between pages.
 * @module
 */
import type { ChatInviteExported, InputUser, MessagesExportedChatInvites } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { resolveUser } from '../peers/room.js';

/** Options of {@link iterInviteLinks}. */
export interface InviteLinksOptions extends InvokeOptions {
  /** Whose links (default: the caller's own; another admin's needs the creator). */
  admin?: PeerInput;
  /** Revoked links instead of active (and expired) ones. */
  revoked?: boolean;
  /** Stop after this many links. */
  limit?: number;
  /** Links per request (1–100, default 100). */
  pageSize?: number;
}

/**
 * Iterates over the invite links of `chat` made by one admin.
 *
 * @example
 * ```ts
 * for await (const link of iterInviteLinks(ctx, channel, { revoked: true })) console.log(link.link);
 * ```
 */
export async function* iterInviteLinks(ctx: PeerContext, chat: PeerInput, options: InviteLinksOptions = {}): AsyncGenerator<ChatInviteExported> {
  const peer = await resolvePeer(ctx, chat);
  const adminId: InputUser = options.admin === undefined ? { _: 'inputUserSelf' } : await resolveUser(ctx, options.admin);
  const call = invokeOptionsOf(options);
  const total = options.limit ?? Infinity;
  const pageSize = Math.max(1, Math.min(100, options.pageSize ?? 100));
  const seen = new Set<string>();
  let offset: { date: number; link: string } | undefined;
  while (seen.size < total) {
    const page = (await ctx.invoke(
      {
        _: 'messages.getExportedChatInvites',
        ...(options.revoked ? { revoked: true } : {}),
        peer,
        adminId,
        ...(offset ? { offsetDate: offset.date, offsetLink: offset.link } : {}),
        limit: Math.min(pageSize, total - seen.size),
      },
      call,
    )) as MessagesExportedChatInvites;
    let next: typeof offset;
    for (const invite of page.invites) {
      if (invite._ !== 'chatInviteExported') continue;
      next = { date: invite.date, link: invite.link };
      if (seen.has(invite.link)) continue;
      seen.add(invite.link);
      yield invite;
      if (seen.size >= total) return;
    }
    // the true end: an empty page, every link of `count` seen, or an offset that does not move
    if (!next || seen.size >= page.count || (offset && next.date === offset.date && next.link === offset.link)) return;
    offset = next;
  }
}
