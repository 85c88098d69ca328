/**
 * AES (FIPS-197) lookup tables, computed at load time.
 *
 * The tables are laid out for *little-endian* 32-bit words: state words are read
 * straight out of a Uint32Array over the data, so byte k of a column is
 * `(w >>> 8k) & 255` and no byte shuffling is needed per block.
 */

/** S-box and inverse S-box. */
export const SBOX = new Uint8Array(256);
export const INV_SBOX = new Uint8Array(256);
/** Encryption round tables TE0..TE3 (TEk = TE0 rotated left by 8k bits). */
export const TE0 = new Int32Array(256);
export const TE1 = new Int32Array(256);
export const TE2 = new Int32Array(256);
export const TE3 = new Int32Array(256);
/** Decryption round tables (equivalent inverse cipher). */
export const TD0 = new Int32Array(256);
export const TD1 = new Int32Array(256);
export const TD2 = new Int32Array(256);
export const TD3 = new Int32Array(256);

function xtime(a: number): number {
  return ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
}

function gmul(a: number, b: number): number {
  let r = 0;
  while (b) {
    if (b & 1) r ^= a;
    a = xtime(a);
    b >>= 1;
  }
  return r;
}

function rotl8(x: number): number {
  return (x << 8) | (x >>> 24);
}

function rotl8bits(b: number, n: number): number {
  return ((b << n) | (b >>> (8 - n))) & 0xff;
}

(function build(): void {
  // S-box: multiplicative inverse in GF(2^8) followed by the affine transform. Inverses come
  // from powers of the generator 3 (x = 3^k → x⁻¹ = 3^(255−k)): 255 steps at load time.
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let k = 0, x = 1; k < 255; k++) {
    exp[k] = x;
    log[x] = k;
    x ^= xtime(x); // x·3 = x·2 ⊕ x
  }
  const inv = new Uint8Array(256);
  for (let x = 1; x < 256; x++) inv[x] = exp[(255 - log[x]) % 255];
  for (let i = 0; i < 256; i++) {
    const b = inv[i];
    SBOX[i] = b ^ rotl8bits(b, 1) ^ rotl8bits(b, 2) ^ rotl8bits(b, 3) ^ rotl8bits(b, 4) ^ 0x63;
  }
  for (let i = 0; i < 256; i++) INV_SBOX[SBOX[i]] = i;

  for (let i = 0; i < 256; i++) {
    const s = SBOX[i];
    // Column (2s, s, s, 3s) as memory bytes 0..3 -> little-endian word.
    const e = xtime(s) | (s << 8) | (s << 16) | ((xtime(s) ^ s) << 24);
    TE0[i] = e;
    TE1[i] = rotl8(e);
    TE2[i] = rotl8(rotl8(e));
    TE3[i] = rotl8(rotl8(rotl8(e)));
    const t = INV_SBOX[i];
    // Column (14t, 9t, 13t, 11t).
    const d = gmul(t, 14) | (gmul(t, 9) << 8) | (gmul(t, 13) << 16) | (gmul(t, 11) << 24);
    TD0[i] = d;
    TD1[i] = rotl8(d);
    TD2[i] = rotl8(rotl8(d));
    TD3[i] = rotl8(rotl8(rotl8(d)));
  }
})();
