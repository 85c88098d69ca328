/**
 * Emits `<schema>/read.ts`: per constructor/method a body reader (after the id), per abstract
 * type a reader that reads the id and dispatches among that type's constructors only
 * (anything else → TlError; gzip_packed is unpacked transparently), and vector helpers.
 */
import type { TlTypeExpr } from '../parser/ast.js';
import type { CombModel, SchemaModel } from './model.js';
import { bareConstructor } from './model.js';
import { HEADER, minSize, smi, tsType, typeKey } from './emit-util.js';
import { WHOLE } from './sides.js';
import type { ModulePart } from './sides.js';

const GZIP_ID = 0x3072cfa1;

export class ReadEmitter {
  private readonly vectors = new Map<string, { t: TlTypeExpr & { kind: 'vector' }; numberId: boolean }>();

  /**
   * `withResults`: this module also holds the vector helpers method results need (results.ts imports them).
   * `any`: also emit `read$Any` over every boxed constructor and method except the `skip` names.
   */
  constructor(
    private readonly model: SchemaModel,
    private readonly part: ModulePart = WHOLE,
    private readonly withResults = true,
    private readonly any?: { readonly skip: ReadonlySet<string> },
  ) {}

  /**
   * `read$Any`: reads one boxed constructor or method of this schema, or returns undefined
   * with nothing consumed when the id belongs to none of them (for the MTProto layer: "is this
   * a service message?" and its fields in one step).
   */
  private anyReader(skip: ReadonlySet<string>): string {
    const all = [...this.model.constructors, ...this.model.methods].filter((c) => !skip.has(c.tl.name));
    const lines = ['/** Any boxed constructor or method of this schema; undefined (nothing read) for an id outside it. */'];
    lines.push('export function read$Any(r: Reader): T.AnyObject | T.AnyRequest | undefined {\n  const id = r.int();\n  switch (id) {');
    for (const c of all) lines.push(`    case ${smi(c.tl.id)}: return read${c.tsName}(r);`);
    lines.push('    default:\n      r.pos -= 4;\n      return undefined;\n  }\n}\n');
    return lines.join('\n');
  }

  /** Expression reading one value of TL type `t`. */
  expr(t: TlTypeExpr, numberId: boolean): string {
    switch (t.kind) {
      case 'primitive':
        if (t.name === 'long') return numberId ? 'r.longNumber()' : 'r.long()';
        return `r.${t.name}()`;
      case 'true':
        return 'true';
      case 'boxed':
        if (t.name === 'Bool') return 'r.bool()';
        // an Object field is kept serialised (see tsType): it ends its constructor, or has a length
        if (t.name === 'Object') return 'r.view(r.remaining)';
        if (t.name === 'True') return 'r.trueValue()';
        if (!this.model.types.has(t.name)) return 'r.object()';
        return `${this.part.external.has(t.name) ? 'B.' : ''}read$${this.model.types.get(t.name)!.tsName}(r)`;
      case 'bare':
        return `read${bareConstructor(this.model, t.name).tsName}(r)`;
      case 'vector': {
        const key = typeKey(t, numberId);
        this.vectors.set(key, { t, numberId });
        return `rv_${key}(r)`;
      }
      case 'generic':
        return 'r.object() as T.AnyRequest';
    }
  }

  /** Function expression (in a module importing read.ts as `R`) reading a method's result. */
  resultReader(c: CombModel): string {
    const t = c.tl.result;
    if (t.kind === 'generic' || (t.kind === 'boxed' && !this.model.types.has(t.name) && t.name !== 'Bool')) return '(r: Reader) => r.object()';
    const e = this.expr(t, false);
    const direct = /^([A-Za-z0-9_$]+)\(r\)$/.exec(e);
    return direct ? `R.${direct[1]}` : `(r: Reader) => ${e}`;
  }

  private reader(c: CombModel): string {
    const objectAt = c.params.findIndex((p) => p.tl.type.kind === 'boxed' && p.tl.type.name === 'Object');
    const isBody = c.schema === 'mt' && c.tl.name === 'message';
    if (objectAt >= 0 && objectAt !== c.params.length - 1 && !isBody) {
      throw new Error(`${c.schema}: ${c.tl.name}: an Object field must be the last one (its length is the rest of the input)`);
    }
    const sig = `export function read${c.tsName}(${c.params.length ? 'r' : '_r'}: Reader): T.${c.tsName} {`;
    const compact = this.compactReader(c);
    if (compact !== undefined) return `${sig}\n${compact}\n}\n`;
    const lines: string[] = [];
    const fields: string[] = [`_: '${c.tl.name}'`];
    const isMessage = c.schema === 'mt' && c.tl.name === 'message';
    for (const p of c.params) {
      const v = `v_${p.camel}`;
      if (p.tl.isFlags) {
        lines.push(`  const f_${p.tl.name} = r.int();`);
        continue;
      }
      fields.push(`${p.camel}: ${v}`);
      if (p.tl.flag) {
        lines.push(`  const ${v} = ${this.flagged(p.tl.flag, p.tl.type, p.numberId)};`);
        continue;
      }
      if (isMessage && p.tl.name === 'body') {
        // The body is exactly `bytes` long.
        lines.push(`  const ${v} = r.view(v_bytes);`);
        continue;
      }
      lines.push(`  const ${v} = ${this.expr(p.tl.type, p.numberId)};`);
    }
    return `${sig}\n${lines.join('\n')}${lines.length ? '\n' : ''}  return { ${fields.join(', ')} };\n}\n`;
  }

  private flagged(flag: { field: string; bit: number }, t: TlTypeExpr, numberId: boolean): string {
    const test = `(f_${flag.field} & ${smi(2 ** flag.bit)}) !== 0`;
    return t.kind === 'true' ? test : `${test} ? ${this.expr(t, numberId)} : undefined`;
  }

  /**
   * The common shape — flags words read first, then one object literal whose fields read the
   * stream in declaration order (JS evaluates literal properties in order). Smaller source than
   * a local per field, which matters for load time. Undefined when a flags word follows a field
   * that reads bytes (it could not be read ahead of that field).
   */
  private compactReader(c: CombModel): string | undefined {
    if (c.schema === 'mt' && c.tl.name === 'message') return undefined;
    const head: string[] = [];
    const fields: string[] = [`_: '${c.tl.name}'`];
    let readSoFar = false;
    for (const p of c.params) {
      if (p.tl.isFlags) {
        if (readSoFar) return undefined;
        head.push(`  const f_${p.tl.name} = r.int();`);
        continue;
      }
      if (p.tl.type.kind !== 'true') readSoFar = true;
      fields.push(`${p.camel}: ${p.tl.flag ? this.flagged(p.tl.flag, p.tl.type, p.numberId) : this.expr(p.tl.type, p.numberId)}`);
    }
    return [...head, `  return { ${fields.join(', ')} };`].join('\n');
  }

  emit(): string {
    const m = this.model;
    const out: string[] = [HEADER];
    out.push(`import type { Reader } from '../../runtime/reader.js';`);
    out.push(`import type * as T from './types.js';`);
    if (this.part.external.size > 0) out.push(`import * as B from './read.js';`);
    out.push('');
    for (const c of [...m.constructors, ...m.methods]) if (this.part.has(c)) out.push(this.reader(c));
    for (const t of m.types.values()) {
      if (!this.part.types(t.tlName)) continue;
      out.push(`export function read$${t.tsName}(r: Reader): T.${t.tsName} {\n  const id = r.int();\n  switch (id) {`);
      for (const c of t.constructors) out.push(`    case ${smi(c.tl.id)}: return read${c.tsName}(r);`);
      if (!t.constructors.some((c) => c.tl.id === GZIP_ID)) out.push(`    case ${smi(GZIP_ID)}: return read$${t.tsName}(r.gunzip());`);
      out.push(`    default: throw r.unexpected(id, '${t.tlName}');\n  }\n}\n`);
    }
    if (this.any) out.push(this.anyReader(this.any.skip));
    // Make sure every method result has its vector helper before emitting helpers.
    if (this.withResults) for (const c of m.methods) this.resultReader(c);
    const done = new Set<string>();
    for (;;) {
      const next = [...this.vectors.keys()].filter((k) => !done.has(k)).sort();
      if (next.length === 0) break;
      for (const key of next) {
        done.add(key);
        const { t, numberId } = this.vectors.get(key)!;
        const elemTs = tsType(m, t.elem, numberId, 'T.');
        const min = Math.max(1, minSize(m, t.elem));
        const e = this.expr(t.elem, numberId);
        out.push(`export function rv_${key}(r: Reader): ${elemTs}[] {`);
        out.push(`  const n = ${t.boxed ? `r.vector(${min})` : `r.bareVector(${min})`};`);
        out.push(`  const a: ${elemTs}[] = [];\n  for (let i = 0; i < n; i++) a.push(${e});\n  return a;\n}\n`);
      }
    }
    return out.join('\n');
  }
}
