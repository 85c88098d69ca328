/**
 * `iterInviteImporters(ctx, chat, options)`: who joined through a link, or the chat's pending join
 * requests (`messages.getChatInviteImporters`, spec `invite-links.md` §9), newest first. Each page
 * continues strictly after the last item's (`date`, `user`); users are keyed by id, so none repeats.
 * @module
 */
import type { ChatInviteImporter, InputUser, MessagesChatInviteImporters, User } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';

/** Options of {@link iterInviteImporters}. */
export interface InviteImportersOptions extends InvokeOptions {
  /** Only this link (a `t.me/+…` URL or its hash); required to list joins, optional for requests. */
  link?: string;
  /** Pending join requests instead of users who joined. */
  requested?: boolean;
  /** With `requested` and no `link`: only requesters whose name or username starts with this. */
  q?: string;
  /** Stop after this many items. */
  limit?: number;
  /** Items per request (1–100, default 100). */
  pageSize?: number;
}

/** One importer or join request, with its user when the answer carried it. */
export interface ImporterItem {
  importer: ChatInviteImporter;
  user?: User;
}

/** The `InputUser` of a listed user: from the page's `users`, else the peer cache. */
async function inputUserOf(ctx: PeerContext, users: Map<number, User>, id: number): Promise<InputUser> {
  const user = users.get(id);
  if (user?._ === 'user' && user.accessHash !== undefined) return { _: 'inputUser', userId: id, accessHash: user.accessHash };
  return (await ctx.cache.inputUser(id)) ?? { _: 'inputUser', userId: id, accessHash: 0n };
}

/**
 * Iterates over the importers of a link, or the pending join requests of `chat`.
 *
 * @example
 * ```ts
 * for await (const { importer, user } of iterInviteImporters(ctx, group, { requested: true })) console.log(importer.userId, importer.about);
 * ```
 */
export async function* iterInviteImporters(ctx: PeerContext, chat: PeerInput, options: InviteImportersOptions = {}): AsyncGenerator<ImporterItem> {
  const peer = await resolvePeer(ctx, chat);
  const call = invokeOptionsOf(options);
  const total = options.limit ?? Infinity;
  const pageSize = Math.max(1, Math.min(100, options.pageSize ?? 100));
  const seen = new Set<number>();
  let offsetDate = 0;
  let offsetUser: InputUser = { _: 'inputUserEmpty' };
  let lastId: number | undefined;
  while (seen.size < total) {
    const page = (await ctx.invoke(
      {
        _: 'messages.getChatInviteImporters',
        ...(options.requested ? { requested: true } : {}),
        peer,
        ...(options.link !== undefined ? { link: options.link } : {}),
        ...(options.q !== undefined ? { q: options.q } : {}),
        offsetDate,
        offsetUser,
        limit: Math.min(pageSize, total - seen.size),
      },
      call,
    )) as MessagesChatInviteImporters;
    const users = new Map(page.users.map((u) => [u.id, u]));
    let last: ChatInviteImporter | undefined;
    for (const importer of page.importers) {
      last = importer;
      if (seen.has(importer.userId)) continue;
      seen.add(importer.userId);
      const user = users.get(importer.userId);
      yield { importer, ...(user ? { user } : {}) };
      if (seen.size >= total) return;
    }
    if (!last || seen.size >= page.count || (last.date === offsetDate && last.userId === lastId)) return;
    offsetDate = last.date;
    lastId = last.userId;
    offsetUser = await inputUserOf(ctx, users, last.userId);
  }
}
