/* AES-256-IGE with AES-NI. Only call the ige functions when tgts_aesni_available() != 0. */
#ifndef TGTS_AES_IGE_H
#define TGTS_AES_IGE_H

#include <stddef.h>
#include <stdint.h>

/* 1 when the CPU supports AES-NI and SSE4.1 and this build contains the AES-NI code. */
int tgts_aesni_available(void);

/* len must be a multiple of 16; key 32 bytes; iv 32 bytes (x0 = iv[0..16], y0 = iv[16..32]).
 * in and out may be the same buffer. */
void tgts_ige256_encrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key, const uint8_t *iv);
void tgts_ige256_decrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key, const uint8_t *iv);

#endif
