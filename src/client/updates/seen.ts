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
/** 2^32, to fold a channel id (above 2^31) into the hash. */
const TWO_32 = 4_294_967_296;

/** Peers the engine has seen in this run, plus the recent-message window. */
export class SeenPeers {
  private readonly users = new Set<number>();
  private readonly chats = new Set<number>();
  private readonly channelHashes = new Map<number, bigint>();
  /**
   * The recent-message window: a ring of the last `window` deliveries (box 0 = the common box, channel ids
   * are positive; oldest at `next` once full) and an open-addressing table over it (linear probing, slots
   * hold ring index + 1, 0 = free, at most half full). No string key, Map entry or Set per message: the
   * window's upkeep was the largest per-update cost of the engine in a push burst or a difference page.
   */
  private ringBox = new Float64Array(INITIAL_RING);
  /** Message ids are TL `int`s. */
  private ringId = new Int32Array(INITIAL_RING);
  private slots = new Int32Array(INITIAL_RING * 2);
  private mask = INITIAL_RING * 2 - 1;
  private shift = 32 - Math.log2(INITIAL_RING * 2);
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
    if (this.find(boxKey, messageId) >= 0) return false;
    if (this.filled < this.window) {
      if (this.filled === this.ringId.length) this.grow();
      this.filled++;
    } else this.remove(this.find(this.ringBox[this.next]!, this.ringId[this.next]!));
    this.ringBox[this.next] = boxKey;
    this.ringId[this.next] = messageId;
    this.insert(this.next);
    this.next = this.next + 1 === this.window ? 0 : this.next + 1;
    return true;
  }

  /** Table position of the delivery `(boxKey, messageId)`, or -1. */
  private find(boxKey: number, messageId: number): number {
    const { slots, mask, ringBox, ringId } = this;
    for (let i = this.hash(boxKey, messageId); ; i = (i + 1) & mask) {
      const s = slots[i]!;
      if (s === 0) return -1;
      if (ringId[s - 1] === messageId && ringBox[s - 1] === boxKey) return i;
    }
  }

  private hash(boxKey: number, messageId: number): number {
    const box = (boxKey | 0) ^ Math.imul((boxKey / TWO_32) | 0, 0x27d4eb2d);
    return Math.imul(messageId ^ Math.imul(box, 0x2c1b3c6d), 0x9e3779b1) >>> this.shift;
  }

  /** Puts ring entry `at` into the table (the first free slot of its probe run). */
  private insert(at: number): void {
    const { slots, mask } = this;
    let i = this.hash(this.ringBox[at]!, this.ringId[at]!);
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = at + 1;
  }

  /** Empties table position `i`, moving later entries of its probe run back (no tombstones). */
  private remove(i: number): void {
    if (i < 0) return;
    const { slots, mask } = this;
    let hole = i;
    for (let j = (i + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const s = slots[j]!;
      const home = this.hash(this.ringBox[s - 1]!, this.ringId[s - 1]!);
      // the entry at j may fill the hole unless its home lies cyclically in (hole, j]
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!stays) {
        slots[hole] = s;
        hole = j;
      }
    }
    slots[hole] = 0;
  }

  /** Doubles the ring up to `window` while it fills (an idle client should not hold a full one), and rebuilds the table at twice its size. */
  private grow(): void {
    const size = Math.min(this.window, this.ringId.length * 2);
    const boxes = new Float64Array(size);
    const ids = new Int32Array(size);
    boxes.set(this.ringBox);
    ids.set(this.ringId);
    this.ringBox = boxes;
    this.ringId = ids;
    let capacity = 2;
    while (capacity < size * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    for (let at = 0; at < this.filled; at++) this.insert(at);
  }
}
