/*
 * AES-256-CTR on AES-NI for the obfuscated2 transport: in place, so a received chunk or a framed
 * packet is not copied into a new buffer on every read and write. Unlike IGE, CTR blocks are
 * independent: four are encrypted side by side to keep the AES unit busy.
 */
#include "aes_ctr.h"
#include "aes_key.h"

#include <string.h>

#ifdef TGTS_X86

enum { CTR_ROUND_KEYS = 0, CTR_COUNTER = 240, CTR_KEYSTREAM = 256, CTR_USED = 272 };

static inline uint64_t load_be64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
static inline void store_be64(uint8_t *p, uint64_t v) {
  v = __builtin_bswap64(v);
  memcpy(p, &v, 8);
}

TGTS_TARGET void tgts_ctr256_init(const uint8_t *key, const uint8_t *iv, uint8_t *state) {
  __m128i rk[15];
  tgts_expand_key256(key, rk);
  for (int i = 0; i < 15; i++) _mm_storeu_si128((__m128i *)(state + CTR_ROUND_KEYS + 16 * i), rk[i]);
  memcpy(state + CTR_COUNTER, iv, 16);
  memset(state + CTR_KEYSTREAM, 0, 16);
  state[CTR_USED] = 0;
}

#define ROUND(i)                                   \
  do {                                             \
    b0 = _mm_aesenc_si128(b0, rk[(i)]);            \
    b1 = _mm_aesenc_si128(b1, rk[(i)]);            \
    b2 = _mm_aesenc_si128(b2, rk[(i)]);            \
    b3 = _mm_aesenc_si128(b3, rk[(i)]);            \
  } while (0)

TGTS_TARGET void tgts_ctr256_xor(uint8_t *state, uint8_t *data, size_t len) {
  size_t off = 0;
  unsigned used = state[CTR_USED];
  /* first the rest of a keystream block a previous call began */
  if (used != 0) {
    while (used < 16 && off < len) data[off++] ^= state[CTR_KEYSTREAM + used++];
    if (used == 16) used = 0;
    if (off == len) {
      state[CTR_USED] = (uint8_t)used;
      return;
    }
  }
  __m128i rk[15];
  for (int i = 0; i < 15; i++) rk[i] = _mm_loadu_si128((const __m128i *)(state + CTR_ROUND_KEYS + 16 * i));
  uint64_t hi = load_be64(state + CTR_COUNTER), lo = load_be64(state + CTR_COUNTER + 8);
#define NEXT_BLOCK(b)                                                                             \
  do {                                                                                            \
    (b) = _mm_set_epi64x((long long)__builtin_bswap64(lo), (long long)__builtin_bswap64(hi));     \
    if (++lo == 0) ++hi;                                                                          \
  } while (0)
  __m128i b0, b1, b2, b3;
  for (; len - off >= 64; off += 64) {
    NEXT_BLOCK(b0);
    NEXT_BLOCK(b1);
    NEXT_BLOCK(b2);
    NEXT_BLOCK(b3);
    b0 = _mm_xor_si128(b0, rk[0]);
    b1 = _mm_xor_si128(b1, rk[0]);
    b2 = _mm_xor_si128(b2, rk[0]);
    b3 = _mm_xor_si128(b3, rk[0]);
    ROUND(1); ROUND(2); ROUND(3); ROUND(4); ROUND(5); ROUND(6); ROUND(7);
    ROUND(8); ROUND(9); ROUND(10); ROUND(11); ROUND(12); ROUND(13);
    b0 = _mm_aesenclast_si128(b0, rk[14]);
    b1 = _mm_aesenclast_si128(b1, rk[14]);
    b2 = _mm_aesenclast_si128(b2, rk[14]);
    b3 = _mm_aesenclast_si128(b3, rk[14]);
    __m128i *p = (__m128i *)(data + off);
    _mm_storeu_si128(p, _mm_xor_si128(b0, _mm_loadu_si128(p)));
    _mm_storeu_si128(p + 1, _mm_xor_si128(b1, _mm_loadu_si128(p + 1)));
    _mm_storeu_si128(p + 2, _mm_xor_si128(b2, _mm_loadu_si128(p + 2)));
    _mm_storeu_si128(p + 3, _mm_xor_si128(b3, _mm_loadu_si128(p + 3)));
  }
  for (; off < len; off += 16) {
    NEXT_BLOCK(b0);
    b0 = _mm_xor_si128(b0, rk[0]);
    for (int i = 1; i < 14; i++) b0 = _mm_aesenc_si128(b0, rk[i]);
    b0 = _mm_aesenclast_si128(b0, rk[14]);
    if (len - off >= 16) {
      __m128i *p = (__m128i *)(data + off);
      _mm_storeu_si128(p, _mm_xor_si128(b0, _mm_loadu_si128(p)));
      continue;
    }
    /* a partial last block: keep its keystream for the next call */
    _mm_storeu_si128((__m128i *)(state + CTR_KEYSTREAM), b0);
    used = (unsigned)(len - off);
    for (unsigned k = 0; k < used; k++) data[off + k] ^= state[CTR_KEYSTREAM + k];
    break;
  }
#undef NEXT_BLOCK
  store_be64(state + CTR_COUNTER, hi);
  store_be64(state + CTR_COUNTER + 8, lo);
  state[CTR_USED] = (uint8_t)used;
}

#else /* not x86: never called (the addon does not offer CTR without AES-NI) */

void tgts_ctr256_init(const uint8_t *key, const uint8_t *iv, uint8_t *state) {
  (void)key; (void)iv; (void)state;
}
void tgts_ctr256_xor(uint8_t *state, uint8_t *data, size_t len) {
  (void)state; (void)data; (void)len;
}

#endif
