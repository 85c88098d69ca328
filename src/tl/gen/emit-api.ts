/**
 * Emits `api/client-api.ts`: the `Api` interface behind `client.api.<namespace>.<method>()`.
 *
 * A mapped type over `Methods` would cost nothing to emit but loses per-member TSDoc, so editors
 * show nothing on hover. Here every method is a real interface member carrying the same doc as its
 * request type, plus a `@throws` line naming the RPC errors Telegram documents for it.
 */
import type { CombModel, SchemaModel } from './model.js';
import type { MethodErrorInfo } from './emit-types.js';
import { errorPrefix } from './emit-types.js';
import { HEADER, docComment, tsType } from './emit-util.js';
import { pascalCase } from './naming.js';

/** Names the emitted module declares itself (imports must not collide with them). */
const OPTIONS = 'ApiCallOptions';
const ROOT = 'Api';

/** Whether a method can be called without params (every field is a flag or the flags word). */
export function paramsOptional(m: CombModel): boolean {
  return m.params.every((p) => p.tl.isFlags || p.tl.flag !== undefined);
}

/** TSDoc lines appended to the definition line: documented errors and the `@throws` summary. */
export function errorDocLines(errs: readonly MethodErrorInfo[]): string[] {
  const lines: string[] = [];
  // Same wording as the request type's doc (emit-types.ts); test/tl/api-interface.test.ts keeps them equal.
  if (errs.length > 0) lines.push(`Documented errors: ${errs.map((e) => `${e.code} ${e.type}`).join(', ')}`);
  const types = [...new Set(errs.map((e) => errorPrefix(e.type)))].sort();
  // The global list is the same for all 800 methods: named once in GlobalErrorType, not repeated here.
  const documented = types.length > 0 ? `${types.join(', ')}, or ` : '';
  lines.push(`@throws {RpcError} ${documented}one of the errors any method may return (\`GlobalErrorType\`: FLOOD_WAIT, *_MIGRATE, AUTH_KEY_*…).`);
  return lines;
}

function splitName(tlName: string): { ns: string | undefined; fn: string } {
  const dot = tlName.indexOf('.');
  return dot < 0 ? { ns: undefined, fn: tlName } : { ns: tlName.slice(0, dot), fn: tlName.slice(dot + 1) };
}

/** Source of `api/client-api.ts` for the api schema; `errors` is data/errors.json by method name. */
export function emitApi(model: SchemaModel, errors: Record<string, readonly MethodErrorInfo[]>): string {
  const imports = new Set<string>(['ParamsOf']);
  // Type names types.ts exports; anything else in a result (Uint8Array) is global.
  const exported = new Set(['TlObject', ...model.constructors.map((c) => c.tsName), ...[...model.types.values()].map((t) => t.tsName)]);
  const namespaces = new Map<string, string[]>();
  const topLevel: string[] = [];

  for (const m of model.methods) {
    const { ns, fn } = splitName(m.tl.name);
    const doc = docComment(m, errorDocLines(errors[m.tl.name] ?? []), '  ');
    const opt = paramsOptional(m) ? '?' : '';
    let member: string;
    if (m.generic) {
      // Wrappers (invokeWithLayer, initConnection…) resolve with the result of their `query`.
      imports.add('AnyRequest').add('ResultOf').add(m.tsName);
      member = `${fn}<Q extends AnyRequest>(params${opt}: Omit<${m.tsName}<Q>, '_'>, options?: O): Promise<ResultOf<Q>>;`;
    } else {
      const result = m.tl.result.kind === 'generic' ? 'unknown' : tsType(model, m.tl.result, false);
      for (const id of result.match(/[A-Za-z_$][\w$]*/g) ?? []) if (exported.has(id)) imports.add(id);
      member = `${fn}(params${opt}: ParamsOf<'${m.tl.name}'>, options?: O): Promise<${result}>;`;
    }
    const text = `${doc}  ${member}`;
    if (ns === undefined) topLevel.push(text);
    else {
      const list = namespaces.get(ns) ?? [];
      list.push(text);
      namespaces.set(ns, list);
    }
  }

  const nsNames = [...namespaces.keys()].sort();
  const local = new Set([OPTIONS, ROOT, ...nsNames.map((n) => ROOT + pascalCase(n))]);
  for (const id of imports) if (local.has(id)) throw new Error(`api: generated name '${id}' clashes with an imported type`);
  const topNames = new Set(model.methods.map((m) => m.tl.name).filter((n) => !n.includes('.')));
  for (const n of nsNames) if (topNames.has(n)) throw new Error(`api: namespace '${n}' clashes with a top-level method`);

  const out: string[] = [HEADER];
  out.push(`import type { ${[...imports].sort().join(', ')} } from './types.js';\n`);
  out.push(
    '/** Per-call options the generated api accepts; the client instantiates {@link Api} with its own (compatible) options type. */\n' +
      `export interface ${OPTIONS} {\n` +
      '  /** Cancels the call. */\n  signal?: AbortSignal;\n' +
      '  /** Time limit for the call, ms. */\n  timeout?: number;\n' +
      '  /** Send to this DC instead of the primary one. */\n  dcId?: number;\n}\n',
  );
  for (const n of nsNames) {
    out.push(`/** Methods of the \`${n}.*\` namespace. */`);
    out.push(`export interface ${ROOT}${pascalCase(n)}<O = ${OPTIONS}> {\n${namespaces.get(n)!.join('\n')}\n}\n`);
  }
  out.push('/** Every method of the layer, grouped by namespace: `api.messages.exportChatInvite({ peer })`. */');
  const members = nsNames.map((n) => `  /** Methods of the \`${n}.*\` namespace. */\n  readonly ${n}: ${ROOT}${pascalCase(n)}<O>;`);
  out.push(`export interface ${ROOT}<O = ${OPTIONS}> {\n${[...members, ...topLevel].join('\n')}\n}\n`);
  return out.join('\n');
}
