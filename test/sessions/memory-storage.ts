/**
 * A small in-memory {@link Storage} for the converter tests, written against
 * src/storage/types.ts (the storages of tgts itself come from the client core).
 */
import type { AccountRecord, CommonUpdatesState, PeerRecord, PeerType, Storage, StoredAuthKey } from '../../src/storage/types.js';

export class TestStorage implements Storage {
  readonly keys = new Map<number, StoredAuthKey>();
  accountRecord: AccountRecord | undefined;
  readonly peerRecords = new Map<string, PeerRecord>();
  common: CommonUpdatesState | undefined;
  readonly channels = new Map<number, number>();

  readonly authKeys = {
    get: async (dcId: number) => this.keys.get(dcId),
    set: async (dcId: number, key: StoredAuthKey) => void this.keys.set(dcId, { ...key, authKey: Uint8Array.from(key.authKey) }),
    delete: async (dcId: number) => void this.keys.delete(dcId),
    list: async () => [...this.keys.entries()],
  };
  readonly account = {
    get: async () => this.accountRecord,
    set: async (a: AccountRecord) => void (this.accountRecord = structuredClone(a)),
    delete: async () => void (this.accountRecord = undefined),
  };
  readonly peers = {
    get: async (type: PeerType, id: number) => this.peerRecords.get(`${type}:${id}`),
    getByUsername: async (u: string) => [...this.peerRecords.values()].find((p) => p.usernames.some((n) => n.toLowerCase() === u.toLowerCase())),
    getByPhone: async (phone: string) => [...this.peerRecords.values()].find((p) => p.phone === phone),
    put: async (records: readonly PeerRecord[]) => {
      for (const r of records) this.peerRecords.set(`${r.type}:${r.id}`, structuredClone(r));
    },
    delete: async (type: PeerType, id: number) => void this.peerRecords.delete(`${type}:${id}`),
  };
  readonly updates = {
    getCommon: async () => this.common,
    setCommon: async (s: CommonUpdatesState) => void (this.common = { ...s }),
    getChannel: async (id: number) => this.channels.get(id),
    listChannels: async () => [...this.channels.entries()],
    setChannels: async (entries: ReadonlyArray<readonly [number, number]>) => {
      for (const [id, pts] of entries) this.channels.set(id, pts);
    },
    deleteChannel: async (id: number) => void this.channels.delete(id),
    clear: async () => {
      this.common = undefined;
      this.channels.clear();
    },
  };
  async open(): Promise<void> {}
  async close(): Promise<void> {}
}
