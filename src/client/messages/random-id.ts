/** `random_id` of sends and forwards: 64 random bits per message (spec `messages.md` §2.9 — reuse only to retry). */
import { randomBytes } from '../../crypto/index.js';

/** A fresh non-zero signed 64-bit random id. */
export function randomId(): bigint {
  const b = randomBytes(8);
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  v = BigInt.asIntN(64, v);
  return v === 0n ? 1n : v;
}
