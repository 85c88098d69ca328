/**
 * The legacy part of the world — accounts (`world.users`), chats (`world.chats`) and the id
 * counters — as per-row changes, so the server's store commits them row by row like the
 * `world.tables` areas (`tables.ts`). Handlers keep mutating the records in place and call
 * `world.changed()`; on the next drain every legacy row is encoded and compared with what was
 * last committed, and only rows that differ are written.
 *
 * Rows: `users/<id>`, `chats/<id>` (the records, `snapshot.ts` JSON), `meta/counters`
 * (`nextUserId`, `nextChatId`, `nextChannelId`) and `meta/importedKeys`.
 * @module
 */
import type { RowChange } from './tables.js';
import { toJson } from './snapshot.js';
import type { ChatRecord, UserRecord } from './types.js';

/** Table names the legacy rows use (reserved: `world.tables` cannot define them). */
export const LEGACY_TABLES: readonly string[] = ['users', 'chats', 'meta'];

/** What the legacy rows are made from. */
export interface LegacySource {
  readonly users: ReadonlyMap<number, UserRecord>;
  readonly chats: ReadonlyMap<number, ChatRecord>;
  readonly nextUserId: number;
  readonly nextChatId: number;
  readonly nextChannelId: number;
  /** Auth key ids (decimal) authorised off their account's home DC. */
  importedKeyIds(): string[];
}

/** Every legacy row of `w`, encoded. */
export function legacyRows(w: LegacySource): RowChange[] {
  const out: RowChange[] = [];
  for (const u of w.users.values()) out.push({ table: 'users', key: String(u.id), json: toJson(u) });
  for (const c of w.chats.values()) out.push({ table: 'chats', key: String(c.id), json: toJson(c) });
  out.push({ table: 'meta', key: 'counters', json: { nextUserId: w.nextUserId, nextChatId: w.nextChatId, nextChannelId: w.nextChannelId } });
  out.push({ table: 'meta', key: 'importedKeys', json: w.importedKeyIds() });
  return out;
}

/** Diffs the legacy rows against the last committed version. */
export class LegacyRowTracker {
  /** `table/key` → JSON text last handed out; only kept while tracking. */
  private committed: Map<string, string> | undefined;
  /** `world.changed()` was called since the last drain. */
  dirty = false;

  /** Starts tracking: the current rows count as committed. */
  track(source: LegacySource): void {
    this.committed = new Map();
    for (const r of legacyRows(source)) this.committed.set(`${r.table}/${r.key}`, JSON.stringify(r.json));
    this.dirty = false;
  }

  get tracking(): boolean {
    return this.committed !== undefined;
  }

  /** The rows that changed since the last drain (deleted ones with `json: null`). */
  drain(source: LegacySource): RowChange[] {
    const committed = this.committed;
    if (!committed || !this.dirty) return [];
    this.dirty = false;
    const out: RowChange[] = [];
    const present = new Set<string>();
    for (const r of legacyRows(source)) {
      const id = `${r.table}/${r.key}`;
      present.add(id);
      const text = JSON.stringify(r.json);
      if (committed.get(id) === text) continue;
      committed.set(id, text);
      out.push(r);
    }
    for (const id of [...committed.keys()]) {
      if (present.has(id)) continue;
      committed.delete(id);
      const slash = id.indexOf('/');
      out.push({ table: id.slice(0, slash), key: id.slice(slash + 1), json: null });
    }
    return out;
  }
}
