/** Emits `<schema>/types.ts`: one interface per constructor/method, unions per type, Methods & co. */
import { parseRpcErrorMessage } from '../../errors.js';
import type { CombModel, SchemaModel } from './model.js';
import { HEADER, docComment, tsType } from './emit-util.js';

export interface MethodErrorInfo {
  readonly code: number;
  readonly type: string;
}

/** Error types every method can return (prefix form of parametrised ones). */
export const GLOBAL_ERRORS: readonly string[] = [
  'FLOOD_WAIT',
  'FLOOD_PREMIUM_WAIT',
  'SLOWMODE_WAIT',
  'PHONE_MIGRATE',
  'NETWORK_MIGRATE',
  'USER_MIGRATE',
  'FILE_MIGRATE',
  'STATS_MIGRATE',
  'AUTH_KEY_UNREGISTERED',
  'AUTH_KEY_INVALID',
  'AUTH_KEY_DUPLICATED',
  'AUTH_KEY_PERM_EMPTY',
  'USER_DEACTIVATED',
  'USER_DEACTIVATED_BAN',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'SESSION_PASSWORD_NEEDED',
  'CONNECTION_NOT_INITED',
  'CONNECTION_LAYER_INVALID',
  'INPUT_METHOD_INVALID',
  'MSG_WAIT_FAILED',
  'TIMEOUT',
  'INTERNAL',
];

/** `FLOOD_WAIT_%d` → `FLOOD_WAIT`; `FILE_PART_%d_MISSING` → `FILE_PART`. */
export function errorPrefix(type: string): string {
  // The same rule RpcError applies to a received message, so `switch (err.type)` matches these names.
  return parseRpcErrorMessage(type.replace(/%d/g, '1')).type;
}

function fieldLines(model: SchemaModel, c: CombModel): string[] {
  const out = [`  _: '${c.tl.name}';`];
  for (const p of c.params) {
    if (p.tl.isFlags) continue;
    const t = p.tl.type;
    if (p.tl.flag && t.kind === 'true') {
      out.push(`  ${p.camel}?: boolean;`);
      continue;
    }
    const ts = tsType(model, t, p.numberId);
    out.push(`  ${p.camel}${p.tl.flag ? '?' : ''}: ${ts};`);
  }
  return out;
}

export function emitTypes(model: SchemaModel, errors: Record<string, readonly MethodErrorInfo[]>): string {
  const out: string[] = [HEADER];
  out.push(`import type { TlObject } from '../../runtime/types.js';\n`);
  out.push(`export type { TlObject };\n`);

  for (const c of model.constructors) {
    out.push(docComment(c));
    out.push(`export interface ${c.tsName} {\n${fieldLines(model, c).join('\n')}\n}\n`);
  }
  for (const t of model.types.values()) {
    if (t.merged) continue;
    out.push(`/** TL type \`${t.tlName}\`: one of its constructors. */`);
    out.push(`export type ${t.tsName} = ${t.constructors.map((c) => c.tsName).join(' | ')};\n`);
  }

  const generic = model.methods.filter((m) => m.generic);
  for (const m of model.methods) {
    const errs = errors[m.tl.name] ?? [];
    const extra = errs.length > 0 ? [`Documented errors: ${errs.map((e) => `${e.code} ${e.type}`).join(', ')}`] : [];
    out.push(docComment(m, extra));
    const gen = m.generic ? '<Q extends AnyRequest = AnyRequest>' : '';
    out.push(`export interface ${m.tsName}${gen} {\n${fieldLines(model, m).join('\n')}\n}\n`);
  }

  out.push('/** Every method: its request object type and its result type. */');
  out.push('export interface Methods {');
  for (const m of model.methods) {
    const result = m.tl.result.kind === 'generic' ? 'unknown' : tsType(model, m.tl.result, false);
    out.push(`  '${m.tl.name}': { request: ${m.tsName}; result: ${result} };`);
  }
  out.push('}\n');
  out.push('/** TL name of any method. */\nexport type MethodName = keyof Methods;\n');
  out.push(`/** Any request object. */\nexport type AnyRequest = ${model.methods.length ? model.methods.map((m) => m.tsName).join(' | ') : 'never'};\n`);
  out.push(`/** Wrapper methods whose result is the result of their \`query\`. */\nexport type GenericMethodName = ${generic.length ? generic.map((m) => `'${m.tl.name}'`).join(' | ') : 'never'};\n`);
  // Unrolled to a fixed depth instead of recursive: a recursive conditional type makes
  // `<R extends AnyRequest>(r: R) => Promise<ResultOf<R>>` comparisons "excessively deep".
  const levels = 4;
  for (let i = 0; i < levels; i++) {
    const name = i === 0 ? 'ResultOf' : `ResultOfLevel${i}`;
    const next = i === levels - 1 ? 'unknown' : `ResultOfLevel${i + 1}<Q>`;
    const doc = i === 0 ? '/** Result type of a request (wrappers such as invokeWithLayer give the result of their query, up to 4 levels deep). */\n' : '/** @internal */\n';
    out.push(
      `${doc}export type ${name}<R extends AnyRequest> = R extends { _: GenericMethodName; query: infer Q extends AnyRequest }\n` +
        `  ? ${next}\n` +
        "  : Methods[R['_']]['result'];\n",
    );
  }
  out.push("/** Parameters of a method (its request without `_`). */\nexport type ParamsOf<M extends MethodName> = Omit<Methods[M]['request'], '_'>;\n");
  out.push(`/** Any constructor of this schema. */\nexport type AnyObject = ${model.constructors.map((c) => c.tsName).join(' | ')};\n`);
  out.push('/** TL constructor name → its TS type. */\nexport interface Objects {');
  for (const c of model.constructors) out.push(`  '${c.tl.name}': ${c.tsName};`);
  out.push('}\n');

  out.push(`/** Error types any method may return. */\nexport type GlobalErrorType = ${GLOBAL_ERRORS.map((e) => `'${e}'`).join(' | ')};\n`);
  out.push('/** Documented error types per method (parametrised ones as their prefix, e.g. FLOOD_WAIT). */\nexport interface MethodErrorTypes {');
  for (const m of model.methods) {
    const types = [...new Set((errors[m.tl.name] ?? []).map((e) => errorPrefix(e.type)))].sort();
    out.push(`  '${m.tl.name}': ${types.length ? types.map((t) => `'${t}'`).join(' | ') : 'never'};`);
  }
  out.push('}\n');
  out.push('/** Error types a method may fail with: its documented ones plus the global ones. */\nexport type ErrorsOf<M extends MethodName> = MethodErrorTypes[M] | GlobalErrorType;\n');
  return out.join('\n');
}
