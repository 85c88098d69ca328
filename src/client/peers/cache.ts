/**
 * The peer cache: every user and chat the client receives lands in the storage's `peers` repository
 * (through `client.tap`), merged so a min copy never overwrites a full access hash. Writes are queued
 * in arrival order (tap listeners are synchronous); lookups wait for the queue, so a peer seen in a
 * result is found by the next lookup. The repository is the only state: restarts see the same peers.
 * @module
 */
import type { PeerRecord, PeerRepository, PeerSeenIn, PeerType } from '../../storage/types.js';
import type { InputChannel, InputPeer, InputUser } from '../../tl/index.js';
import type { ClientTap } from '../tap.js';
import { peersIn } from './extract.js';
import { inputPeerOfRecord, mergePeer } from './records.js';

/** Reports a write that failed (the cache keeps going). */
export type PeerCacheErrorHandler = (error: unknown) => void;

export class PeerCache {
  private queue: Promise<void> = Promise.resolve();
  /**
   * Records waiting for the write already queued behind `queue`: a burst of pushes (each naming the
   * same channel) becomes one write with one lookup per peer instead of one promise chain link, key
   * map and repository read per push. They are merged in arrival order, as one call's records are.
   */
  private pending: PeerRecord[] | undefined;

  /**
   * @param repo - where peers live (`storage.peers`).
   * @param ready - resolves once the storage is open (the client's start).
   */
  constructor(
    private readonly repo: PeerRepository,
    private readonly ready: () => Promise<void> = () => Promise.resolve(),
    private readonly onError: PeerCacheErrorHandler = () => undefined,
  ) {}

  /** Subscribes to every result and push of `tap`; returns the unsubscribe function. */
  attach(tap: ClientTap): () => void {
    const offResult = tap.onResult((_request, result) => this.ingest(result));
    const offUpdates = tap.onUpdates((updates) => this.ingest(updates));
    return () => {
      offResult();
      offUpdates();
    };
  }

  /** Queues the users and chats of `value` (any result or `Updates`) for storing. */
  ingest(value: unknown): void {
    const records = peersIn(value);
    if (records.length > 0) this.store(records);
  }

  /** Queues records for storing (merged with what is stored). */
  store(records: readonly PeerRecord[]): void {
    if (this.pending !== undefined) {
      for (const r of records) this.pending.push(r);
      return;
    }
    this.pending = [...records];
    this.queue = this.queue
      .then(() => {
        const batch = this.pending ?? [];
        this.pending = undefined; // what arrives from here on waits for the next write
        return this.write(batch);
      })
      .catch(this.onError);
  }

  /** Resolves once every queued write has reached the repository. */
  async flush(): Promise<void> {
    await this.ready();
    await this.queue;
  }

  /** Resolves once queued writes have settled, without opening anything (the client's close waits for it). */
  settled(): Promise<void> {
    return this.queue;
  }

  private async write(records: readonly PeerRecord[]): Promise<void> {
    // per type, by id: no key string per record (a burst names the same few peers thousands of times)
    const byType: Record<PeerType, Map<number, PeerRecord>> = { user: new Map(), chat: new Map(), channel: new Map() };
    const order: PeerRecord[] = [];
    for (const r of records) {
      const byId = byType[r.type];
      const before = byId.get(r.id);
      if (before === undefined) order.push(r);
      byId.set(r.id, mergePeer(before, r) ?? before!);
    }
    const changed: PeerRecord[] = [];
    for (const first of order) {
      const r = byType[first.type].get(first.id)!;
      const merged = mergePeer(await this.repo.get(r.type, r.id), r);
      if (merged) changed.push(merged);
    }
    if (changed.length > 0) await this.repo.put(changed);
  }

  /** The stored record of a peer. */
  async get(type: PeerType, id: number): Promise<PeerRecord | undefined> {
    await this.flush();
    return this.repo.get(type, id);
  }

  /** The stored record with this username (case-insensitive, without `@`). */
  async byUsername(username: string): Promise<PeerRecord | undefined> {
    await this.flush();
    return this.repo.getByUsername(username);
  }

  /** The stored user with this phone number (digits only). */
  async byPhone(phone: string): Promise<PeerRecord | undefined> {
    await this.flush();
    return this.repo.getByPhone(phone);
  }

  /** How to address a stored record (min ones through their message); undefined when it cannot be addressed. */
  async inputPeerOf(record: PeerRecord): Promise<InputPeer | undefined> {
    if (!record.min || !record.seenIn) return inputPeerOfRecord(record, () => undefined);
    const chat = await this.repo.get(record.seenIn.peerType, record.seenIn.peerId);
    const chatPeer = chat && !chat.min ? inputPeerOfRecord(chat, () => undefined) : undefined;
    return inputPeerOfRecord(record, (_seen: PeerSeenIn) => chatPeer);
  }

  /** The `InputPeer` of a known peer; undefined when it is not stored or not addressable. */
  async inputPeer(type: PeerType, id: number): Promise<InputPeer | undefined> {
    const record = await this.get(type, id);
    return record ? this.inputPeerOf(record) : undefined;
  }

  /** The `InputUser` of a known user (for mentions, `users.getUsers`, participants). */
  async inputUser(id: number): Promise<InputUser | undefined> {
    return toInputUser(await this.inputPeer('user', id));
  }

  /** The `InputChannel` of a known channel. */
  async inputChannel(id: number): Promise<InputChannel | undefined> {
    return toInputChannel(await this.inputPeer('channel', id));
  }
}

/** The `InputUser` form of a user `InputPeer` (undefined for other kinds). */
export function toInputUser(peer: InputPeer | undefined): InputUser | undefined {
  switch (peer?._) {
    case 'inputPeerSelf':
      return { _: 'inputUserSelf' };
    case 'inputPeerUser':
      return { _: 'inputUser', userId: peer.userId, accessHash: peer.accessHash };
    case 'inputPeerUserFromMessage':
      return { _: 'inputUserFromMessage', peer: peer.peer, msgId: peer.msgId, userId: peer.userId };
    default:
      return undefined;
  }
}

/** The `InputChannel` form of a channel `InputPeer` (undefined for other kinds). */
export function toInputChannel(peer: InputPeer | undefined): InputChannel | undefined {
  switch (peer?._) {
    case 'inputPeerChannel':
      return { _: 'inputChannel', channelId: peer.channelId, accessHash: peer.accessHash };
    case 'inputPeerChannelFromMessage':
      return { _: 'inputChannelFromMessage', peer: peer.peer, msgId: peer.msgId, channelId: peer.channelId };
    default:
      return undefined;
  }
}
