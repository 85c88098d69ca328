/**
 * The messages of the world: one row per message in the `messages` table, plus the families linking copies,
 * read marks and random ids. An in-memory index (per dialog, ids ascending) answers history and dialog
 * queries and unread counts; it is rebuilt from the rows on first use, so it never needs persisting.
 */
import { BadArgumentError } from '../../../errors.js';
import type { TableSet, WorldTable } from '../tables.js';
import { jsonCodec } from '../tables.js';
import type { BoxKey, MessageFamily, PeerRef, RandomIdRecord, ReadMarks, StoredMessage } from './types.js';

/** `u<id>` / `g<id>` / `c<id>`: the key of a dialog peer. */
export function peerKey(peer: PeerRef): string {
  return `${peer.kind === 'user' ? 'u' : peer.kind === 'chat' ? 'g' : 'c'}${peer.id}`;
}

/** The peer of a {@link peerKey}. */
export function peerOfKey(key: string): PeerRef {
  const id = Number(key.slice(1));
  return { kind: key[0] === 'u' ? 'user' : key[0] === 'g' ? 'chat' : 'channel', id };
}

/** The common box of an account. */
export function userBox(userId: number): BoxKey {
  return `u${userId}`;
}

/** The box of a channel. */
export function channelBox(channelId: number): BoxKey {
  return `c${channelId}`;
}

/** Owner id of a box (account or channel). */
export function boxOwner(box: BoxKey): number {
  return Number(box.slice(1));
}

function checkMessage(value: unknown, path: string): StoredMessage {
  const m = value as Partial<StoredMessage> | null;
  if (!m || typeof m.id !== 'number' || typeof m.box !== 'string' || !m.peer || typeof m.date !== 'number' || typeof m.text !== 'string') {
    throw new BadArgumentError(path, 'not a message (id, box, peer, date, text)');
  }
  return m as StoredMessage;
}

/** First index in ascending `ids` whose value is ≥ `id`. */
export function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of ids in ascending `ids` greater than `id`. */
function countAbove(ids: readonly number[], id: number): number {
  return ids.length - lowerBound(ids, id + 1);
}

/** Adds `id` to ascending `ids` (ids of a box only grow, so it usually goes last; a load may come in any order). */
function insertSorted(ids: number[], id: number): void {
  if (ids.length === 0 || ids[ids.length - 1]! < id) ids.push(id);
  else ids.splice(lowerBound(ids, id), 0, id);
}

function removeSorted(ids: number[], id: number): void {
  const i = lowerBound(ids, id);
  if (ids[i] === id) ids.splice(i, 1);
}

/**
 * The index of one dialog of a box. `counted` and `byAuthor` let an unread count be two binary searches
 * instead of a walk over every message above the read mark (a difference page asks it of every dialog).
 */
interface DialogIndex {
  /** Every message id, ascending. */
  all: number[];
  /** Ids that are unread above the mark: common box, incoming non-service; channel box, every non-service. */
  counted: number[];
  /** Channel box: non-service ids per author (outgoing for that author, so never unread for them). */
  byAuthor: Map<number, number[]> | undefined;
}

const NO_IDS: readonly number[] = Object.freeze([]);

/** Messages, families, read marks and random ids. */
export class MessageStore {
  readonly rows: WorldTable<StoredMessage>;
  private readonly families: WorldTable<MessageFamily>;
  private readonly marks: WorldTable<ReadMarks>;
  private readonly randoms: WorldTable<RandomIdRecord>;
  private indexed = false;
  /** `<box>|<peerKey>` → the dialog's ids. */
  private readonly dialogs = new Map<string, DialogIndex>();
  /** Account → peer keys of the dialogs of its common box. */
  private readonly userDialogs = new Map<number, Set<string>>();
  /**
   * Box → id → message, the same rows as `rows`: a difference page looks up a thousand messages of one box,
   * and a numeric key per box costs no `<box>:<id>` string to build and hash per lookup.
   */
  private readonly byBox = new Map<string, Map<number, StoredMessage>>();

  constructor(tables: TableSet) {
    this.rows = tables.define('messages', jsonCodec(checkMessage));
    this.families = tables.define('messageFamilies');
    this.marks = tables.define('readMarks');
    this.randoms = tables.define('randomIds');
  }

  private index(): void {
    if (this.indexed) return;
    this.indexed = true;
    for (const m of this.rows.values()) this.indexAdd(m);
  }

  private indexAdd(m: StoredMessage): void {
    let inBox = this.byBox.get(m.box);
    if (!inBox) {
      inBox = new Map();
      this.byBox.set(m.box, inBox);
    }
    inBox.set(m.id, m);
    const key = `${m.box}|${peerKey(m.peer)}`;
    const channel = m.box[0] === 'c';
    let d = this.dialogs.get(key);
    if (!d) {
      d = { all: [], counted: [], byAuthor: channel ? new Map() : undefined };
      this.dialogs.set(key, d);
      if (m.box[0] === 'u') {
        const owner = boxOwner(m.box);
        let set = this.userDialogs.get(owner);
        if (!set) {
          set = new Set();
          this.userDialogs.set(owner, set);
        }
        set.add(peerKey(m.peer));
      }
    }
    insertSorted(d.all, m.id);
    if (m.action) return;
    if (!channel) {
      if (!m.out) insertSorted(d.counted, m.id);
      return;
    }
    insertSorted(d.counted, m.id);
    if (m.fromId === undefined) return;
    let own = d.byAuthor!.get(m.fromId);
    if (!own) {
      own = [];
      d.byAuthor!.set(m.fromId, own);
    }
    insertSorted(own, m.id);
  }

  get(box: BoxKey, id: number): StoredMessage | undefined {
    this.index();
    return this.byBox.get(box)?.get(id);
  }

  /** Stores a new message. */
  insert(m: StoredMessage): void {
    this.index();
    this.rows.set(`${m.box}:${m.id}`, m);
    this.indexAdd(m);
  }

  /** Marks a message changed after editing it in place. */
  touch(m: StoredMessage): void {
    this.rows.touch(`${m.box}:${m.id}`);
  }

  /** Removes a message (its family is updated by the caller). */
  remove(m: StoredMessage): void {
    this.index();
    this.rows.delete(`${m.box}:${m.id}`);
    this.byBox.get(m.box)?.delete(m.id);
    const d = this.dialogs.get(`${m.box}|${peerKey(m.peer)}`);
    if (!d) return;
    removeSorted(d.all, m.id);
    removeSorted(d.counted, m.id);
    const own = m.fromId === undefined ? undefined : d.byAuthor?.get(m.fromId);
    if (own) removeSorted(own, m.id);
  }

  /** Ids of one dialog of a box, ascending (do not modify). */
  ids(box: BoxKey, peer: PeerRef | string): readonly number[] {
    this.index();
    return this.dialogs.get(`${box}|${typeof peer === 'string' ? peer : peerKey(peer)}`)?.all ?? NO_IDS;
  }

  /**
   * Messages of a dialog above `inbox` that are unread for `viewerId`: not service messages and not
   * outgoing for the viewer (common box: `out`; channel box: authored by the viewer).
   */
  unreadAbove(box: BoxKey, peer: PeerRef | string, viewerId: number, inbox: number): number {
    this.index();
    const d = this.dialogs.get(`${box}|${typeof peer === 'string' ? peer : peerKey(peer)}`);
    if (!d) return 0;
    const own = d.byAuthor?.get(viewerId);
    return countAbove(d.counted, inbox) - (own ? countAbove(own, inbox) : 0);
  }

  /** Newest message of a dialog. */
  top(box: BoxKey, peer: PeerRef | string): StoredMessage | undefined {
    const ids = this.ids(box, peer);
    return ids.length === 0 ? undefined : this.get(box, ids[ids.length - 1]!);
  }

  /** Peer keys of the dialogs in an account's common box (some may have no message left). */
  userDialogKeys(userId: number): Iterable<string> {
    this.index();
    return this.userDialogs.get(userId) ?? [];
  }

  family(key: string): MessageFamily | undefined {
    return this.families.get(key);
  }

  setFamily(key: string, family: MessageFamily): void {
    if (family.copies.length === 0) this.families.delete(key);
    else this.families.set(key, family);
  }

  /** Every copy of `m` (itself included) that still exists: `[userId, message]`. */
  copiesOf(m: StoredMessage): Array<[number, StoredMessage]> {
    const fam = m.family === undefined ? undefined : this.families.get(m.family);
    if (!fam) return [[boxOwner(m.box), m]];
    const out: Array<[number, StoredMessage]> = [];
    for (const [userId, id] of fam.copies) {
      const copy = this.get(userBox(userId), id);
      if (copy) out.push([userId, copy]);
    }
    return out;
  }

  /** The copy of `m` in `userId`'s common box, if any. */
  copyIn(m: StoredMessage, userId: number): StoredMessage | undefined {
    if (m.box === userBox(userId)) return m;
    const fam = m.family === undefined ? undefined : this.families.get(m.family);
    const entry = fam?.copies.find(([u]) => u === userId);
    return entry ? this.get(userBox(userId), entry[1]) : undefined;
  }

  /** Drops a deleted copy from its family. */
  leaveFamily(m: StoredMessage): void {
    if (m.family === undefined) return;
    const fam = this.families.get(m.family);
    if (!fam) return;
    const owner = boxOwner(m.box);
    this.setFamily(m.family, { copies: fam.copies.filter(([u, id]) => !(u === owner && id === m.id)) });
  }

  /** Read marks of a dialog (zeros when never read). */
  readMarks(userId: number, peer: PeerRef | string): ReadMarks {
    return this.marks.get(`${userId}:${typeof peer === 'string' ? peer : peerKey(peer)}`) ?? { inbox: 0, outbox: 0 };
  }

  setReadMarks(userId: number, peer: PeerRef | string, marks: ReadMarks): void {
    this.marks.set(`${userId}:${typeof peer === 'string' ? peer : peerKey(peer)}`, marks);
  }

  randomId(userId: number, randomId: bigint): RandomIdRecord | undefined {
    return this.randoms.get(`${userId}:${randomId}`);
  }

  setRandomId(userId: number, randomId: bigint, record: RandomIdRecord): void {
    this.randoms.set(`${userId}:${randomId}`, record);
  }

  deleteRandomId(userId: number, randomId: bigint): void {
    this.randoms.delete(`${userId}:${randomId}`);
  }
}
