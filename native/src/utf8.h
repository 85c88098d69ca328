/* Strict UTF-8 -> UTF-16 decoding (WHATWG "fatal" semantics) for TL strings. */
#ifndef TGTS_UTF8_H
#define TGTS_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Length of the leading run of ASCII bytes in src[0, len). */
size_t tgts_ascii_prefix(const uint8_t *src, size_t len);

/*
 * Decodes src[0, len) into out (room for len code units: UTF-16 never needs more units than
 * UTF-8 has bytes). Returns the number of units written, or (size_t)-1 on invalid UTF-8:
 * overlong forms, surrogates U+D800..U+DFFF, code points above U+10FFFF, stray continuation
 * bytes, truncated sequences. *or_units receives the OR of all units (< 0x100: Latin-1 only).
 */
size_t tgts_utf8_to_utf16(const uint8_t *src, size_t len, uint16_t *out, uint16_t *or_units);

#endif
