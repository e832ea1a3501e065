/*
 * Canonical CBOR heads and items (RFC 8949 §4.2: shortest heads, definite
 * lengths) written with libcbor's encoders into an eseal__dbuf. Shared by the
 * usage-log formats (records; evidence bundles may use it too). Floor 4.
 */
#ifndef ESEAL_USAGE_LOG_CBOR_WRITE_H
#define ESEAL_USAGE_LOG_CBOR_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/dbuf.h"

/* A head of major type 2 (bytes), 3 (text), 4 (array) or 5 (map) with length `n`. */
void eseal__cbor_put_bytes_head(eseal__dbuf *b, size_t n);
void eseal__cbor_put_text_head(eseal__dbuf *b, size_t n);
void eseal__cbor_put_array_head(eseal__dbuf *b, size_t n);
void eseal__cbor_put_map_head(eseal__dbuf *b, size_t n);

void eseal__cbor_put_uint(eseal__dbuf *b, uint64_t v);
/* An unsigned integer for v >= 0, otherwise major type 1 carrying -1 - v. */
void eseal__cbor_put_int(eseal__dbuf *b, int64_t v);
void eseal__cbor_put_bytes(eseal__dbuf *b, const uint8_t *p, size_t n);
/* A NUL-terminated UTF-8 string (the caller has checked it). */
void eseal__cbor_put_text(eseal__dbuf *b, const char *s);

#endif
