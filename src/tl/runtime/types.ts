/** Shapes shared by the runtime and the generated code. */

/** Any decoded TL object: a plain object whose `_` is its TL name. */
export interface TlObject {
  readonly _: string;
}

/**
 * A boxed vector met where any object was expected (e.g. `rpc_result.result` of a method that
 * returns `Vector<long>`): its element type is unknown there, so the bytes are kept. Read it
 * with `readResult(method, new Reader(v.raw))`. Writing it writes `raw` verbatim.
 */
export interface TlRawVector extends TlObject {
  readonly _: 'vector';
  /** Boxed vector bytes, starting with 0x1cb5c415. */
  readonly raw: Uint8Array;
}

export const VECTOR_ID = 0x1cb5c415;
export const GZIP_PACKED_ID = 0x3072cfa1;
export const BOOL_TRUE_ID = 0x997275b5;
export const BOOL_FALSE_ID = 0xbc799737;
export const TRUE_ID = 0x3fedd339;
