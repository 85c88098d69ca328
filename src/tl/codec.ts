/**
 * Entry points over the generated codec: encode/decode any object, write a request, read a
 * method's result. Importing this module installs the global object tables into Reader/Writer.
 */
import { TlError } from './errors.js';
import { objectReaders, objectWriters } from './generated/objects.js';
import { objectReaders as e2eReaders, objectWriters as e2eWriters } from './generated/e2e-objects.js';
import { resultReaders as apiResults } from './generated/api/results.js';
import { resultReaders as mtResults } from './generated/mt/results.js';
import type * as api from './generated/api/types.js';
import type * as mt from './generated/mt/types.js';
import type * as e2e from './generated/e2e/types.js';
import { Reader, asTlError, installObjectReaders } from './runtime/reader.js';
import { Writer, installObjectWriter } from './runtime/writer.js';
import type { ObjectWriterFn } from './runtime/writer.js';
import type { TlObject, TlRawVector } from './runtime/types.js';
import { explainEncodeError } from './validate.js';

/** Any api or mt object or request. */
export type AnyTlObject = api.AnyObject | api.AnyRequest | mt.AnyObject | mt.AnyRequest | TlRawVector;

function makeObjectWriter(table: ReadonlyMap<string, ObjectWriterFn>, schema: 'api' | 'e2e'): ObjectWriterFn {
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
    throw explainEncodeError(undefined, o, schema);
  };
}

const writeAny = makeObjectWriter(objectWriters, 'api');
const writeAnyE2e = makeObjectWriter(e2eWriters, 'e2e');
installObjectWriter(writeAny);
installObjectReaders(objectReaders);

const shared = new Writer(4096);

function encodeWith(o: TlObject, write: ObjectWriterFn, schema: 'api' | 'e2e'): Uint8Array {
  const w = shared;
  w.reset();
  try {
    write(w, o);
  } catch (e) {
    w.reset();
    throw explainEncodeError(e, o, schema);
  }
  const out = w.finish();
  if (w.buf.length > 1 << 20) shared.buf = new Uint8Array(4096); // don't pin a huge buffer
  return out;
}

/** Serialize any api/mt object or request (boxed). Throws TlError naming the bad field. */
export function encode(o: AnyTlObject | TlObject): Uint8Array {
  return encodeWith(o, writeAny, 'api');
}

/** Decode one boxed api/mt object or request; the whole input must be consumed. */
export function decode(bytes: Uint8Array): AnyTlObject {
  const r = new Reader(bytes);
  const o = r.object();
  r.assertEnd();
  return o as AnyTlObject;
}

/** Same as {@link encode}, typed for MTProto service objects. */
export function encodeMt(o: mt.AnyObject | mt.AnyRequest): Uint8Array {
  return encode(o);
}

/** Same as {@link decode}, typed for MTProto service objects. */
export function decodeMt(bytes: Uint8Array): mt.AnyObject | mt.AnyRequest | api.AnyObject | TlRawVector {
  return decode(bytes) as mt.AnyObject | mt.AnyRequest | api.AnyObject | TlRawVector;
}

/** Serialize an end-to-end (secret chat) object, boxed. */
export function encodeE2e(o: e2e.AnyObject | e2e.AnyRequest): Uint8Array {
  return encodeWith(o, writeAnyE2e, 'e2e');
}

/** Decode one boxed end-to-end object. */
export function decodeE2e(bytes: Uint8Array): e2e.AnyObject | e2e.AnyRequest {
  const r = new Reader(bytes);
  r.objects = e2eReaders;
  const o = r.object();
  r.assertEnd();
  return o as e2e.AnyObject | e2e.AnyRequest;
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
    throw explainEncodeError(e, req, 'api');
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

/** Read any boxed api/mt object from `r` (gzip transparent). */
export function readObject(r: Reader): AnyTlObject {
  return r.object() as AnyTlObject;
}
