/** Emits the runtime tables: results per method, global object maps, registry, errors, layer. */
import type { CombModel, SchemaModel } from './model.js';
import { HEADER } from './emit-util.js';
import type { ReadEmitter } from './emit-read.js';
import type { MethodErrorInfo } from './emit-types.js';

/** `<schema>/results.ts`: method name → reader of its result. */
export function emitResults(model: SchemaModel, reader: ReadEmitter): string {
  const out = [HEADER, `import type { Reader } from '../../runtime/reader.js';`, `import * as R from './read.js';\n`];
  out.push('/** Method name → reader of its (boxed) result. Generic wrappers read any object. */');
  out.push('export const resultReaders: ReadonlyMap<string, (r: Reader) => unknown> = new Map<string, (r: Reader) => unknown>([');
  for (const m of model.methods) {
    const fn = reader.resultReader(m);
    out.push(`  ['${m.tl.name}', ${fn}],`);
  }
  out.push(']);\n');
  return out.join('\n');
}

/** How the api schema is split between the client-side modules and the `-rest` modules. */
export interface ObjectSplit {
  /** api combinators whose writer lives in `api/write.ts` (the rest: `api/write-rest.ts`). */
  readonly writeBase: (c: CombModel) => boolean;
  /** api combinators whose reader lives in `api/read.ts` (the rest: `api/read-rest.ts`). */
  readonly readBase: (c: CombModel) => boolean;
}

/**
 * Global "any object by `_`" writers and "any object by id" readers. `objects.ts` holds what a
 * client needs (requests out, results in; all of mt.tl); `objects-rest.ts` the remainder, which
 * only `encode`/`decode` of arbitrary objects and the test server load.
 */
export function emitObjectTables(api: SchemaModel, mt: SchemaModel, skip: ReadonlySet<string>, split: ObjectSplit): { base: string; rest: string } {
  const chosen: CombModel[] = [];
  const names = new Map<string, string>();
  const ids = new Map<number, string>();
  for (const m of [api, mt]) {
    for (const c of [...m.constructors, ...m.methods]) {
      const key = `${m.key}:${c.tl.name}`;
      if (skip.has(key)) continue;
      const prevName = names.get(c.tl.name);
      if (prevName) throw new Error(`object name '${c.tl.name}' defined in ${prevName} and ${m.key}`);
      const prevId = ids.get(c.tl.id);
      if (prevId) throw new Error(`id ${c.tl.id.toString(16)} used by ${prevId} and ${key}`);
      names.set(c.tl.name, key);
      ids.set(c.tl.id, key);
      chosen.push(c);
    }
  }
  const inBase = (c: CombModel, side: 'write' | 'read'): boolean => c.schema !== 'api' || (side === 'write' ? split.writeBase(c) : split.readBase(c));
  // One-letter module aliases: these tables are loaded at import, so their size is load time.
  const writer = (c: CombModel, rest: boolean): string => `${c.schema === 'mt' ? 'M' : rest ? 'X' : 'W'}.write${c.tsName}`;
  const reader = (c: CombModel, rest: boolean): string => `${c.schema === 'mt' ? 'N' : rest ? 'Y' : 'R'}.read${c.tsName}`;
  const base = [
    ...tablePreamble({ W: './api/write.js', R: './api/read.js', M: './mt/write.js', N: './mt/read.js' }),
    ...writerTable('requestWriters', 'TL name → boxed writer, for every method and whatever method parameters can hold (and all of mt.tl).', chosen.filter((c) => inBase(c, 'write')), (c) => writer(c, false)),
    ...readerTable('responseReaders', 'Constructor id → reader of its fields, for whatever method results and updates can hold (and all of mt.tl).', chosen.filter((c) => inBase(c, 'read')), (c) => reader(c, false)),
  ];
  const rest = [
    ...tablePreamble({ X: './api/write-rest.js', Y: './api/read-rest.js' }),
    ...writerTable('restWriters', 'TL name → boxed writer for the api constructors no request can hold (server side).', chosen.filter((c) => !inBase(c, 'write')), (c) => writer(c, true)),
    ...readerTable('restReaders', 'Id → reader for api methods and the constructors no result can hold (server side).', chosen.filter((c) => !inBase(c, 'read')), (c) => reader(c, true)),
  ];
  return { base: base.join('\n'), rest: rest.join('\n') };
}

/** Header, imports (namespace alias → module) and the function types of an object-table module. */
function tablePreamble(modules: Record<string, string>): string[] {
  return [
    HEADER,
    `import type { Reader } from '../runtime/reader.js';`,
    `import type { Writer } from '../runtime/writer.js';`,
    `import type { TlObject } from '../runtime/types.js';`,
    ...Object.entries(modules).map(([alias, path]) => `import * as ${alias} from '${path}';`),
    '\ntype AnyWriter = (w: Writer, o: TlObject) => void;\ntype AnyReader = (r: Reader) => TlObject;\n',
  ];
}

/** `export const <name>`: TL name → the writer expression of each combinator. */
function writerTable(name: string, doc: string, combs: readonly CombModel[], fn: (c: CombModel) => string): string[] {
  const rows = combs.map((c) => `  ['${c.tl.name}', ${fn(c)} as AnyWriter],`);
  return [`/** ${doc} */`, `export const ${name}: ReadonlyMap<string, AnyWriter> = new Map<string, AnyWriter>([`, ...rows, ']);\n'];
}

/** `export const <name>`: constructor/method id → the reader expression of each combinator. */
function readerTable(name: string, doc: string, combs: readonly CombModel[], fn: (c: CombModel) => string): string[] {
  const rows = combs.map((c) => `  [${c.tl.id | 0}, ${fn(c)} as AnyReader],`);
  return [`/** ${doc} */`, `export const ${name}: ReadonlyMap<number, AnyReader> = new Map<number, AnyReader>([`, ...rows, ']);\n'];
}

/** `e2e-objects.ts`: the end-to-end schema's own writer and reader tables. */
export function emitE2eObjects(e2e: SchemaModel): string {
  const all = [...e2e.constructors, ...e2e.methods];
  return [
    ...tablePreamble({ e2eW: './e2e/write.js', e2eR: './e2e/read.js' }),
    ...writerTable('objectWriters', 'TL name (constructor or method) → boxed writer.', all, (c) => `e2eW.write${c.tsName}`),
    ...readerTable('objectReaders', 'Constructor or method id → reader of its fields.', all, (c) => `e2eR.read${c.tsName}`),
  ].join('\n');
}

/** `registry.ts`: plain data for every constructor and method of every schema. */
export function emitRegistry(models: readonly SchemaModel[]): string {
  const entries: unknown[] = [];
  for (const m of models) {
    for (const c of [...m.constructors, ...m.methods]) {
      entries.push({
        schema: m.key,
        kind: c.tl.kind,
        name: c.tl.name,
        id: c.tl.id,
        tsName: c.tsName,
        type: c.tl.resultText,
        params: c.params.map((p) => {
          const o: Record<string, unknown> = { name: p.tl.name, camelName: p.camel, type: p.tl.isFlags ? '#' : p.tl.typeText.replace(/^[A-Za-z0-9_]+\.\d+\?/, '') };
          if (p.tl.flag) o.flag = { field: p.tl.flag.field, bit: p.tl.flag.bit };
          if (p.numberId) o.numberId = true;
          return o;
        }),
      });
    }
  }
  return [
    HEADER,
    `import type { TlEntry } from '../registry-types.js';\n`,
    `const text = ${JSON.stringify(JSON.stringify(entries))};`,
    'let entries: readonly TlEntry[] | undefined;',
    '/** Every constructor and method of the api, mt and e2e schemas (parsed on first call). */',
    'export function loadEntries(): readonly TlEntry[] {',
    '  return (entries ??= JSON.parse(text) as TlEntry[]);',
    '}\n',
  ].join('\n');
}

/** `errors.ts`: documented errors per method (from data/errors.json). */
export function emitErrors(errors: Record<string, readonly MethodErrorInfo[]>): string {
  const sorted: Record<string, readonly MethodErrorInfo[]> = {};
  for (const k of Object.keys(errors).sort()) sorted[k] = errors[k].map((e) => ({ code: e.code, type: e.type }));
  return [
    HEADER,
    '/** Method name → documented RPC errors (code and type; `%d` marks a number). */',
    'type MethodErrorTable = Readonly<Record<string, ReadonlyArray<{ readonly code: number; readonly type: string }>>>;',
    '// Parsed on first use: programs that never look errors up never pay for the table.',
    'let table: MethodErrorTable | undefined;',
    `const text = ${JSON.stringify(JSON.stringify(sorted))};`,
    'const load = (): MethodErrorTable => (table ??= JSON.parse(text) as MethodErrorTable);',
    '/** Method name → documented errors; a read-only view over the lazily parsed table. */',
    'export const methodErrors: MethodErrorTable = /* @__PURE__ */ new Proxy({} as MethodErrorTable, {',
    '  get: (_t, key) => (typeof key === \'string\' ? load()[key] : undefined),',
    '  has: (_t, key) => typeof key === \'string\' && key in load(),',
    '  ownKeys: () => Reflect.ownKeys(load()),',
    '  getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(load(), key),',
    '});\n',
  ].join('\n');
}

export function emitLayer(layer: number): string {
  return `${HEADER}\n/** API layer of schema/telegram.tl (from its \`// LAYER\` comment). */\nexport const LAYER = ${layer};\n`;
}
