/** Just enough DER (ASN.1) to build DH keys for OpenSSL and read them back. Internal. */
import { CryptoError } from './errors.js';

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** One tag-length-value element. */
export function tlv(tag: number, body: Uint8Array): Uint8Array {
  const head = [tag, ...lengthBytes(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** INTEGER from unsigned big-endian bytes (minimal, with a 0x00 when the top bit is set). */
export function derUInt(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let body = bytes.subarray(i);
  if (body.length === 0) body = Uint8Array.of(0);
  if (body[0] & 0x80) body = concatBytes(Uint8Array.of(0), body);
  return tlv(0x02, body);
}

/** Reads the TLV at `off`: returns its tag and the [start, end) of its body. */
export function readTlv(der: Uint8Array, off: number): { tag: number; start: number; end: number } {
  if (off + 2 > der.length) throw new CryptoError(`DER: truncated at offset ${off}`);
  const tag = der[off];
  let len = der[off + 1];
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) throw new CryptoError(`DER: bad length at offset ${off}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  const end = start + len;
  if (end > der.length) throw new CryptoError(`DER: element at offset ${off} overruns the input`);
  return { tag, start, end };
}
