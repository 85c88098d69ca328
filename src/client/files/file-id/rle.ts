/**
 * The zero run-length coding of file ids (tdlib `zero_encode`): a run of n zero bytes becomes
 * `0x00, n`; other bytes stay. Runs are capped at 250 as tdlib writes them.
 */
import { FileIdError } from './errors.js';

const MAX_RUN = 250;

export function zeroEncode(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] !== 0) {
      out.push(bytes[i++]!);
      continue;
    }
    let n = 0;
    while (i < bytes.length && bytes[i] === 0 && n < MAX_RUN) {
      n++;
      i++;
    }
    out.push(0, n);
  }
  return Uint8Array.from(out);
}

export function zeroDecode(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) {
      out.push(bytes[i]!);
      continue;
    }
    if (i + 1 >= bytes.length) throw new FileIdError('truncated zero run at the end of the id');
    const n = bytes[++i]!;
    for (let k = 0; k < n; k++) out.push(0);
  }
  return Uint8Array.from(out);
}
