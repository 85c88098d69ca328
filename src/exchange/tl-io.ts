/**
 * TL encoding and decoding of the exchange messages, with every decoding failure turned into a
 * `SecurityError` (a malformed message during key creation is a protocol violation).
 */
import { SecurityError } from '../crypto/index.js';
import { clientTables, encodeMt } from '../tl/codec.js';
import { TlError } from '../tl/errors.js';
import { Reader } from '../tl/runtime/reader.js';
import type { mt } from '../tl/index.js';

/** Serializes a boxed mt object or request. */
export function encodeObject(obj: mt.AnyObject | mt.AnyRequest): Uint8Array {
  return encodeMt(obj);
}

/** Alias of {@link encodeObject} that reads better at call sites sending requests. */
export const encodeRequest: (req: mt.AnyRequest) => Uint8Array = encodeObject;

/**
 * Decodes one boxed object from `bytes`. With `exact`, trailing bytes are an error; otherwise they
 * are allowed (the random padding after p_q_inner_data inside RSA_PAD). Objects from outside mt.tl
 * come back typed as mt objects and fail the callers' `_` checks.
 */
export function decodeObject(bytes: Uint8Array, what: string, exact = true): mt.AnyObject {
  const r = new Reader(bytes, 0, bytes.length, clientTables.readers);
  let obj: mt.AnyObject;
  try {
    obj = r.object() as mt.AnyObject;
  } catch (err) {
    if (err instanceof TlError) {
      throw new SecurityError('tl-decode', `${what} is not valid TL: ${err.message}`);
    }
    throw err;
  }
  if (exact && r.pos !== bytes.length) {
    throw new SecurityError('tl-trailing-bytes', `${what}: ${bytes.length - r.pos} unexpected bytes after the object at offset ${r.pos}`);
  }
  return obj;
}
