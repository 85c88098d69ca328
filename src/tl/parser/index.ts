/** TL schema parser: `parseSchema(text)` → constructors, methods, layer and id check results. */
export { parseSchema } from './parse.js';
export type { ParseOptions } from './parse.js';
export type { TlCombinator, TlCombinatorKind, TlIdMismatch, TlParam, TlPrimitive, TlSchema, TlTypeExpr } from './ast.js';
export { crc32 } from './crc32.js';
export { normaliseDefinition, KNOWN_ID_EXCEPTIONS } from './normalize.js';
