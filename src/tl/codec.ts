/**
 * The client's codec: write requests, read results and pushed updates, encode/decode MTProto
 * service objects. It loads only the generated modules a client needs (methods and what their
 * parameters reach; what results reach; mt.tl) — see `gen/sides.ts`. `full-codec.ts` adds the
 * rest for encode/decode of arbitrary objects. Importing this module installs its tables into
 * Reader/Writer.
 */
import { TlError } from './errors.js';
import { requestWriters, responseReaders } from './generated/objects.js';
import { resultReaders as apiResults } from './generated/api/results.js';
import { resultReaders as mtResults } from './generated/mt/results.js';
import type * as api from './generated/api/types.js';
import type * as mt from './generated/mt/types.js';
import { Reader, asTlError, installObjectReaders } from './runtime/reader.js';
import type { ObjectReaderFn } from './runtime/reader.js';
import { Writer, installObjectWriter } from './runtime/writer.js';
import type { ObjectWriterFn } from './runtime/writer.js';
import type { TlObject, TlRawVector } from './runtime/types.js';
import { explainEncodeError } from './trace.js';

/** Any api or mt object or request. */
export type AnyTlObject = api.AnyObject | api.AnyRequest | mt.AnyObject | mt.AnyRequest | TlRawVector;

type WriterTable = ReadonlyMap<string, ObjectWriterFn>;

/** Boxed writer of any object in `table`, chosen by its `_` (raw vectors pass through). */
export function objectWriterOf(table: WriterTable): ObjectWriterFn {
  return (w, o) => {
    const fn = typeof o === 'object' && o !== null ? table.get(o._) : undefined;
    if (fn !== undefined) {
      fn(w, o);
      return;
    }
    if (o?._ === 'vector' && (o as TlRawVector).raw instanceof Uint8Array) {
      w.raw((o as TlRawVector).raw);
      return;
    }
    const name = typeof o === 'object' && o !== null ? (o as { _?: unknown })._ : undefined;
    throw new TlError(typeof name === 'string' ? `unknown constructor or method '${name}'` : 'not a TL object (no `_`)', -1, 'a known constructor or method name');
  };
}

let writeAny: ObjectWriterFn = objectWriterOf(requestWriters as WriterTable);
installObjectWriter(writeAny);
installObjectReaders(responseReaders);

/**
 * Widens the global tables (used by `full-codec.ts`): `Writer.object`, `writeRequest` and
 * `Reader.object` then know every object, not only the client's side.
 */
export function installTables(writers: WriterTable, readers: ReadonlyMap<number, ObjectReaderFn>): ObjectWriterFn {
  writeAny = objectWriterOf(writers);
  installObjectWriter(writeAny);
  installObjectReaders(readers);
  return writeAny;
}

const shared = new Writer(4096);

/** Serialize `o` with `write` into a fresh Uint8Array; a failure is a TlError naming the field. */
export function encodeWith(o: TlObject, write: ObjectWriterFn): Uint8Array {
  const w = shared;
  w.reset();
  try {
    write(w, o);
  } catch (e) {
    w.reset();
    throw explainEncodeError(e, o, write);
  }
  const out = w.finish();
  if (w.buf.length > 1 << 20) shared.buf = new Uint8Array(4096); // don't pin a huge buffer
  return out;
}

/** Serialize an MTProto service object or request (boxed). Throws TlError naming the bad field. */
export function encodeMt(o: mt.AnyObject | mt.AnyRequest): Uint8Array {
  return encodeWith(o, writeAny);
}

/**
 * Write a request (any api or mt method, boxed) into `w`. On a bad value nothing is left
 * written and a TlError names the field (e.g. `messages.exportChatInvite.peer`).
 */
export function writeRequest(w: Writer, req: api.AnyRequest | mt.AnyRequest): void {
  const start = w.pos;
  try {
    writeAny(w, req);
  } catch (e) {
    w.pos = start;
    throw explainEncodeError(e, req, writeAny);
  }
}

/**
 * Read the result of `method` (checked against the declared result type; gzip_packed is
 * unpacked; `Vector<long>`/`Vector<int>` results are read with bare elements). For wrapper
 * methods (invokeWithLayer...) pass the inner method's name; given the wrapper, any object is read.
 */
export function readResult<M extends api.MethodName>(method: M, r: Reader): api.Methods[M]['result'];
export function readResult<M extends mt.MethodName>(method: M, r: Reader): mt.Methods[M]['result'];
export function readResult(method: string, r: Reader): unknown;
export function readResult(method: string, r: Reader): unknown {
  const fn = apiResults.get(method) ?? mtResults.get(method);
  if (!fn) throw new TlError(`unknown method '${method}'`, r.pos, 'a method name');
  const at = r.pos;
  try {
    if (r.remaining >= 4 && r.buf[r.pos] === 0xa1 && r.buf[r.pos + 1] === 0xcf && r.buf[r.pos + 2] === 0x72 && r.buf[r.pos + 3] === 0x30) {
      // gzip_packed around a vector result (typed readers unpack boxed objects themselves).
      r.pos += 4;
      return fn(r.gunzip());
    }
    return fn(r);
  } catch (e) {
    throw asTlError(e, at, `result of ${method}`);
  }
}

/** Read any boxed object from `r` (gzip transparent): on a client, anything a result or update can hold. */
export function readObject(r: Reader): AnyTlObject {
  return r.object() as AnyTlObject;
}

/** Decode one boxed object a client can receive (results, updates, mt); the whole input must be consumed. */
export function decodeIncoming(bytes: Uint8Array): AnyTlObject {
  const r = new Reader(bytes);
  const o = r.object();
  r.assertEnd();
  return o as AnyTlObject;
}
