/* Base64 decoding (RFC 4648 §4, '=' padding), the one decoder of the library. */
#ifndef ESEAL_CORE_BASE64_H
#define ESEAL_CORE_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Space, tab, CR and LF between digits are skipped (XML and PEM text). */
#define ESEAL__BASE64_SKIP_SPACE 0x1u
/* Only the one canonical spelling: the bits under the padding must be zero. */
#define ESEAL__BASE64_CANONICAL 0x2u

/* The room decoding `len` characters needs. */
#define ESEAL__BASE64_ROOM(len) ((len) / 4 * 3 + 3)

/*
 * Decodes s[0..len) into `out` (ESEAL__BASE64_ROOM(len) bytes) and sets
 * *out_len. Padding is required (the digit count, spaces aside, is a
 * multiple of 4) and may only end the text; no digits at all is refused.
 * 0, or -1 for text that is not base64 under `flags`.
 */
int eseal__base64_decode_into(const char *s, size_t len, unsigned int flags, uint8_t *out,
                              size_t *out_len);

#endif
