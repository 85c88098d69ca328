/**
 * The client's codec: write requests, read results and pushed updates, encode/decode MTProto
 * service objects. It loads only the generated modules a client needs (methods and what their
 * parameters reach; what results reach; mt.tl) — see `gen/sides.ts`. `full-codec.ts` adds the
 * rest for encode/decode of arbitrary objects. Nothing here changes on import: every Reader and
 * Writer these functions create is given its table explicitly ({@link clientTables}).
 */
import { TlError } from './errors.js';
import { requestWriters, responseReaders } from './generated/objects.js';
import { resultReaders as apiResults } from './generated/api/results.js';
import { resultReaders as mtResults } from './generated/mt/results.js';
import type * as api from './generated/api/types.js';
import type * as mt from './generated/mt/types.js';
import { Reader, asTlError } from './runtime/reader.js';
import type { InflateBudget, ObjectReaderFn } from './runtime/reader.js';
import { Writer } from './runtime/writer.js';
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

/** A codec's two tables: the boxed writer of any object it can write, and the readers by constructor id. */
export interface TlTables {
  readonly write: ObjectWriterFn;
  readonly readers: ReadonlyMap<number, ObjectReaderFn>;
}

/** What a client writes (requests and what they hold, mt) and reads (results, updates, mt). */
export const clientTables: TlTables = { write: objectWriterOf(requestWriters as WriterTable), readers: responseReaders };

const writeAny = clientTables.write;
const shared = new Writer(4096);

/** Serialize `o` with `write` into a fresh Uint8Array; a failure is a TlError naming the field. */
export function encodeWith(o: TlObject, write: ObjectWriterFn): Uint8Array {
  const w = shared;
  w.reset();
  w.objects = write;
  try {
    write(w, o);
  } catch (e) {
    w.reset();
    throw explainEncodeError(e, o, write);
  }
  const out = w.finish();
  if (w.buf.length > 1 << 20) w.shrink(4096); // don't pin a huge buffer
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
export function writeRequest(w: Writer, req: api.AnyRequest | mt.AnyRequest, tables: TlTables = clientTables): void {
  const start = w.pos;
  const write = tables.write;
  w.objects = write;
  try {
    write(w, req);
  } catch (e) {
    w.pos = start;
    throw explainEncodeError(e, req, write);
  }
}

/**
 * Read the result of `method` (checked against the declared result type; gzip_packed is
 * unpacked; `Vector<long>`/`Vector<int>` results are read with bare elements). For wrapper
 * methods (invokeWithLayer...) pass the inner method's name ({@link resultMethodOf}); given the
 * wrapper, any object is read. A reader without an object table gets the client's.
 */
export function readResult<M extends api.MethodName>(method: M, r: Reader): api.Methods[M]['result'];
export function readResult<M extends mt.MethodName>(method: M, r: Reader): mt.Methods[M]['result'];
export function readResult(method: string, r: Reader): unknown;
export function readResult(method: string, r: Reader): unknown {
  const fn = apiResults.get(method) ?? mtResults.get(method);
  if (!fn) throw new TlError(`unknown method '${method}'`, r.pos, 'a method name');
  const at = r.pos;
  r.objects ??= responseReaders;
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

/**
 * The method whose result a request returns: its own name, or for the generic wrappers
 * (`invokeWithLayer`, `initConnection`, `invokeWithTakeout`, `invokeWithoutUpdates`,
 * `invokeAfterMsg`…) the name of the query they wrap, however deep.
 */
export function resultMethodOf(request: { _: string; query?: unknown }): string {
  let r: { _: string; query?: unknown } = request;
  for (let depth = 0; depth < 16 && isGeneric(r._) && typeof r.query === 'object' && r.query !== null; depth++) {
    r = r.query as { _: string; query?: unknown };
  }
  return r._;
}

const GENERIC: ReadonlySet<string> = new Set<api.GenericMethodName>([
  'invokeAfterMsg',
  'invokeAfterMsgs',
  'initConnection',
  'invokeWithLayer',
  'invokeWithoutUpdates',
  'invokeWithMessagesRange',
  'invokeWithTakeout',
  'invokeWithBusinessConnection',
  'invokeWithGooglePlayIntegrity',
  'invokeWithApnsSecret',
  'invokeWithReCaptcha',
]);

function isGeneric(name: string): boolean {
  return GENERIC.has(name);
}

/** Read any boxed object from `r` (gzip transparent): on a client, anything a result or update can hold. */
export function readObject(r: Reader): AnyTlObject {
  r.objects ??= responseReaders;
  return r.object() as AnyTlObject;
}

/** Decode one boxed object a client can receive (results, updates, mt); the whole input must be consumed. */
export function decodeIncoming(bytes: Uint8Array, budget?: InflateBudget): AnyTlObject {
  const r = new Reader(bytes, 0, bytes.length, responseReaders);
  r.budget = budget;
  const o = r.object();
  r.assertEnd();
  return o as AnyTlObject;
}
