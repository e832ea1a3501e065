/*
 * The in-memory model of seals and signatures. The parsers fill it from
 * received bytes (keeping views of the original TLVs); the writers encode it
 * as canonical DER. Every pointer is owned by the object's arena.
 */
#ifndef ESEAL_CODEC_MODEL_H
#define ESEAL_CODEC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/seal.h"
#include "eseal/signature.h"
#include "../core/arena.h"
#include "../core/dbuf.h"

typedef struct eseal__bytes {
  const uint8_t *ptr;
  size_t len;
} eseal__bytes;

/* Hands out a borrowed view: the pointer, and its length in *len when len is not NULL. */
static inline const uint8_t *eseal__bytes_out(const eseal__bytes *b, size_t *len) {
  if (len)
    *len = b->ptr ? b->len : 0;
  return b->ptr;
}

typedef struct eseal__warning {
  const char *id;
  char *path;
  char *message;
} eseal__warning;

struct eseal_warnings {
  size_t count;
  size_t capacity;
  eseal__warning *items;
};

typedef struct eseal__extension {
  char *oid;
  int critical;
  eseal__bytes value;
} eseal__extension;

struct eseal_extensions {
  size_t count;
  eseal__extension *items;
};

typedef struct eseal__date {
  int64_t utc;
  char *text;
} eseal__date;

typedef struct eseal__cert_entry {
  eseal__bytes data;
  char *digest_type;
} eseal__cert_entry;

struct eseal_seal {
  eseal__arena arena;
  eseal_format_version format;

  /* Original bytes (empty for a model not yet encoded). */
  eseal__bytes bytes;
  eseal__bytes info;
  eseal__bytes signed_range;

  char *header_id;
  int64_t header_version;
  char *vendor_id;
  char *esid;
  int64_t type;
  char *name;
  eseal_cert_list_type cert_list_type;
  size_t cert_count;
  eseal__cert_entry *certs;
  eseal__date dates[3]; /* indexed by eseal_seal_date - 1 */
  char *picture_type;
  eseal__bytes picture;
  int64_t picture_width;
  int64_t picture_height;
  eseal_extensions *extensions; /* NULL when absent */

  eseal__bytes maker_cert;
  char *algorithm;
  eseal__bytes sigval;
  eseal__bytes sigval_der;
  eseal_sigval_encoding sigval_encoding;
  eseal__bytes timestamp; /* V5; ptr NULL when absent */

  eseal_warnings warnings;
};

struct eseal_signature {
  eseal__arena arena;
  eseal_format_version format;

  eseal__bytes bytes;
  eseal__bytes tbs;
  /* Where the embedded seal ends in `tbs`: the start a seal's stamps share (0: unknown). */
  size_t tbs_seal_end;

  int64_t tbs_version;
  eseal_seal *seal;
  eseal_time_info_kind time_kind;
  int has_time;
  int64_t time_utc;
  char *time_text; /* NULL for ESEAL_TIME_RAW */
  eseal__bytes time_raw;
  eseal__bytes data_hash;
  char *property_info;
  eseal_extensions *extensions; /* V4/V5 TBS extDatas; NULL when absent */

  eseal__bytes signer_cert;
  char *algorithm;
  eseal__bytes sigval;
  eseal__bytes sigval_der;
  eseal_sigval_encoding sigval_encoding;
  eseal__bytes timestamp; /* V4/V5; ptr NULL when absent */

  eseal_warnings warnings;
};

/* Allocates an empty seal or signature model; NULL on allocation failure. */
eseal_seal *eseal__seal_new(void);
eseal_signature *eseal__signature_new(void);

/* Parses an embedded seal (TBS_Sign.eseal); `bias` is its offset in the signature
 * and `depth` the nesting it sits at, so that limits count from the outer input. */
int eseal__seal_parse_embedded(eseal_seal **out, const uint8_t *data, size_t len,
                               unsigned int flags, size_t bias, unsigned int depth);

/*
 * The kind an input claims to be from its first two tags alone (TBS_Sign
 * starts with an INTEGER, SealInfo with a SEQUENCE); nothing is parsed.
 */
eseal_kind eseal__guess_kind(const uint8_t *data, size_t len);

/* Checks a parse options struct (NULL = defaults) and returns its flags. */
int eseal__parse_flags(const eseal_parse_options *opts, unsigned int *flags);

/* Appends `item` to `list` in `arena`; ESEAL_ENOMEM on failure. */
int eseal__warnings_add(eseal_warnings *list, eseal__arena *arena, const char *id,
                        const char *path, const char *message);
/* 1 when the warning `id` marks an encoding quirk (refused under ESEAL_PARSE_STRICT). */
int eseal__warning_is_quirk(const char *id);

/* Writers (canonical DER). They raise ESEAL_EINVAL for a model they cannot encode. */
int eseal__seal_encode_info(eseal__dbuf *b, const eseal_seal *seal);
/* The bytes the maker signs: SealInfo (V4/V5) or SEQUENCE{SealInfo, cert, alg} (V1). */
int eseal__seal_encode_signed_range(eseal_buf *out, const eseal_seal *seal);
int eseal__signature_encode_tbs(eseal__dbuf *b, const eseal_signature *sig);

#endif
