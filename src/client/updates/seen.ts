/**
 * What the engine remembers from the users and chats it has been shown: which users and chats it can
 * display (an `updateShort*` naming someone else is fetched through a difference instead, as
 * https://core.telegram.org/api/updates advises), channel access hashes (for `getChannelDifference`), and a
 * bounded window of recently delivered message ids, so a message Telegram repeats in a difference is not
 * delivered twice.
 *
 * @module
 */
import type { Chat, User } from '../../tl/index.js';

/** Peers the engine has seen in this run, plus the recent-message window. */
export class SeenPeers {
  private readonly users = new Set<number>();
  private readonly chats = new Set<number>();
  private readonly channelHashes = new Map<number, bigint>();
  private readonly recent = new Set<string>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly window = 20_000) {}

  /** Takes users and chats of a container or difference. */
  learn(users: readonly User[], chats: readonly Chat[]): void {
    for (const u of users) this.users.add(u.id);
    for (const c of chats) {
      this.chats.add(c.id);
      if (c._ === 'channel' && c.accessHash !== undefined && c.min !== true) this.channelHashes.set(c.id, c.accessHash);
      else if (c._ === 'channelForbidden') this.channelHashes.set(c.id, c.accessHash);
    }
  }

  knowsUser(id: number): boolean {
    return this.users.has(id);
  }

  knowsChat(id: number): boolean {
    return this.chats.has(id);
  }

  /** The access hash of a channel, if a full copy was seen. */
  channelHash(id: number): bigint | undefined {
    return this.channelHashes.get(id);
  }

  /**
   * Records a delivered message (`box` = `'common'` or a channel id); false when it was delivered
   * recently already.
   */
  firstDelivery(box: string | number, messageId: number): boolean {
    const key = `${box}:${messageId}`;
    if (this.recent.has(key)) return false;
    this.recent.add(key);
    if (this.order.length < this.window) this.order.push(key);
    else {
      this.recent.delete(this.order[this.next]!);
      this.order[this.next] = key;
      this.next = (this.next + 1) % this.window;
    }
    return true;
  }
}
