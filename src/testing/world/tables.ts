/**
 * Persistent tables of the simulated Telegram. Each area of the world (messages, update boxes,
 * files, bot commands…) keeps its records in a {@link WorldTable} of its own instead of in one
 * snapshot blob: a change marks one row dirty, and the server's store writes only the dirty rows
 * (with `dataDir`, in one transaction before the answer of the call that changed them leaves).
 *
 * Rows are JSON (bigint, bytes, Map and Set are encoded by `snapshot.ts`'s `toJson`/`fromJson`
 * unless the table brings its own codec). Keys are strings; use a stable encoding such as
 * `${userId}:${msgId}`.
 *
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import { fromJson, toJson, type JsonValue } from './snapshot.js';
import { LEGACY_TABLES } from './legacy-rows.js';

/** How one table turns its records into JSON and back. */
export interface TableCodec<T> {
  encode(value: T): JsonValue;
  /** Decodes one row; a malformed row throws `BadArgumentError` naming `path`. */
  decode(json: JsonValue, path: string): T;
}

/** The default codec: {@link toJson} / {@link fromJson}, with an optional shape check. */
export function jsonCodec<T>(check?: (value: unknown, path: string) => T): TableCodec<T> {
  return {
    encode: (value) => toJson(value),
    decode: (json, path) => {
      const value = fromJson(json, path);
      return check ? check(value, path) : (value as T);
    },
  };
}

/** One changed row: `json` is `null` when the row was deleted. */
export interface RowChange {
  table: string;
  key: string;
  json: JsonValue | null;
}

/** A keyed collection of records whose changes are tracked per row. */
export class WorldTable<T> {
  private readonly rows = new Map<string, T>();
  /** Keys changed since the last {@link TableSet.drainChanges} (only while {@link TableSet.track}ed). */
  readonly dirty = new Set<string>();
  /** @internal Set by {@link TableSet.track}: a world nobody persists keeps no dirty marks. */
  tracked = false;

  constructor(
    readonly name: string,
    readonly codec: TableCodec<T>,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  get(key: string): T | undefined {
    return this.rows.get(key);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Inserts or replaces a row. */
  set(key: string, value: T): void {
    this.rows.set(key, value);
    if (this.tracked) this.dirty.add(key);
  }

  /** Marks a row changed after its record was mutated in place. */
  touch(key: string): void {
    if (this.tracked && this.rows.has(key)) this.dirty.add(key);
  }

  delete(key: string): boolean {
    const had = this.rows.delete(key);
    if (had && this.tracked) this.dirty.add(key);
    return had;
  }

  keys(): IterableIterator<string> {
    return this.rows.keys();
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.rows.entries();
  }

  /** @internal Loads a stored row without marking it dirty. */
  load(key: string, json: JsonValue, path: string): void {
    this.rows.set(key, this.codec.decode(json, path));
  }
}

/** Every table of one world. Tables are defined when the world is constructed, before rows load. */
export class TableSet {
  private readonly tables = new Map<string, WorldTable<unknown>>();
  private tracking = false;

  /** Defines a table (once per name). */
  define<T>(name: string, codec: TableCodec<T> = jsonCodec<T>()): WorldTable<T> {
    if (this.tables.has(name)) throw new BadArgumentError('name', `table ${name} is already defined`);
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new BadArgumentError('name', `table name ${JSON.stringify(name)} must be camelCase letters and digits`);
    if (LEGACY_TABLES.includes(name)) throw new BadArgumentError('name', `table name ${name} is reserved for the legacy rows`);
    const table = new WorldTable<T>(name, codec);
    table.tracked = this.tracking;
    this.tables.set(name, table as WorldTable<unknown>);
    return table;
  }

  get(name: string): WorldTable<unknown> | undefined {
    return this.tables.get(name);
  }

  names(): string[] {
    return [...this.tables.keys()];
  }

  /**
   * Starts marking changed rows (a store calls it once the rows are loaded); until then nothing is marked
   * and {@link drainChanges} returns nothing, which spares every write of an unpersisted world the marks.
   */
  track(): void {
    this.tracking = true;
    for (const t of this.tables.values()) {
      t.tracked = true;
      t.dirty.clear();
    }
  }

  /** True when some row changed since the last drain. */
  get hasChanges(): boolean {
    for (const t of this.tables.values()) if (t.dirty.size > 0) return true;
    return false;
  }

  /** Every row changed since the last call, encoded, and clears the dirty marks. */
  drainChanges(): RowChange[] {
    const out: RowChange[] = [];
    for (const t of this.tables.values()) {
      for (const key of t.dirty) {
        const value = t.get(key);
        out.push({ table: t.name, key, json: value === undefined ? null : t.codec.encode(value) });
      }
      if (t.dirty.size > 0) t.dirty.clear();
    }
    return out;
  }

  /** Clears the dirty marks without encoding anything (nothing is persisted). */
  clearChanges(): void {
    // it runs after every call; `Set.clear` reallocates even an empty set's storage
    for (const t of this.tables.values()) if (t.dirty.size > 0) t.dirty.clear();
  }

  /** Every row of every table, encoded (a full snapshot). */
  dumpAll(): Record<string, Array<[string, JsonValue]>> {
    const out: Record<string, Array<[string, JsonValue]>> = {};
    for (const t of this.tables.values()) out[t.name] = [...t.entries()].map(([k, v]) => [k, t.codec.encode(v)]);
    return out;
  }

  /** Loads stored rows; rows of tables this version does not define are an error naming them. */
  loadAll(rows: Record<string, Array<[string, JsonValue]>>, path = 'snapshot.tables'): void {
    for (const [name, entries] of Object.entries(rows)) {
      const table = this.tables.get(name);
      if (!table) throw new BadArgumentError(`${path}.${name}`, 'unknown table');
      if (!Array.isArray(entries)) throw new BadArgumentError(`${path}.${name}`, 'not an array of [key, row]');
      entries.forEach((entry, i) => {
        if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') {
          throw new BadArgumentError(`${path}.${name}.${i}`, 'not a [key, row] pair');
        }
        table.load(entry[0], entry[1], `${path}.${name}.${i}`);
      });
    }
  }
}
