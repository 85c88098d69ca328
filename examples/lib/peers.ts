/**
 * Small helpers for the objects Telegram returns: finding a channel in an `Updates`, turning it into
 * the `Input…` form methods take, and reading the hash out of an invite link.
 */
// Published package: `import { type Client, type tl } from 'tgts'`.
import type { Client, tl } from '../../src/index.js';

/** A channel as a client sees it (`channel` constructor, with this account's access hash). */
export type Channel = tl.Channel;

/** The channel `channelId` among the chats an `Updates` carries. */
export function channelIn(updates: tl.Updates, channelId?: number): Channel {
  const chats = 'chats' in updates ? updates.chats : [];
  const found = chats.find((c): c is Channel => c._ === 'channel' && (channelId === undefined || c.id === channelId));
  if (!found) throw new Error(`no channel ${channelId ?? ''} in ${updates._}`);
  return found;
}

/** `inputPeerChannel` of a channel (what `messages.*` methods take). */
export function peerOf(channel: Channel): tl.InputPeer {
  return { _: 'inputPeerChannel', channelId: channel.id, accessHash: channel.accessHash ?? 0n };
}

/** `inputChannel` of a channel (what `channels.*` methods take). */
export function inputChannelOf(channel: Channel): tl.InputChannel {
  return { _: 'inputChannel', channelId: channel.id, accessHash: channel.accessHash ?? 0n };
}

/** `inputUser` of a user object from any result's `users`. */
export function inputUserOf(user: tl.User): tl.InputUser {
  if (user._ !== 'user') throw new Error(`user ${user.id} is empty`);
  return { _: 'inputUser', userId: user.id, accessHash: user.accessHash ?? 0n };
}

/** `https://t.me/+AbC…` → `AbC…`, the hash `messages.checkChatInvite` / `importChatInvite` take. */
export function inviteHash(link: string): string {
  const match = /^https:\/\/t\.me\/(?:\+|joinchat\/)([\w-]+)$/.exec(link);
  if (!match) throw new Error(`not an invite link: ${link}`);
  return match[1]!;
}

/** Narrows an `ExportedChatInvite` to a real link (`chatInviteExported`). */
export function exported(invite: tl.ExportedChatInvite): tl.ChatInviteExported {
  if (invite._ !== 'chatInviteExported') throw new Error(`expected a link, got ${invite._}`);
  return invite;
}

/**
 * Resolves with the first single update of `client` that `pick` maps to a value (and the `Updates`
 * it came in, for its `users` / `chats`); rejects after `timeoutMs`.
 */
export function nextUpdate<T>(
  client: Client,
  pick: (update: tl.Update, container: tl.Updates) => T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const promise = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching update within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = client.onUpdate((updates) => {
      const singles = updates._ === 'updateShort' ? [updates.update] : 'updates' in updates ? updates.updates : [];
      for (const update of singles) {
        const value = pick(update, updates);
        if (value === undefined) continue;
        clearTimeout(timer);
        stop();
        resolve(value);
        return;
      }
    });
    // The waiter must never keep the process alive on its own.
    timer.unref();
  });
  // Waiting starts before the action that triggers the update; if that action fails first, nobody
  // awaits this promise, and its later timeout must not become an unhandled rejection.
  promise.catch(() => undefined);
  return promise;
}
