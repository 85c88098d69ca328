/**
 * Emits `<schema>/write.ts`: one exported writer per constructor and method (id + fields),
 * a bare writer where a constructor is used bare, and per abstract type a dispatch on `_`
 * over that type's constructors only — so a bundler can drop writers nobody calls.
 */
import type { TlTypeExpr } from '../parser/ast.js';
import type { CombModel, ParamModel, SchemaModel } from './model.js';
import { bareConstructor } from './model.js';
import { HEADER, smi, tsType, typeKey } from './emit-util.js';
import { WHOLE } from './sides.js';
import type { ModulePart } from './sides.js';

const VECTOR_ID = 0x1cb5c415;

export class WriteEmitter {
  private readonly vectors = new Map<string, { t: TlTypeExpr & { kind: 'vector' }; numberId: boolean }>();
  private readonly bare = new Set<string>();

  constructor(
    private readonly model: SchemaModel,
    private readonly part: ModulePart = WHOLE,
  ) {}

  /** Statement writing value expression `v` of TL type `t`. */
  stmt(t: TlTypeExpr, v: string, numberId: boolean): string {
    switch (t.kind) {
      case 'primitive':
        if (t.name === 'long') return numberId ? `w.longNumber(${v});` : `w.long(${v});`;
        return `w.${t.name}(${v});`;
      case 'true':
        return '';
      case 'boxed':
        if (t.name === 'Bool') return `w.bool(${v});`;
        if (t.name === 'Object') return `w.raw(${v});`; // already serialised (see tsType)
        if (t.name === 'True') return `w.int(${smi(0x3fedd339)});`;
        return `${this.part.external.has(t.name) ? 'B.' : ''}write$${this.model.types.get(t.name)!.tsName}(w, ${v});`;
      case 'bare': {
        const c = bareConstructor(this.model, t.name);
        this.bare.add(c.tl.name);
        return `writeBare${c.tsName}(w, ${v});`;
      }
      case 'vector': {
        const key = typeKey(t, numberId);
        this.vectors.set(key, { t, numberId });
        return `wv_${key}(w, ${v});`;
      }
      case 'generic':
        return `w.object(${v});`;
    }
  }

  private body(c: CombModel): string[] {
    const lines: string[] = [];
    const flagFields = c.params.filter((p) => p.tl.isFlags);
    // When each flag bit belongs to one field, a field's presence is its bit: the flags word is
    // one expression and each optional field tests itself (smaller source, no locals).
    const bits = c.params.filter((p) => p.tl.flag).map((p) => `${p.tl.flag!.field}.${p.tl.flag!.bit}`);
    const inline = new Set(bits).size === bits.length;
    const present = (p: ParamModel): string => (p.tl.type.kind === 'true' ? `o.${p.camel}` : `o.${p.camel} !== undefined`);
    const flagsExpr = (f: ParamModel): string => {
      const parts = c.params.filter((p) => p.tl.flag?.field === f.tl.name).map((p) => `(${present(p)} ? ${smi(2 ** p.tl.flag!.bit)} : 0)`);
      return parts.length ? parts.join(' | ') : '0';
    };
    if (!inline) {
      for (const f of flagFields) {
        lines.push(`  let f_${f.tl.name} = 0;`);
        for (const p of c.params) {
          if (p.tl.flag?.field !== f.tl.name) continue;
          lines.push(`  if (${present(p)}) f_${f.tl.name} |= ${smi(2 ** p.tl.flag.bit)};`);
        }
      }
    }
    const isMessage = c.schema === 'mt' && c.tl.name === 'message';
    for (const p of c.params) {
      if (p.tl.isFlags) {
        lines.push(inline ? `  w.int(${flagsExpr(p)});` : `  w.int(f_${p.tl.name});`);
        continue;
      }
      if (isMessage && p.tl.name === 'bytes') {
        // `bytes` is the length of `body`: computed, not taken from the object.
        lines.push('  const at = w.pos;', '  w.int(0);');
        continue;
      }
      if (isMessage && p.tl.name === 'body') {
        lines.push('  w.raw(o.body);', '  w.patchInt(at, w.pos - at - 4);');
        continue;
      }
      const s = this.stmt(p.tl.type, `o.${p.camel}`, p.numberId);
      if (!s) continue;
      if (p.tl.flag && inline) lines.push(`  if (${present(p)}) ${s.replace(`o.${p.camel}`, `o.${p.camel}!`)}`);
      else if (p.tl.flag) lines.push(`  if ((f_${p.tl.flag.field} & ${smi(2 ** p.tl.flag.bit)}) !== 0) ${s.replace(`o.${p.camel}`, `o.${p.camel}!`)}`);
      else lines.push(`  ${s}`);
    }
    return lines;
  }

  emit(): string {
    const m = this.model;
    const out: string[] = [HEADER];
    out.push(`import type { Writer } from '../../runtime/writer.js';`);
    out.push(`import type * as T from './types.js';`);
    if (this.part.external.size > 0) out.push(`import * as B from './write.js';`);
    out.push('');
    const all = [...m.constructors, ...m.methods].filter(this.part.has);
    for (const c of all) {
      const gen = c.generic ? '<T.AnyRequest>' : '';
      const body = this.body(c);
      const used = body.some((l) => /\bo\./.test(l));
      out.push(`export function write${c.tsName}(w: Writer, ${used ? 'o' : '_o'}: T.${c.tsName}${gen}): void {\n  w.int(${smi(c.tl.id)});\n${body.join('\n')}\n}\n`);
    }
    for (const t of m.types.values()) {
      if (!this.part.types(t.tlName)) continue;
      // `o?._`: a missing value lands in `default` and gets a typed error, not a TypeError.
      out.push(`export function write$${t.tsName}(w: Writer, o: T.${t.tsName}): void {\n  switch (o?._) {`);
      for (const c of t.constructors) out.push(`    case '${c.tl.name}': return write${c.tsName}(w, o);`);
      out.push(`    default: throw w.wrongObject(o, '${t.tlName}');\n  }\n}\n`);
    }
    // Bare writers may reference further vectors/bare constructors; loop until closed.
    const doneBare = new Set<string>();
    const doneVec = new Set<string>();
    for (;;) {
      const nextBare = [...this.bare].filter((b) => !doneBare.has(b)).sort();
      const nextVec = [...this.vectors.keys()].filter((k) => !doneVec.has(k)).sort();
      if (nextBare.length === 0 && nextVec.length === 0) break;
      for (const name of nextBare) {
        doneBare.add(name);
        const c = m.byName.get(name)!;
        const body = this.body(c);
        out.push(`export function writeBare${c.tsName}(w: Writer, o: T.${c.tsName}): void {\n${body.join('\n')}\n}\n`);
      }
      for (const key of nextVec) {
        doneVec.add(key);
        const { t, numberId } = this.vectors.get(key)!;
        const elemTs = tsType(m, t.elem, numberId, 'T.');
        const s = this.stmt(t.elem, 'a[i]', numberId);
        out.push(`export function wv_${key}(w: Writer, a: readonly ${elemTs.replace(/^(.*)\[\]$/, '(readonly $1[])')}[]): void {`);
        out.push(t.boxed ? `  w.int(${smi(VECTOR_ID)});\n  w.int(a.length);` : '  w.int(a.length);');
        out.push(`  for (let i = 0; i < a.length; i++) ${s}\n}\n`);
      }
    }
    return out.join('\n');
  }
}
