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

/** Ring entries allocated up front; the ring doubles up to the window as deliveries arrive. */
const INITIAL_RING = 256;

/** Peers the engine has seen in this run, plus the recent-message window. */
export class SeenPeers {
  private readonly users = new Set<number>();
  private readonly chats = new Set<number>();
  private readonly channelHashes = new Map<number, bigint>();
  /**
   * The recent-message window, without a string key per message (building and hashing one was the
   * largest per-update cost of a push burst): the message ids per box (0 = the common box, channel
   * ids are positive; a lone id is kept as the number itself, since most channels have one) and a ring of the last `window` deliveries, oldest at `next` once it is full.
   */
  private readonly recent = new Map<number, number | Set<number>>();
  private ringBox = new Float64Array(INITIAL_RING);
  /** Message ids are TL `int`s. */
  private ringId = new Int32Array(INITIAL_RING);
  private filled = 0;
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
  firstDelivery(box: 'common' | number, messageId: number): boolean {
    const boxKey = box === 'common' ? 0 : box;
    const ids = this.recent.get(boxKey);
    if (ids === undefined) this.recent.set(boxKey, messageId);
    else if (typeof ids === 'number') {
      if (ids === messageId) return false;
      this.recent.set(boxKey, new Set([ids, messageId]));
    } else {
      if (ids.has(messageId)) return false;
      ids.add(messageId);
    }
    if (this.filled < this.window) {
      if (this.filled === this.ringId.length) this.grow();
      this.filled++;
    } else this.forget(this.ringBox[this.next]!, this.ringId[this.next]!);
    this.ringBox[this.next] = boxKey;
    this.ringId[this.next] = messageId;
    this.next = this.next + 1 === this.window ? 0 : this.next + 1;
    return true;
  }

  /** Doubles the ring up to `window` while it fills (an idle client should not hold a full one); entries stay in order. */
  private grow(): void {
    const size = Math.min(this.window, this.ringId.length * 2);
    const boxes = new Float64Array(size);
    const ids = new Int32Array(size);
    boxes.set(this.ringBox);
    ids.set(this.ringId);
    this.ringBox = boxes;
    this.ringId = ids;
  }

  /** Drops the oldest delivery from the window (and its box's set once empty). */
  private forget(boxKey: number, messageId: number): void {
    const ids = this.recent.get(boxKey);
    if (ids === undefined) return;
    if (typeof ids === 'number') {
      if (ids === messageId) this.recent.delete(boxKey);
      return;
    }
    ids.delete(messageId);
    if (ids.size === 0) this.recent.delete(boxKey);
  }
}
