/**
 * Code generator entry: schema texts in, generated files (relative path → content) out.
 * Pure and deterministic; scripts/generate.ts does the file I/O.
 */
import { parseSchema } from '../parser/parse.js';
import type { TlSchema } from '../parser/ast.js';
import { buildModel } from './model.js';
import type { SchemaModel } from './model.js';
import { emitTypes } from './emit-types.js';
import type { MethodErrorInfo } from './emit-types.js';
import { WriteEmitter } from './emit-write.js';
import { ReadEmitter } from './emit-read.js';
import { emitApi } from './emit-api.js';
import { emitErrors, emitLayer, emitObjects, emitRegistry, emitResults } from './emit-tables.js';

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
  for (const m of models) {
    const reader = new ReadEmitter(m);
    files.set(`${m.key}/types.ts`, emitTypes(m, m.key === 'api' ? errors : {}));
    files.set(`${m.key}/write.ts`, new WriteEmitter(m).emit());
    const readSrc = reader.emit();
    files.set(`${m.key}/results.ts`, emitResults(m, reader));
    files.set(`${m.key}/read.ts`, readSrc);
  }
  // mt `message` is bare-only (inside msg_container) and shares its name with api `message`.
  files.set('objects.ts', emitObjects([models[0], models[1]], new Set(['mt:message']), ''));
  files.set('e2e-objects.ts', emitObjects([models[2]], new Set(), ''));
  files.set('registry.ts', emitRegistry(models));
  files.set('errors.ts', emitErrors(errors));
  files.set('api/client-api.ts', emitApi(models[0], errors));
  files.set('layer.ts', emitLayer(schemas.api.layer));
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { files: sorted, schemas, models };
}
