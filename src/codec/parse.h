/*
 * The parse context shared by the seal and signature parsers: error and
 * warning reporting with field paths and byte offsets, and readers for the
 * field types of the formats, each strict DER with the tolerated quirks.
 */
#ifndef ESEAL_CODEC_PARSE_H
#define ESEAL_CODEC_PARSE_H

#include "../asn1/der.h"
#include "../core/error.h"
#include "model.h"

typedef struct eseal__parser {
  /* Start of the bytes being parsed, and its offset in the outermost input. */
  const uint8_t *base;
  size_t bias;
  unsigned int flags;
  eseal__arena *arena;
  eseal_warnings *warnings;
  unsigned int depth;
} eseal__parser;

/* Raises ESEAL_EFORMAT "path: message (at byte N)"; returns it. */
int eseal__p_fail(eseal__parser *p, const uint8_t *at, const char *path, const char *fmt, ...)
    ESEAL__PRINTF(4, 5);
/* Raises ESEAL_ELIMIT; returns it. */
int eseal__p_limit(eseal__parser *p, const char *path, const char *what, size_t limit);
/* Records warning `id`; in strict mode a quirk is refused with ESEAL_EFORMAT instead. */
int eseal__p_warn(eseal__parser *p, const char *id, const uint8_t *at, const char *path,
                  const char *fmt, ...) ESEAL__PRINTF(5, 6);

/* Copies the input into the arena and reads its outer TLV (which must be a SEQUENCE). */
int eseal__p_top(eseal__parser *p, eseal__arena *arena, const uint8_t *data, size_t len,
                 const char *what, eseal__tlv *top);

int eseal__p_next(eseal__parser *p, eseal__der_iter *it, const char *path, eseal__tlv *out);
int eseal__p_expect(eseal__parser *p, eseal__der_iter *it, uint8_t tag, const char *path,
                    eseal__tlv *out);
/* Fails unless `t` has tag `tag`. */
int eseal__p_check_tag(eseal__parser *p, const eseal__tlv *t, uint8_t tag, const char *path);
/* Starts walking a constructed value; counts against the nesting limit. */
int eseal__p_enter(eseal__parser *p, const eseal__tlv *t, const char *path, eseal__der_iter *it);
/* Fails when elements are left; ends what eseal__p_enter() started. */
int eseal__p_leave(eseal__parser *p, eseal__der_iter *it, const char *path);
/* The number of elements in the contents of `t`. */
int eseal__p_count(eseal__parser *p, const eseal__tlv *t, const char *path, size_t *count);

int eseal__p_int(eseal__parser *p, const eseal__tlv *t, const char *path, int64_t *out);
/* A string of type `tag`; other string types are accepted with "text.string_type". */
int eseal__p_text(eseal__parser *p, const eseal__tlv *t, uint8_t tag, const char *path,
                  char **out);
int eseal__p_octets(eseal__parser *p, const eseal__tlv *t, const char *path, size_t max,
                    eseal__bytes *out);
/* BIT STRING contents after the unused-bits octet, which must be 0. */
int eseal__p_bits(eseal__parser *p, const eseal__tlv *t, const char *path, eseal__bytes *out);
int eseal__p_oid(eseal__parser *p, const eseal__tlv *t, const char *path, char **out);
/* A UTCTime or GeneralizedTime; `tag` is the one the format wants. */
int eseal__p_date(eseal__parser *p, const eseal__tlv *t, uint8_t tag, const char *path,
                  eseal__date *out);

/* How an optional field sits in its parent. */
typedef enum eseal__tagging {
  ESEAL__UNTAGGED = 0,
  ESEAL__EXPLICIT = 1,
  ESEAL__IMPLICIT = 2,
  ESEAL__WRAPPED = 3 /* inside an OCTET STRING */
} eseal__tagging;

/* 1 when `t` can start an ExtensionDatas (SEQUENCE, [n] constructed, OCTET STRING). */
int eseal__p_is_extensions(const eseal__tlv *t);
/* An ExtensionDatas in any of the tolerated forms; `canonical` is the form the standard wants. */
int eseal__p_extensions(eseal__parser *p, const eseal__tlv *t, eseal__tagging canonical,
                        const char *path, eseal_extensions **out);
/* An optional [0] BIT STRING (timeStamp): explicit, implicit or untagged. */
int eseal__p_tagged_bits(eseal__parser *p, const eseal__tlv *t, const char *path,
                         eseal__bytes *out);
/* A signature value BIT STRING, normalised to DER for EC algorithms. */
int eseal__p_sigval(eseal__parser *p, const eseal__tlv *t, const char *algorithm,
                    const char *path, eseal__bytes *raw, eseal__bytes *der,
                    eseal_sigval_encoding *encoding);

#endif
