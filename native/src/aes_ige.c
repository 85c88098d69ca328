/*
 * AES-256-IGE on AES-NI.
 *
 * IGE chains every block on the previous one in both directions, so there is no
 * block-level parallelism to exploit; the win over a table implementation comes
 * from each AES round being a single instruction. The chaining XORs are folded
 * into the first/last round keys so the dependency chain per block is just
 * one XOR plus the 14 AES rounds.
 */
#include "aes_ige.h"

#include "aes_key.h"

#ifdef TGTS_X86
#include <cpuid.h>

int tgts_aesni_available(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  /* ECX bit 25 = AES-NI, bit 19 = SSE4.1 */
  return (ecx & (1u << 25)) && (ecx & (1u << 19)) ? 1 : 0;
}

TGTS_TARGET void tgts_ige256_encrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key,
                                     const uint8_t *iv) {
  __m128i rk[15];
  tgts_expand_key256(key, rk);
  __m128i x = _mm_loadu_si128((const __m128i *)iv);        /* previous ciphertext */
  __m128i y = _mm_loadu_si128((const __m128i *)(iv + 16)); /* previous plaintext */
  for (size_t off = 0; off < len; off += 16) {
    __m128i p = _mm_loadu_si128((const __m128i *)(in + off));
    /* off the critical path: (p ^ k0) and (k14 ^ y) */
    __m128i pk = _mm_xor_si128(p, rk[0]);
    __m128i last = _mm_xor_si128(rk[14], y);
    __m128i s = _mm_xor_si128(pk, x);
    s = _mm_aesenc_si128(s, rk[1]);
    s = _mm_aesenc_si128(s, rk[2]);
    s = _mm_aesenc_si128(s, rk[3]);
    s = _mm_aesenc_si128(s, rk[4]);
    s = _mm_aesenc_si128(s, rk[5]);
    s = _mm_aesenc_si128(s, rk[6]);
    s = _mm_aesenc_si128(s, rk[7]);
    s = _mm_aesenc_si128(s, rk[8]);
    s = _mm_aesenc_si128(s, rk[9]);
    s = _mm_aesenc_si128(s, rk[10]);
    s = _mm_aesenc_si128(s, rk[11]);
    s = _mm_aesenc_si128(s, rk[12]);
    s = _mm_aesenc_si128(s, rk[13]);
    x = _mm_aesenclast_si128(s, last);
    _mm_storeu_si128((__m128i *)(out + off), x);
    y = p;
  }
}

TGTS_TARGET void tgts_ige256_decrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key,
                                     const uint8_t *iv) {
  __m128i ek[15], dk[15];
  tgts_expand_key256(key, ek);
  /* Equivalent inverse cipher: reversed schedule, InvMixColumns on the middle keys. */
  dk[0] = ek[14];
  for (int i = 1; i < 14; i++) dk[i] = _mm_aesimc_si128(ek[14 - i]);
  dk[14] = ek[0];
  __m128i x = _mm_loadu_si128((const __m128i *)iv);        /* previous ciphertext */
  __m128i y = _mm_loadu_si128((const __m128i *)(iv + 16)); /* previous plaintext */
  for (size_t off = 0; off < len; off += 16) {
    __m128i c = _mm_loadu_si128((const __m128i *)(in + off));
    __m128i ck = _mm_xor_si128(c, dk[0]);
    __m128i last = _mm_xor_si128(dk[14], x);
    __m128i s = _mm_xor_si128(ck, y);
    s = _mm_aesdec_si128(s, dk[1]);
    s = _mm_aesdec_si128(s, dk[2]);
    s = _mm_aesdec_si128(s, dk[3]);
    s = _mm_aesdec_si128(s, dk[4]);
    s = _mm_aesdec_si128(s, dk[5]);
    s = _mm_aesdec_si128(s, dk[6]);
    s = _mm_aesdec_si128(s, dk[7]);
    s = _mm_aesdec_si128(s, dk[8]);
    s = _mm_aesdec_si128(s, dk[9]);
    s = _mm_aesdec_si128(s, dk[10]);
    s = _mm_aesdec_si128(s, dk[11]);
    s = _mm_aesdec_si128(s, dk[12]);
    s = _mm_aesdec_si128(s, dk[13]);
    y = _mm_aesdeclast_si128(s, last);
    _mm_storeu_si128((__m128i *)(out + off), y);
    x = c;
  }
}

#else /* not x86: no AES-NI; the JS side falls back to its pure implementation */

int tgts_aesni_available(void) { return 0; }
void tgts_ige256_encrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key, const uint8_t *iv) {
  (void)in; (void)out; (void)len; (void)key; (void)iv;
}
void tgts_ige256_decrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key, const uint8_t *iv) {
  (void)in; (void)out; (void)len; (void)key; (void)iv;
}

#endif
