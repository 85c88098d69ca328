/**
 * Turns a parsed schema into the model the emitters use: TS names, abstract types with their
 * constructors, number-id fields. All naming decisions live here.
 */
import type { TlCombinator, TlParam, TlSchema, TlTypeExpr } from '../parser/ast.js';
import { camelCase, pascalCase } from './naming.js';
import { NUMBER_ID_EXCEPTIONS, NUMBER_ID_FIELD_NAMES, NUMBER_ID_FIELDS_BY_COMBINATOR } from './number-ids.js';

export type SchemaKey = 'api' | 'mt' | 'e2e';

/** Combinators encoded natively (Bool → boolean, flags.N?true → boolean). */
const NATIVE = new Set(['boolFalse', 'boolTrue', 'true']);
/** Types that are not defined by constructors in the schema. */
export const NATIVE_TYPES = new Set(['Bool', 'Object', 'True']);

export interface ParamModel {
  readonly tl: TlParam;
  readonly camel: string;
  /** TL `long` (or Vector<long>) emitted as JS number. */
  readonly numberId: boolean;
}

export interface CombModel {
  readonly tl: TlCombinator;
  readonly schema: SchemaKey;
  /** TS interface name (`ChatInviteExported`, `RawUser`, `MessagesExportChatInviteRequest`). */
  readonly tsName: string;
  /** Result type name for constructors (TL). */
  readonly typeName: string;
  readonly params: readonly ParamModel[];
  /** Generic method (`{X:Type}` with a `!X` parameter). */
  readonly generic: boolean;
}

export interface TypeModel {
  readonly tlName: string;
  readonly tsName: string;
  readonly constructors: readonly CombModel[];
  /** Single constructor whose TS name equals the type name: one interface serves as both. */
  readonly merged: boolean;
}

export interface SchemaModel {
  readonly key: SchemaKey;
  readonly layer?: number;
  readonly constructors: readonly CombModel[];
  readonly methods: readonly CombModel[];
  readonly types: ReadonlyMap<string, TypeModel>;
  readonly byName: ReadonlyMap<string, CombModel>;
}

function isLongish(t: TlTypeExpr): boolean {
  return (t.kind === 'primitive' && t.name === 'long') || (t.kind === 'vector' && t.elem.kind === 'primitive' && t.elem.name === 'long');
}

/** Whether `comb.param` is a user/chat/channel id emitted as number (api schema only). */
export function isNumberIdField(schema: SchemaKey, comb: string, param: TlParam): boolean {
  if (schema !== 'api' || !isLongish(param.type)) return false;
  if (NUMBER_ID_EXCEPTIONS.includes(`${comb}.${param.name}`)) return false;
  return NUMBER_ID_FIELD_NAMES.includes(param.name) || (NUMBER_ID_FIELDS_BY_COMBINATOR[comb]?.includes(param.name) ?? false);
}

export function buildModel(key: SchemaKey, schema: TlSchema): SchemaModel {
  const ctorsTl = schema.constructors.filter((c) => !NATIVE.has(c.name));
  const typeNames = new Map<string, string[]>();
  for (const c of ctorsTl) {
    const list = typeNames.get(c.resultText) ?? [];
    list.push(c.name);
    typeNames.set(c.resultText, list);
  }
  const abstractTs = new Map<string, string>();
  for (const t of typeNames.keys()) {
    const ts = pascalCase(t);
    const other = abstractTs.get(ts);
    if (other !== undefined) throw new Error(`${key}: types '${other}' and '${t}' both map to TS name '${ts}'`);
    abstractTs.set(ts, t);
  }

  const mkParams = (c: TlCombinator): ParamModel[] => {
    const seen = new Set<string>();
    return c.params.map((p) => {
      const camel = camelCase(p.name);
      if (seen.has(camel)) throw new Error(`${key}: ${c.name}: two parameters map to '${camel}'`);
      seen.add(camel);
      return { tl: p, camel, numberId: isNumberIdField(key, c.name, p) };
    });
  };

  const used = new Set<string>();
  const claim = (ts: string, what: string): string => {
    if (used.has(ts)) throw new Error(`${key}: TS name '${ts}' is used twice (${what})`);
    used.add(ts);
    return ts;
  };

  const constructors: CombModel[] = ctorsTl.map((c) => {
    let ts = pascalCase(c.name);
    const clash = abstractTs.get(ts);
    if (clash !== undefined) {
      const single = clash === c.resultText && typeNames.get(clash)!.length === 1;
      if (!single) ts = 'Raw' + ts;
    }
    return { tl: c, schema: key, tsName: ts, typeName: c.resultText, params: mkParams(c), generic: false };
  });
  const methods: CombModel[] = schema.methods.map((m) => ({
    tl: m,
    schema: key,
    tsName: pascalCase(m.name) + 'Request',
    typeName: m.resultText,
    params: mkParams(m),
    generic: m.generics.length > 0 && m.params.some((p) => p.type.kind === 'generic'),
  }));

  const byName = new Map<string, CombModel>();
  for (const c of [...constructors, ...methods]) byName.set(c.tl.name, c);

  const types = new Map<string, TypeModel>();
  for (const [t, names] of typeNames) {
    const ctors = names.map((n) => byName.get(n)!);
    const tsName = pascalCase(t);
    const merged = ctors.length === 1 && ctors[0].tsName === tsName;
    types.set(t, { tlName: t, tsName, constructors: ctors, merged });
  }
  for (const t of types.values()) if (!t.merged) claim(t.tsName, `type ${t.tlName}`);
  for (const c of constructors) claim(c.tsName, `constructor ${c.tl.name}`);
  for (const m of methods) claim(m.tsName, `method ${m.tl.name}`);

  // Every referenced type must exist.
  const check = (t: TlTypeExpr, where: string): void => {
    if (t.kind === 'vector') check(t.elem, where);
    else if (t.kind === 'boxed' && !types.has(t.name) && !NATIVE_TYPES.has(t.name)) throw new Error(`${key}: ${where}: unknown type '${t.name}'`);
    else if (t.kind === 'bare' && !byName.has(t.name) && !types.has(t.name)) throw new Error(`${key}: ${where}: unknown bare type '${t.name}'`);
  };
  for (const c of [...constructors, ...methods]) {
    for (const p of c.params) check(p.tl.type, `${c.tl.name}.${p.tl.name}`);
    // Method results may name a type with no constructors (mt.tl http_wait → HttpWait): typed `unknown`.
  }

  return { key, layer: schema.layer, constructors, methods, types, byName };
}

/** The single constructor a bare reference (`future_salt`, `%Message`) denotes. */
export function bareConstructor(model: SchemaModel, name: string): CombModel {
  const direct = model.byName.get(name);
  if (direct && direct.tl.kind === 'constructor') return direct;
  const t = model.types.get(name);
  if (t && t.constructors.length === 1) return t.constructors[0];
  throw new Error(`${model.key}: bare reference '${name}' does not denote a single constructor`);
}
