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

/**
 * Global "any object by `_`" writers and "any object by id" readers for a set of schemas.
 * Only `encode`/`decode`/`Writer.object`/`Reader.object` use these.
 */
export function emitObjects(models: readonly SchemaModel[], skip: ReadonlySet<string>, prefix: string): string {
  const out = [HEADER, `import type { Reader } from '${prefix}../runtime/reader.js';`, `import type { Writer } from '${prefix}../runtime/writer.js';`, `import type { TlObject } from '${prefix}../runtime/types.js';`];
  for (const m of models) {
    out.push(`import * as ${m.key}W from './${m.key}/write.js';`);
    out.push(`import * as ${m.key}R from './${m.key}/read.js';`);
  }
  out.push('\ntype AnyWriter = (w: Writer, o: TlObject) => void;\ntype AnyReader = (r: Reader) => TlObject;\n');
  const names = new Map<string, string>();
  const ids = new Map<number, string>();
  const chosen: CombModel[] = [];
  for (const m of models) {
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
  out.push('/** TL name (constructor or method) → boxed writer. */');
  out.push('export const objectWriters: ReadonlyMap<string, AnyWriter> = new Map<string, AnyWriter>([');
  for (const c of chosen) out.push(`  ['${c.tl.name}', ${c.schema}W.write${c.tsName} as AnyWriter],`);
  out.push(']);\n');
  out.push('/** Constructor or method id → reader of its fields. */');
  out.push('export const objectReaders: ReadonlyMap<number, AnyReader> = new Map<number, AnyReader>([');
  for (const c of chosen) out.push(`  [${c.tl.id | 0}, ${c.schema}R.read${c.tsName} as AnyReader],`);
  out.push(']);\n');
  return out.join('\n');
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
