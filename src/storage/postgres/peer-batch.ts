/**
 * Turns a batch of peer records into set-based changes with the same outcome as storing them one
 * after another (what the memory storage does): the last record of a peer wins, a username or
 * phone belongs to the last record that claimed it, and one that a later record of the same peer
 * dropped is gone — even from the index of another peer the batch overwrote it from.
 *
 * @module
 */
import type { PeerRecord } from '../types.js';

export interface PeerBatchPlan {
  /** One record per peer, the last of the batch. */
  records: PeerRecord[];
  /** Index entries to write (name → owner). */
  names: Array<{ name: string; type: string; id: number }>;
  /** Names claimed and then dropped within the batch: removed whoever holds them in the database. */
  releasedNames: string[];
  phones: Array<{ name: string; type: string; id: number }>;
  releasedPhones: string[];
}

/** Plans a checked batch (see the module comment). */
export function planPeerBatch(batch: readonly PeerRecord[]): PeerBatchPlan {
  const last = new Map<string, PeerRecord>();
  const names = new Map<string, PeerRecord | null>();
  const phones = new Map<string, PeerRecord | null>();
  const keyOf = (p: PeerRecord): string => `${p.type}:${p.id}`;
  for (const record of batch) {
    const key = keyOf(record);
    const previous = last.get(key);
    if (previous) {
      for (const u of previous.usernames) {
        const owner = names.get(u.toLowerCase());
        if (owner && keyOf(owner) === key) names.set(u.toLowerCase(), null);
      }
      const owner = previous.phone === undefined ? undefined : phones.get(previous.phone);
      if (owner && keyOf(owner) === key) phones.set(previous.phone!, null);
    }
    last.set(key, record);
    for (const u of record.usernames) names.set(u.toLowerCase(), record);
    if (record.phone !== undefined) phones.set(record.phone, record);
  }
  const split = (index: Map<string, PeerRecord | null>) => {
    const owned: Array<{ name: string; type: string; id: number }> = [];
    const released: string[] = [];
    for (const [name, owner] of index) {
      if (owner) owned.push({ name, type: owner.type, id: owner.id });
      else released.push(name);
    }
    return [owned, released] as const;
  };
  const [ownedNames, releasedNames] = split(names);
  const [ownedPhones, releasedPhones] = split(phones);
  return { records: [...last.values()], names: ownedNames, releasedNames, phones: ownedPhones, releasedPhones };
}
