/**
 * Code generator entry: schema texts in, generated files (relative path → content) out.
 * Pure and deterministic; scripts/generate.ts does the file I/O.
 */
import { parseSchema } from '../parser/parse.js';
import type { TlSchema } from '../parser/ast.js';
import { buildModel } from './model.js';
import type { CombModel, SchemaModel } from './model.js';
import { emitTypes } from './emit-types.js';
import type { MethodErrorInfo } from './emit-types.js';
import { WriteEmitter } from './emit-write.js';
import { ReadEmitter } from './emit-read.js';
import { emitApi } from './emit-api.js';
import { emitE2eObjects, emitErrors, emitLayer, emitObjectTables, emitRegistry, emitResults } from './emit-tables.js';
import { WHOLE, clientSides } from './sides.js';
import type { ModulePart } from './sides.js';

export interface GeneratorInput {
  readonly api: string;
  readonly mt: string;
  readonly e2e: string;
  /** Parsed data/errors.json. */
  readonly errors: { readonly methods: Record<string, { readonly errors: readonly MethodErrorInfo[] }> };
}

export interface GeneratorOutput {
  readonly files: ReadonlyMap<string, string>;
  readonly schemas: { readonly api: TlSchema; readonly mt: TlSchema; readonly e2e: TlSchema };
  readonly models: readonly SchemaModel[];
}

export function generate(input: GeneratorInput): GeneratorOutput {
  const schemas = {
    api: parseSchema(input.api, { file: 'telegram.tl' }),
    mt: parseSchema(input.mt, { file: 'mt.tl' }),
    e2e: parseSchema(input.e2e, { file: 'encrypted.tl' }),
  };
  for (const [k, s] of Object.entries(schemas)) {
    const bad = s.idMismatches.filter((m) => !m.known);
    if (bad.length) {
      throw new Error(`${k}: constructor ids do not match their definitions: ${bad.map((b) => `${b.name} (line ${b.line}: #${b.declared.toString(16)} vs crc ${b.computed.toString(16)})`).join(', ')}`);
    }
  }
  if (schemas.api.layer === undefined) throw new Error('telegram.tl has no `// LAYER N` comment');
  const errors: Record<string, readonly MethodErrorInfo[]> = {};
  for (const [name, v] of Object.entries(input.errors.methods)) errors[name] = v.errors;

  const models = [buildModel('api', schemas.api), buildModel('mt', schemas.mt), buildModel('e2e', schemas.e2e)];
  const files = new Map<string, string>();
  const [apiModel, mtModel, e2eModel] = models;
  for (const m of models) {
    files.set(`${m.key}/types.ts`, emitTypes(m, m.key === 'api' ? errors : {}));
    if (m.key === 'api') continue;
    // mt: read$Any lets the MTProto layer recognise and read a service message in one step
    const reader = new ReadEmitter(m, WHOLE, true, m.key === 'mt' ? { skip: new Set(['message']) } : undefined);
    files.set(`${m.key}/write.ts`, new WriteEmitter(m).emit());
    files.set(`${m.key}/read.ts`, reader.emit());
    files.set(`${m.key}/results.ts`, emitResults(m, reader));
  }
  // api: what a client writes (methods and what their parameters reach) and reads (what results
  // reach) in write.ts/read.ts; everything else in the -rest modules (see sides.ts).
  const sides = clientSides(apiModel);
  const writeBase = (c: CombModel): boolean => c.tl.kind === 'method' || sides.request.constructors.has(c.tl.name);
  const readBase = (c: CombModel): boolean => c.tl.kind === 'constructor' && sides.response.constructors.has(c.tl.name);
  const part = (has: (c: CombModel) => boolean, types: ReadonlySet<string>, rest: boolean): ModulePart =>
    rest ? { has: (c) => !has(c), types: (t) => !types.has(t), external: types } : { has, types: (t) => types.has(t), external: WHOLE.external };
  const apiReader = new ReadEmitter(apiModel, part(readBase, sides.response.types, false));
  files.set('api/write.ts', new WriteEmitter(apiModel, part(writeBase, sides.request.types, false)).emit());
  files.set('api/write-rest.ts', new WriteEmitter(apiModel, part(writeBase, sides.request.types, true)).emit());
  files.set('api/read.ts', apiReader.emit());
  files.set('api/read-rest.ts', new ReadEmitter(apiModel, part(readBase, sides.response.types, true), false).emit());
  files.set('api/results.ts', emitResults(apiModel, apiReader));
  // mt `message` is bare-only (inside msg_container) and shares its name with api `message`.
  const tables = emitObjectTables(apiModel, mtModel, new Set(['mt:message']), { writeBase, readBase });
  files.set('objects.ts', tables.base);
  files.set('objects-rest.ts', tables.rest);
  files.set('e2e-objects.ts', emitE2eObjects(e2eModel));
  files.set('registry.ts', emitRegistry(models));
  files.set('errors.ts', emitErrors(errors));
  files.set('api/client-api.ts', emitApi(models[0], errors));
  files.set('layer.ts', emitLayer(schemas.api.layer));
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { files: sorted, schemas, models };
}
