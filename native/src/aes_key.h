/* What the AES-NI files share: the x86 test, the per-function target attribute, the AES-256 key schedule. */
#ifndef TGTS_AES_KEY_H
#define TGTS_AES_KEY_H

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
#define TGTS_X86 1
#endif

#ifdef TGTS_X86
#include <wmmintrin.h>
#include <smmintrin.h>

#define TGTS_TARGET __attribute__((target("aes,sse4.1")))

/* Spread the previous round key words (w[i] = w[i-1] ^ w[i-Nk] prefix XOR). */
static inline TGTS_TARGET __m128i tgts_prefix_xor(__m128i a) {
  a = _mm_xor_si128(a, _mm_slli_si128(a, 4));
  a = _mm_xor_si128(a, _mm_slli_si128(a, 4));
  return _mm_xor_si128(a, _mm_slli_si128(a, 4));
}

#define TGTS_EXPAND_EVEN(i, rcon)                                                  \
  do {                                                                             \
    __m128i t = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[(i)-1], (rcon)), 0xff); \
    rk[(i)] = _mm_xor_si128(tgts_prefix_xor(rk[(i)-2]), t);                        \
  } while (0)
#define TGTS_EXPAND_ODD(i)                                                         \
  do {                                                                             \
    __m128i t = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[(i)-1], 0), 0xaa);  \
    rk[(i)] = _mm_xor_si128(tgts_prefix_xor(rk[(i)-2]), t);                        \
  } while (0)

/* FIPS-197 AES-256 key schedule: 15 round keys. */
static inline TGTS_TARGET void tgts_expand_key256(const uint8_t *key, __m128i rk[15]) {
  rk[0] = _mm_loadu_si128((const __m128i *)key);
  rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
  TGTS_EXPAND_EVEN(2, 0x01);
  TGTS_EXPAND_ODD(3);
  TGTS_EXPAND_EVEN(4, 0x02);
  TGTS_EXPAND_ODD(5);
  TGTS_EXPAND_EVEN(6, 0x04);
  TGTS_EXPAND_ODD(7);
  TGTS_EXPAND_EVEN(8, 0x08);
  TGTS_EXPAND_ODD(9);
  TGTS_EXPAND_EVEN(10, 0x10);
  TGTS_EXPAND_ODD(11);
  TGTS_EXPAND_EVEN(12, 0x20);
  TGTS_EXPAND_ODD(13);
  TGTS_EXPAND_EVEN(14, 0x40);
}

#endif
#endif
