/**
 * `tgts/tl`: TL types of layer {@link LAYER}, the binary codec and the schema registry.
 *
 * - api types are exported flat (`User`, `InputPeer`, `MessagesSendMessageRequest`, `Methods`...);
 *   MTProto service types are under `mt`, end-to-end (secret chat) types under `e2e`.
 * - `encode`/`decode` any object; `writeRequest`/`readResult` for RPC; `Reader`/`Writer` for
 *   hand-written framing.
 */
export { LAYER } from './generated/layer.js';
export type * from './generated/api/types.js';
export type * as mt from './generated/mt/types.js';
export type * as e2e from './generated/e2e/types.js';
export { Reader, DEFAULT_MAX_GZIP_SIZE } from './runtime/reader.js';
export { Writer, gzipPacked } from './runtime/writer.js';
export type { TlObject, TlRawVector } from './runtime/types.js';
export { VECTOR_ID, GZIP_PACKED_ID, BOOL_TRUE_ID, BOOL_FALSE_ID } from './runtime/types.js';
export { TlError, TlSchemaError } from './errors.js';
export { encodeMt, writeRequest, readResult, readObject, decodeIncoming } from './codec.js';
export type { AnyTlObject } from './codec.js';
export { encode, decode, decodeMt, encodeE2e, decodeE2e } from './full-codec.js';
export { findByName, findById, constructorsOf, entriesOf, registryEntries } from './registry.js';
export type { TlEntry, TlEntryParam, TlSchemaName } from './registry.js';
export { methodErrors } from './generated/errors.js';
