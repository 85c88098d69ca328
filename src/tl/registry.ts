/** Lookups over the generated registry of every constructor and method. */
import { loadEntries } from './generated/registry.js';
import type { TlEntry, TlSchemaName } from './registry-types.js';

export type { TlEntry, TlEntryParam, TlSchemaName } from './registry-types.js';

/** Every constructor and method of the three schemas. */
export function registryEntries(): readonly TlEntry[] {
  return loadEntries();
}

interface Indexes {
  byName: Map<string, TlEntry>;
  byId: Map<string, TlEntry>;
  byType: Map<string, TlEntry[]>;
}
let indexes: Indexes | undefined;

// Built on first lookup: the codec never needs the registry, so importing tgts does not pay for it.
function index(): Indexes {
  if (indexes) return indexes;
  const built: Indexes = { byName: new Map(), byId: new Map(), byType: new Map() };
  for (const e of loadEntries()) {
    built.byName.set(`${e.schema}:${e.name}`, e);
    built.byId.set(`${e.schema}:${e.id}`, e);
    if (e.kind === 'constructor') {
      const k = `${e.schema}:${e.type}`;
      const list = built.byType.get(k) ?? [];
      list.push(e);
      built.byType.set(k, list);
    }
  }
  return (indexes = built);
}

const ORDER: readonly TlSchemaName[] = ['api', 'mt', 'e2e'];

/** Entry by TL name. Without `schema`, api is searched first, then mt, then e2e. */
export function findByName(name: string, schema?: TlSchemaName): TlEntry | undefined {
  for (const s of schema ? [schema] : ORDER) {
    const e = index().byName.get(`${s}:${name}`);
    if (e) return e;
  }
  return undefined;
}

/** Entry by constructor/method id (signed or unsigned). */
export function findById(id: number, schema?: TlSchemaName): TlEntry | undefined {
  for (const s of schema ? [schema] : ORDER) {
    const e = index().byId.get(`${s}:${id >>> 0}`);
    if (e) return e;
  }
  return undefined;
}

/** Constructors of an abstract type (`InputPeer`, `messages.Chats`). */
export function constructorsOf(type: string, schema: TlSchemaName = 'api'): readonly TlEntry[] {
  return index().byType.get(`${schema}:${type}`) ?? [];
}

/** Every constructor or method of a schema. */
export function entriesOf(schema: TlSchemaName, kind?: 'constructor' | 'method'): readonly TlEntry[] {
  return loadEntries().filter((e) => e.schema === schema && (kind === undefined || e.kind === kind));
}
