/*
 * Usage records as stored: canonical CBOR (RFC 8949 §4.2), format version 1.
 * The byte layout is in doc/usage-log.md, "Records". Floor 4 (usage_log/),
 * uses core/ only.
 *
 * A stored record differs from the public eseal_usage_record: it carries the
 * sequence number and the tenant, personal data only as 32-byte pseudonyms
 * (usage_log.c makes them), and the force as whole millinewtons.
 *
 * The decoder is strict: it accepts exactly the bytes the encoder writes for
 * some record, so every non-canonical variant (indefinite lengths, longer
 * integer or length encodings, unsorted or repeated keys, unknown keys or
 * versions, trailing bytes) is refused with ESEAL_EFORMAT. Limits (refused
 * with ESEAL_ELIMIT before decoding): ESEAL__URECORD_MAX bytes per record,
 * ESEAL__URECORD_TEXT_MAX bytes per text field.
 */
#ifndef ESEAL_USAGE_LOG_RECORD_H
#define ESEAL_USAGE_LOG_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "eseal/usage_log.h"
#include "../core/arena.h"

#define ESEAL__URECORD_MAX (32u * 1024u)
#define ESEAL__URECORD_TEXT_MAX 4096u
#define ESEAL__PSEUDONYM_LEN 32u

/* Map keys of format version 1, in their canonical (ascending) order. */
enum {
  ESEAL__UK_VERSION = 0,
  ESEAL__UK_SEQ = 1,
  ESEAL__UK_TIME = 2,
  ESEAL__UK_TENANT = 3,
  ESEAL__UK_ACTION = 4,
  ESEAL__UK_ES_ID = 5,
  ESEAL__UK_SEAL_HASH = 6,
  ESEAL__UK_OPERATOR = 7,
  ESEAL__UK_DEVICE = 8,
  ESEAL__UK_LOCATION = 9,
  ESEAL__UK_FORCE = 10,
  ESEAL__UK_DOCUMENT_HASH = 11,
  ESEAL__UK_SIGNATURE_HASH = 12,
  ESEAL__UK_RESULT = 13,
  ESEAL__UK_REASON = 14,
  ESEAL__UK_REFERS_TO = 15
};

/* A record as stored. Absent fields: NULL pointers, has_force 0, refers_to 0. */
typedef struct eseal__urecord {
  uint64_t version; /* ESEAL_USAGE_RECORD_VERSION */
  uint64_t seq;
  int64_t time;
  const char *tenant;
  eseal_usage_action action;
  const char *es_id;
  const uint8_t *seal_hash; /* 32 bytes */
  const uint8_t *operator_ps, *device_ps, *location_ps; /* ESEAL__PSEUDONYM_LEN bytes each */
  int has_force;
  uint64_t force_mn; /* millinewtons */
  const uint8_t *document_hash; /* 1..64 bytes */
  size_t document_hash_len;
  const uint8_t *signature_hash; /* 32 bytes */
  int64_t result;                /* 0 or a negative code */
  const char *reason;
  uint64_t refers_to;
} eseal__urecord;

/*
 * Writes the canonical encoding of `r` into `out`. ESEAL_EINVAL (raised) when
 * a field is outside what the decoder accepts, so that whatever is written
 * reads back.
 */
int eseal__urecord_encode(const eseal__urecord *r, eseal_buf *out);

/*
 * Decodes `len` bytes into `r`; strings and bytes are copied into `arena`
 * (released by the caller, also on failure). 0, ESEAL_EFORMAT or
 * ESEAL_ELIMIT raised, ESEAL_ENOMEM.
 */
int eseal__urecord_decode(const uint8_t *data, size_t len, eseal__urecord *r,
                          eseal__arena *arena);

#endif
