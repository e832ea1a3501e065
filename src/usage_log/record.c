/*
 * Usage records: the public struct's helpers and the canonical CBOR codec of
 * format version 1 (record.h; doc/usage-log.md, "Records"). The encoder
 * writes with libcbor's minimal-width encoders; the decoder reads item heads
 * with libcbor's streaming decoder (no allocation driven by the input), then
 * re-encodes what it read and compares, so that exactly one byte string is
 * accepted per record.
 */
#include "record.h"

#include <limits.h>
#include <string.h>

#include <cbor.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../core/text.h"
#include "cbor_write.h"

ESEAL_EXTERN(int) eseal_usage_record_init(eseal_usage_record *rec, unsigned int version) {
  if (rec == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_record_init: NULL record");
  if (version != ESEAL_USAGE_RECORD_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_usage_record: unknown version %u", version);
  *rec = (eseal_usage_record)ESEAL_USAGE_RECORD_INIT;
  return 0;
}

static const char *const action_names[] = {
    NULL,     "stamp-intent", "stamp-done", "stamp-refused", "physical",      "register",
    "freeze", "unfreeze",     "lost",       "cancel",        "alert",         "loss-notified",
    "log-key",
};

#define ACTION_MAX ((unsigned)(sizeof action_names / sizeof action_names[0]) - 1u)

ESEAL_EXTERN(const char *) eseal_usage_action_name(eseal_usage_action action) {
  if ((unsigned)action > ACTION_MAX)
    return NULL;
  return action_names[action];
}

/* ---- the rules both directions share ---- */

static int check_text(const char *what, const char *s) {
  size_t n = strlen(s);
  if (n > ESEAL__URECORD_TEXT_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "usage record: %s longer than %u bytes", what,
                            ESEAL__URECORD_TEXT_MAX);
  if (!eseal__utf8_valid((const uint8_t *)s, n))
    return eseal__error_set(ESEAL_EFORMAT, "usage record: %s is not UTF-8", what);
  return 0;
}

static int check_record(const eseal__urecord *r) {
  int rc;
  if (r->version != ESEAL_USAGE_RECORD_VERSION)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: unknown format version %llu",
                            (unsigned long long)r->version);
  if (r->tenant == NULL || eseal_store_check_name(r->tenant) != 0)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: missing or invalid tenant");
  if ((unsigned)r->action < 1 || (unsigned)r->action > ACTION_MAX)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: unknown action %d", (int)r->action);
  if (r->es_id && (rc = check_text("esID", r->es_id)) != 0)
    return rc;
  if (r->reason && (rc = check_text("reason", r->reason)) != 0)
    return rc;
  if (r->document_hash && (r->document_hash_len < 1 || r->document_hash_len > 64))
    return eseal__error_set(ESEAL_EFORMAT, "usage record: document hash of %zu bytes",
                            r->document_hash_len);
  if (r->result > 0 || r->result < INT_MIN)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: result %lld is not 0 or an error code",
                            (long long)r->result);
  return 0;
}

/* ---- encoder ---- */

#define PS_LEN ESEAL__PSEUDONYM_LEN

/* A map key: a small unsigned integer. */
static void put_key(eseal__dbuf *b, unsigned key) { eseal__cbor_put_uint(b, key); }

static size_t entry_count(const eseal__urecord *r) {
  /* version, seq, time, tenant, action and result are always there */
  return 6u + !!r->es_id + !!r->seal_hash + !!r->operator_ps + !!r->device_ps +
         !!r->location_ps + !!r->has_force + !!r->document_hash + !!r->signature_hash +
         !!r->reason + (r->refers_to != 0);
}

int eseal__urecord_encode(const eseal__urecord *r, eseal_buf *out) {
  int rc = check_record(r);
  if (rc != 0)
    return rc;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__cbor_put_map_head(&b, entry_count(r));
  put_key(&b, ESEAL__UK_VERSION), eseal__cbor_put_uint(&b, r->version);
  put_key(&b, ESEAL__UK_SEQ), eseal__cbor_put_uint(&b, r->seq);
  put_key(&b, ESEAL__UK_TIME), eseal__cbor_put_int(&b, r->time);
  put_key(&b, ESEAL__UK_TENANT), eseal__cbor_put_text(&b, r->tenant);
  put_key(&b, ESEAL__UK_ACTION), eseal__cbor_put_uint(&b, (uint64_t)r->action);
  if (r->es_id)
    put_key(&b, ESEAL__UK_ES_ID), eseal__cbor_put_text(&b, r->es_id);
  if (r->seal_hash)
    put_key(&b, ESEAL__UK_SEAL_HASH), eseal__cbor_put_bytes(&b, r->seal_hash, 32);
  if (r->operator_ps)
    put_key(&b, ESEAL__UK_OPERATOR), eseal__cbor_put_bytes(&b, r->operator_ps, PS_LEN);
  if (r->device_ps)
    put_key(&b, ESEAL__UK_DEVICE), eseal__cbor_put_bytes(&b, r->device_ps, PS_LEN);
  if (r->location_ps)
    put_key(&b, ESEAL__UK_LOCATION), eseal__cbor_put_bytes(&b, r->location_ps, PS_LEN);
  if (r->has_force)
    put_key(&b, ESEAL__UK_FORCE), eseal__cbor_put_uint(&b, r->force_mn);
  if (r->document_hash)
    put_key(&b, ESEAL__UK_DOCUMENT_HASH),
        eseal__cbor_put_bytes(&b, r->document_hash, r->document_hash_len);
  if (r->signature_hash)
    put_key(&b, ESEAL__UK_SIGNATURE_HASH), eseal__cbor_put_bytes(&b, r->signature_hash, 32);
  put_key(&b, ESEAL__UK_RESULT), eseal__cbor_put_int(&b, r->result);
  if (r->reason)
    put_key(&b, ESEAL__UK_REASON), eseal__cbor_put_text(&b, r->reason);
  if (r->refers_to != 0)
    put_key(&b, ESEAL__UK_REFERS_TO), eseal__cbor_put_uint(&b, r->refers_to);
  if (b.len > ESEAL__URECORD_MAX) {
    eseal__dbuf_release(&b);
    return eseal__error_set(ESEAL_ELIMIT, "usage record: longer than %u bytes",
                            ESEAL__URECORD_MAX);
  }
  return eseal__dbuf_finish(&b, out);
}

/* ---- decoder ---- */

typedef enum { IT_OTHER, IT_UINT, IT_NEGINT, IT_BYTES, IT_TEXT, IT_MAP } item_kind;

typedef struct item {
  item_kind kind;
  uint64_t value; /* UINT, NEGINT (the encoded n of -1-n), MAP (entries) */
  const uint8_t *ptr; /* BYTES, TEXT: into the input */
  size_t len;
} item;

static void on_u8(void *c, uint8_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_u16(void *c, uint16_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_u32(void *c, uint32_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_u64(void *c, uint64_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_n8(void *c, uint8_t v) { *(item *)c = (item){IT_NEGINT, v, NULL, 0}; }
static void on_n16(void *c, uint16_t v) { *(item *)c = (item){IT_NEGINT, v, NULL, 0}; }
static void on_n32(void *c, uint32_t v) { *(item *)c = (item){IT_NEGINT, v, NULL, 0}; }
static void on_n64(void *c, uint64_t v) { *(item *)c = (item){IT_NEGINT, v, NULL, 0}; }
static void on_bytes(void *c, cbor_data p, size_t n) { *(item *)c = (item){IT_BYTES, 0, p, n}; }
static void on_text(void *c, cbor_data p, size_t n) { *(item *)c = (item){IT_TEXT, 0, p, n}; }
static void on_map(void *c, size_t n) { *(item *)c = (item){IT_MAP, n, NULL, 0}; }

/* Every callback not set here (indefinite items, arrays, tags, floats, simple
   values) leaves IT_OTHER. */
static struct cbor_callbacks head_callbacks(void) {
  struct cbor_callbacks cb = cbor_empty_callbacks;
  cb.uint8 = on_u8, cb.uint16 = on_u16, cb.uint32 = on_u32, cb.uint64 = on_u64;
  cb.negint8 = on_n8, cb.negint16 = on_n16, cb.negint32 = on_n32, cb.negint64 = on_n64;
  cb.byte_string = on_bytes, cb.string = on_text, cb.map_start = on_map;
  return cb;
}

typedef struct reader {
  const uint8_t *data;
  size_t len, pos;
  struct cbor_callbacks cb;
} reader;

static int next_item(reader *rd, item *it) {
  *it = (item){IT_OTHER, 0, NULL, 0};
  if (rd->pos >= rd->len)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: truncated");
  struct cbor_decoder_result res =
      cbor_stream_decode(rd->data + rd->pos, rd->len - rd->pos, &rd->cb, it);
  if (res.status != CBOR_DECODER_FINISHED || res.read == 0)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: malformed CBOR at byte %zu", rd->pos);
  rd->pos += res.read;
  if (it->kind == IT_OTHER)
    return eseal__error_set(ESEAL_EFORMAT,
                            "usage record: an item of a type the format does not use at byte %zu",
                            rd->pos - res.read);
  return 0;
}

static int want(const item *it, item_kind kind, unsigned key) {
  if (it->kind != kind)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: key %u has the wrong type", key);
  return 0;
}

static int get_text(const item *it, unsigned key, eseal__arena *arena, const char **out) {
  if (want(it, IT_TEXT, key) != 0)
    return ESEAL_EFORMAT;
  if (it->len > ESEAL__URECORD_TEXT_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "usage record: text of key %u longer than %u bytes", key,
                            ESEAL__URECORD_TEXT_MAX);
  if (memchr(it->ptr, 0, it->len) != NULL)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: NUL byte in the text of key %u", key);
  if ((*out = eseal__arena_dup(arena, it->ptr, it->len)) == NULL)
    return eseal__error_oom();
  return 0;
}

static int get_bytes(const item *it, unsigned key, size_t min, size_t max, eseal__arena *arena,
                     const uint8_t **out, size_t *len) {
  if (want(it, IT_BYTES, key) != 0)
    return ESEAL_EFORMAT;
  if (it->len < min || it->len > max)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: key %u holds %zu bytes", key, it->len);
  if ((*out = eseal__arena_dup(arena, it->ptr, it->len)) == NULL)
    return eseal__error_oom();
  if (len)
    *len = it->len;
  return 0;
}

static int get_int(const item *it, unsigned key, int64_t *out) {
  if (it->kind == IT_UINT && it->value <= (uint64_t)INT64_MAX)
    *out = (int64_t)it->value;
  else if (it->kind == IT_NEGINT && it->value <= (uint64_t)INT64_MAX)
    *out = -1 - (int64_t)it->value;
  else
    return eseal__error_set(ESEAL_EFORMAT, "usage record: key %u is not a 64-bit integer", key);
  return 0;
}

static int read_value(unsigned key, const item *v, eseal__urecord *r, eseal__arena *arena) {
  switch (key) {
  case ESEAL__UK_VERSION:
    return want(v, IT_UINT, key) ? ESEAL_EFORMAT : (r->version = v->value, 0);
  case ESEAL__UK_SEQ:
    return want(v, IT_UINT, key) ? ESEAL_EFORMAT : (r->seq = v->value, 0);
  case ESEAL__UK_TIME:
    return get_int(v, key, &r->time);
  case ESEAL__UK_TENANT:
    return get_text(v, key, arena, &r->tenant);
  case ESEAL__UK_ACTION:
    if (want(v, IT_UINT, key) != 0)
      return ESEAL_EFORMAT;
    r->action = v->value <= ACTION_MAX ? (eseal_usage_action)v->value : (eseal_usage_action)0;
    return 0; /* range checked with the whole record */
  case ESEAL__UK_ES_ID:
    return get_text(v, key, arena, &r->es_id);
  case ESEAL__UK_SEAL_HASH:
    return get_bytes(v, key, 32, 32, arena, &r->seal_hash, NULL);
  case ESEAL__UK_OPERATOR:
    return get_bytes(v, key, ESEAL__PSEUDONYM_LEN, ESEAL__PSEUDONYM_LEN, arena, &r->operator_ps,
                     NULL);
  case ESEAL__UK_DEVICE:
    return get_bytes(v, key, ESEAL__PSEUDONYM_LEN, ESEAL__PSEUDONYM_LEN, arena, &r->device_ps,
                     NULL);
  case ESEAL__UK_LOCATION:
    return get_bytes(v, key, ESEAL__PSEUDONYM_LEN, ESEAL__PSEUDONYM_LEN, arena, &r->location_ps,
                     NULL);
  case ESEAL__UK_FORCE:
    return want(v, IT_UINT, key) ? ESEAL_EFORMAT : (r->has_force = 1, r->force_mn = v->value, 0);
  case ESEAL__UK_DOCUMENT_HASH:
    return get_bytes(v, key, 1, 64, arena, &r->document_hash, &r->document_hash_len);
  case ESEAL__UK_SIGNATURE_HASH:
    return get_bytes(v, key, 32, 32, arena, &r->signature_hash, NULL);
  case ESEAL__UK_RESULT:
    return get_int(v, key, &r->result);
  case ESEAL__UK_REASON:
    return get_text(v, key, arena, &r->reason);
  case ESEAL__UK_REFERS_TO:
    if (want(v, IT_UINT, key) != 0)
      return ESEAL_EFORMAT;
    if (v->value == 0) /* absent means 0; writing it would be a second encoding */
      return eseal__error_set(ESEAL_EFORMAT, "usage record: refers_to 0 written out");
    r->refers_to = v->value;
    return 0;
  default:
    return eseal__error_set(ESEAL_EFORMAT, "usage record: unknown key %u", key);
  }
}

#define REQUIRED_KEYS                                                                   \
  ((1u << ESEAL__UK_VERSION) | (1u << ESEAL__UK_SEQ) | (1u << ESEAL__UK_TIME) |       \
   (1u << ESEAL__UK_TENANT) | (1u << ESEAL__UK_ACTION) | (1u << ESEAL__UK_RESULT))

static int decode_map(reader *rd, eseal__urecord *r, eseal__arena *arena) {
  item it;
  int rc = next_item(rd, &it);
  if (rc != 0)
    return rc;
  if (it.kind != IT_MAP || it.value > ESEAL__UK_REFERS_TO + 1u)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: not a map of at most %u entries",
                            ESEAL__UK_REFERS_TO + 1u);
  uint64_t entries = it.value;
  unsigned seen = 0;
  long prev = -1;
  for (uint64_t i = 0; i < entries; i++) {
    item k, v;
    if ((rc = next_item(rd, &k)) != 0)
      return rc;
    if (k.kind != IT_UINT || k.value > ESEAL__UK_REFERS_TO)
      return eseal__error_set(ESEAL_EFORMAT, "usage record: unknown key");
    if ((long)k.value <= prev) /* canonical order: strictly ascending, so no repeats */
      return eseal__error_set(ESEAL_EFORMAT,
                              "usage record: key %llu out of order or repeated",
                              (unsigned long long)k.value);
    prev = (long)k.value;
    seen |= 1u << k.value;
    if ((rc = next_item(rd, &v)) != 0 || (rc = read_value((unsigned)k.value, &v, r, arena)) != 0)
      return rc;
  }
  if ((seen & REQUIRED_KEYS) != REQUIRED_KEYS)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: a required key is missing");
  if (rd->pos != rd->len)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: %zu bytes after the record",
                            rd->len - rd->pos);
  return check_record(r);
}

int eseal__urecord_decode(const uint8_t *data, size_t len, eseal__urecord *r,
                          eseal__arena *arena) {
  memset(r, 0, sizeof *r);
  if (data == NULL || len == 0)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: empty");
  if (len > ESEAL__URECORD_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "usage record: longer than %u bytes",
                            ESEAL__URECORD_MAX);
  reader rd = {data, len, 0, head_callbacks()};
  int rc = decode_map(&rd, r, arena);
  if (rc != 0)
    return rc;
  /* Heads of a longer width than needed read back as the same values: the
     re-encoding differs exactly when the input was not canonical. */
  eseal_buf again = ESEAL_BUF_INIT;
  if ((rc = eseal__urecord_encode(r, &again)) != 0)
    return rc;
  int same = again.size == len && memcmp(again.ptr, data, len) == 0;
  eseal_buf_dispose(&again);
  if (!same)
    return eseal__error_set(ESEAL_EFORMAT, "usage record: not in canonical CBOR form");
  return 0;
}
