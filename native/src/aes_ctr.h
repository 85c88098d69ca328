/* AES-256-CTR with AES-NI, in place, as a resumable stream. Only call when tgts_aesni_available() != 0. */
#ifndef TGTS_AES_CTR_H
#define TGTS_AES_CTR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Stream state, kept by the caller: 15 round keys (240 bytes), the 128-bit big-endian counter (16),
 * the keystream block in use (16) and how many of its bytes are used (1).
 */
#define TGTS_CTR_STATE_BYTES 273

/* key 32 bytes, iv 16 bytes (the initial counter block, incremented as one 128-bit big-endian number). */
void tgts_ctr256_init(const uint8_t *key, const uint8_t *iv, uint8_t *state);
/* XORs the next len bytes of keystream into data. */
void tgts_ctr256_xor(uint8_t *state, uint8_t *data, size_t len);

#endif
