/**
 * `encode`/`decode` of any api, mt or e2e object or request. Importing this module loads the
 * generated code a client alone never needs (constructors only servers send or only clients
 * send); it changes nothing else: {@link fullTables} is passed explicitly where it is used.
 */
import { encodeWith, objectWriterOf } from './codec.js';
import type { AnyTlObject, TlTables } from './codec.js';
import { requestWriters, responseReaders } from './generated/objects.js';
import { restReaders, restWriters } from './generated/objects-rest.js';
import { objectReaders as e2eReaders, objectWriters as e2eWriters } from './generated/e2e-objects.js';
import type * as api from './generated/api/types.js';
import type * as mt from './generated/mt/types.js';
import type * as e2e from './generated/e2e/types.js';
import { Reader } from './runtime/reader.js';
import type { ObjectReaderFn } from './runtime/reader.js';
import type { ObjectWriterFn } from './runtime/writer.js';
import type { TlObject, TlRawVector } from './runtime/types.js';

const allWriters = new Map<string, ObjectWriterFn>([...(requestWriters as ReadonlyMap<string, ObjectWriterFn>), ...(restWriters as ReadonlyMap<string, ObjectWriterFn>)]);
const allReaders = new Map<number, ObjectReaderFn>([...responseReaders, ...restReaders]);
/** Every api and mt object and request, both directions (servers, tools, tests). */
export const fullTables: TlTables = { write: objectWriterOf(allWriters), readers: allReaders };
const writeAny = fullTables.write;
const writeAnyE2e = objectWriterOf(e2eWriters as ReadonlyMap<string, ObjectWriterFn>);

/** Serialize any api/mt object or request (boxed). Throws TlError naming the bad field. */
export function encode(o: AnyTlObject | TlObject): Uint8Array {
  return encodeWith(o, writeAny);
}

/** Decode one boxed api/mt object or request; the whole input must be consumed. */
export function decode(bytes: Uint8Array): AnyTlObject {
  const r = new Reader(bytes, 0, bytes.length, allReaders);
  const o = r.object();
  r.assertEnd();
  return o as AnyTlObject;
}

/** Same as {@link decode}, typed for MTProto service objects. */
export function decodeMt(bytes: Uint8Array): mt.AnyObject | mt.AnyRequest | api.AnyObject | TlRawVector {
  return decode(bytes) as mt.AnyObject | mt.AnyRequest | api.AnyObject | TlRawVector;
}

/** Serialize an end-to-end (secret chat) object, boxed. */
export function encodeE2e(o: e2e.AnyObject | e2e.AnyRequest): Uint8Array {
  return encodeWith(o, writeAnyE2e);
}

/** Decode one boxed end-to-end object. */
export function decodeE2e(bytes: Uint8Array): e2e.AnyObject | e2e.AnyRequest {
  const r = new Reader(bytes, 0, bytes.length, e2eReaders);
  const o = r.object();
  r.assertEnd();
  return o as e2e.AnyObject | e2e.AnyRequest;
}
