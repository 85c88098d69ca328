/*
 * Strict UTF-8 decoder. Node 20's own path (V8 String::NewFromUtf8) falls back to a slow
 * scalar decoder for the whole string as soon as it sees one non-ASCII byte; TL strings are
 * mostly ASCII with a few emoji or Cyrillic letters, so ASCII runs are handled 8 bytes at a time.
 */
#include "utf8.h"
#include <string.h>

#define HIGH_BITS 0x8080808080808080ULL

static inline uint64_t load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8); /* unaligned-safe; compiles to one load */
  return v;
}

size_t tgts_ascii_prefix(const uint8_t *src, size_t len) {
  size_t i = 0;
  while (i + 8 <= len && (load64(src + i) & HIGH_BITS) == 0) i += 8;
  while (i < len && src[i] < 0x80) i++;
  return i;
}

size_t tgts_utf8_to_utf16(const uint8_t *src, size_t len, uint16_t *out, uint16_t *or_units) {
  size_t i = 0, o = 0;
  uint32_t acc = 0;
  while (i < len) {
    uint32_t c = src[i];
    if (c < 0x80) {
      /* Widen an ASCII run; whole 8-byte words first. */
      while (i + 8 <= len && (load64(src + i) & HIGH_BITS) == 0) {
        for (int k = 0; k < 8; k++) out[o + k] = src[i + k];
        i += 8;
        o += 8;
      }
      while (i < len && src[i] < 0x80) out[o++] = src[i++];
      continue;
    }
    if (c < 0xC2) return (size_t)-1; /* continuation byte alone, or overlong 2-byte lead */
    if (c < 0xE0) {
      if (i + 1 >= len) return (size_t)-1;
      uint32_t c1 = src[i + 1];
      if ((c1 & 0xC0) != 0x80) return (size_t)-1;
      uint32_t cp = ((c & 0x1F) << 6) | (c1 & 0x3F);
      out[o++] = (uint16_t)cp;
      acc |= cp;
      i += 2;
    } else if (c < 0xF0) {
      if (i + 2 >= len) return (size_t)-1;
      uint32_t c1 = src[i + 1], c2 = src[i + 2];
      /* E0 needs A0..BF (no overlongs); ED needs 80..9F (no surrogates). */
      uint32_t lo = c == 0xE0 ? 0xA0 : 0x80;
      uint32_t hi = c == 0xED ? 0x9F : 0xBF;
      if (c1 < lo || c1 > hi || (c2 & 0xC0) != 0x80) return (size_t)-1;
      uint32_t cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
      out[o++] = (uint16_t)cp;
      acc |= cp;
      i += 3;
    } else if (c < 0xF5) {
      if (i + 3 >= len) return (size_t)-1;
      uint32_t c1 = src[i + 1], c2 = src[i + 2], c3 = src[i + 3];
      /* F0 needs 90..BF (no overlongs); F4 needs 80..8F (nothing above U+10FFFF). */
      uint32_t lo = c == 0xF0 ? 0x90 : 0x80;
      uint32_t hi = c == 0xF4 ? 0x8F : 0xBF;
      if (c1 < lo || c1 > hi || (c2 & 0xC0) != 0x80 || (c3 & 0xC0) != 0x80) return (size_t)-1;
      uint32_t cp = ((c & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
      cp -= 0x10000;
      out[o++] = (uint16_t)(0xD800 | (cp >> 10));
      out[o++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
      acc |= 0xD800;
      i += 4;
    } else {
      return (size_t)-1; /* F5..FF never appear in UTF-8 */
    }
  }
  *or_units = (uint16_t)acc;
  return o;
}
