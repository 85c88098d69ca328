/**
 * Message ids for the unencrypted messages of the exchange: unix time × 2^32 plus a fraction,
 * strictly increasing; client ids ≡ 0 (mod 4), server ids ≡ 1 (mod 4)
 * (https://core.telegram.org/mtproto/description#message-identifier-msg-id).
 */

/** Returns a generator of increasing msg ids for `side`, from a clock in seconds. */
export function createPlainMsgIdGenerator(side: 'client' | 'server', nowSeconds: () => number = () => Date.now() / 1000): () => bigint {
  const remainder = side === 'client' ? 0n : 1n;
  let last = 0n;
  return () => {
    const t = nowSeconds();
    const whole = Math.floor(t);
    // the fraction of the second fills the low 32 bits; the 2 low bits carry the side
    const frac = BigInt(Math.floor((t - whole) * 2 ** 30)) << 2n;
    let id = (BigInt(whole) << 32n) | frac | remainder;
    if (id <= last) id = last + 4n;
    last = id;
    return id;
  };
}
