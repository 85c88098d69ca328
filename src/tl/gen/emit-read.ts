/**
 * Emits `<schema>/read.ts`: per constructor/method a body reader (after the id), per abstract
 * type a reader that reads the id and dispatches among that type's constructors only
 * (anything else → TlError; gzip_packed is unpacked transparently), and vector helpers.
 */
import type { TlTypeExpr } from '../parser/ast.js';
import type { CombModel, SchemaModel } from './model.js';
import { bareConstructor } from './model.js';
import { HEADER, minSize, smi, tsType, typeKey } from './emit-util.js';

const GZIP_ID = 0x3072cfa1;

export class ReadEmitter {
  private readonly vectors = new Map<string, { t: TlTypeExpr & { kind: 'vector' }; numberId: boolean }>();

  constructor(private readonly model: SchemaModel) {}

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
        if (t.name === 'Object') return 'r.object()';
        if (t.name === 'True') return 'r.trueValue()';
        if (!this.model.types.has(t.name)) return 'r.object()';
        return `read$${this.model.types.get(t.name)!.tsName}(r)`;
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
        const test = `(f_${p.tl.flag.field} & ${smi(2 ** p.tl.flag.bit)}) !== 0`;
        if (p.tl.type.kind === 'true') lines.push(`  const ${v} = ${test};`);
        else lines.push(`  const ${v} = ${test} ? ${this.expr(p.tl.type, p.numberId)} : undefined;`);
        continue;
      }
      if (isMessage && p.tl.name === 'body') {
        // The body is exactly `bytes` long: read it from a bounded window.
        lines.push(`  const ${v} = r.objectIn(v_bytes);`);
        continue;
      }
      lines.push(`  const ${v} = ${this.expr(p.tl.type, p.numberId)};`);
    }
    const gen = c.generic ? '' : '';
    const sig = `export function read${c.tsName}(${c.params.length ? 'r' : '_r'}: Reader): T.${c.tsName}${gen} {`;
    return `${sig}\n${lines.join('\n')}${lines.length ? '\n' : ''}  return { ${fields.join(', ')} };\n}\n`;
  }

  emit(): string {
    const m = this.model;
    const out: string[] = [HEADER];
    out.push(`import type { Reader } from '../../runtime/reader.js';`);
    out.push(`import type * as T from './types.js';\n`);
    for (const c of [...m.constructors, ...m.methods]) {
      out.push(`/** Reads the fields of \`${c.tl.name}\` (its id has been read). */`);
      out.push(this.reader(c));
    }
    for (const t of m.types.values()) {
      out.push(`/** Reads a boxed \`${t.tlName}\`. */`);
      out.push(`export function read$${t.tsName}(r: Reader): T.${t.tsName} {\n  const id = r.int();\n  switch (id) {`);
      for (const c of t.constructors) out.push(`    case ${smi(c.tl.id)}: return read${c.tsName}(r);`);
      out.push(`    case ${smi(GZIP_ID)}: return read$${t.tsName}(r.gunzip());`);
      out.push(`    default: throw r.unexpected(id, '${t.tlName}');\n  }\n}\n`);
    }
    // Make sure every method result has its vector helper before emitting helpers.
    for (const c of m.methods) this.resultReader(c);
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
