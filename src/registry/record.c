/* The stored state of a seal: encoding, decoding, reading and writing it. */
#include "record.h"

#include <string.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "../asn1/der.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "fields.h"

#define RECORD_VERSION 1

static void put_text(eseal__dbuf *b, const char *s) {
  eseal__der_put(b, DER_UTF8_STRING, s, strlen(s));
}

int eseal__seal_record_encode(const eseal__seal_record *r, eseal_buf *out) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  size_t mark = eseal__der_begin(&b);
  eseal__der_put_int64(&b, RECORD_VERSION);
  eseal__der_put_int64(&b, r->state);
  put_text(&b, r->es_id);
  eseal__der_put(&b, DER_OCTET_STRING, r->hash, sizeof r->hash);
  eseal__der_put_int64(&b, r->registered_at);
  put_text(&b, r->registered_by);
  eseal__der_put_int64(&b, r->changed_at);
  put_text(&b, r->changed_by);
  put_text(&b, r->reason);
  eseal__der_put_int64(&b, (int64_t)r->sequence);
  eseal__der_put_int64(&b, (int64_t)r->freeze_sequence);
  eseal__der_put_int64(&b, r->final_at);
  eseal__der_put_int64(&b, r->notify_result);
  eseal__der_put(&b, DER_OCTET_STRING, r->predecessor, r->has_predecessor ? 32 : 0);
  eseal__der_put(&b, DER_OCTET_STRING, r->successor, r->has_successor ? 32 : 0);
  eseal__der_end(&b, mark, DER_SEQUENCE);
  return eseal__dbuf_finish(&b, out);
}

static int decode_fields(eseal__fields *f, eseal__seal_record *r) {
  int64_t version = 0, state = 0, seq = 0, freeze = 0, notify = 0;
  if (eseal__fields_int64(f, &version) || eseal__fields_int64(f, &state) ||
      eseal__fields_text(f, r->es_id, sizeof r->es_id) ||
      eseal__fields_hash(f, r->hash, 32, 0, NULL) || eseal__fields_int64(f, &r->registered_at) ||
      eseal__fields_text(f, r->registered_by, sizeof r->registered_by) ||
      eseal__fields_int64(f, &r->changed_at) ||
      eseal__fields_text(f, r->changed_by, sizeof r->changed_by) ||
      eseal__fields_text(f, r->reason, sizeof r->reason) || eseal__fields_int64(f, &seq) ||
      eseal__fields_int64(f, &freeze) || eseal__fields_int64(f, &r->final_at) ||
      eseal__fields_int64(f, &notify) ||
      eseal__fields_hash(f, r->predecessor, 32, 1, &r->has_predecessor) ||
      eseal__fields_hash(f, r->successor, 32, 1, &r->has_successor) || eseal__fields_close(f))
    return -1;
  if (version != RECORD_VERSION) {
    f->why = "an unknown record version";
    return -1;
  }
  if (eseal_seal_state_name((eseal_seal_state)state) == NULL) {
    f->why = "an unknown state";
    return -1;
  }
  if (seq < 0 || freeze < 0 || notify < INT32_MIN || notify > 1) {
    f->why = "a number out of range";
    return -1;
  }
  r->version = (int)version;
  r->state = (eseal_seal_state)state;
  r->sequence = (uint64_t)seq;
  r->freeze_sequence = (uint64_t)freeze;
  r->notify_result = (int)notify;
  return 0;
}

int eseal__seal_record_decode(eseal__seal_record *r, const uint8_t *der, size_t len) {
  memset(r, 0, sizeof *r);
  eseal__fields f;
  if (eseal__fields_open(&f, der, len) != 0 || decode_fields(&f, r) != 0)
    return eseal__error_set(ESEAL_ETAMPERED, "a stored seal record is damaged: %s", f.why);
  return 0;
}

static int get_by_key(eseal__txn *txn, const char *tenant, const uint8_t hash[32],
                      eseal__seal_record *r) {
  eseal_buf v = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__AREA_SEALS, hash, 32, &v);
  if (rc == 0) {
    rc = eseal__seal_record_decode(r, v.ptr, v.size);
    /* A record filed under another seal's hash was moved there. */
    if (rc == 0 && memcmp(r->hash, hash, 32) != 0)
      rc = eseal__error_set(ESEAL_ETAMPERED, "a stored seal record sits under another seal's hash");
  }
  eseal_buf_dispose(&v);
  return rc;
}

int eseal__seal_record_get(eseal__txn *txn, const char *tenant, const uint8_t hash[32],
                           eseal__seal_record *r) {
  int rc = get_by_key(txn, tenant, hash, r);
  if (rc == ESEAL_ENOTFOUND)
    return eseal__error_set(rc, "no seal with this hash is registered in tenant %s", tenant);
  return rc;
}

int eseal__seal_record_get_esid(eseal__txn *txn, const char *tenant, const char *es_id,
                                eseal__seal_record *r) {
  size_t n = es_id ? strlen(es_id) : 0;
  if (n == 0 || n > ESEAL__REGISTRY_MAX_ESID)
    return eseal__error_set(ESEAL_EINVAL, "an esID has 1 to %u bytes", ESEAL__REGISTRY_MAX_ESID);
  eseal_buf v = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__AREA_ESIDS, (const uint8_t *)es_id, n, &v);
  if (rc == ESEAL_ENOTFOUND)
    return eseal__error_set(rc, "no seal with esID %s is registered in tenant %s", es_id, tenant);
  if (rc == 0 && v.size != 32)
    rc = eseal__error_set(ESEAL_ETAMPERED, "the stored entry of esID %s is damaged", es_id);
  if (rc == 0)
    rc = get_by_key(txn, tenant, v.ptr, r);
  if (rc == 0 && strcmp(r->es_id, es_id) != 0)
    rc = eseal__error_set(ESEAL_ETAMPERED, "the stored entry of esID %s names another seal", es_id);
  if (rc == ESEAL_ENOTFOUND)
    rc = eseal__error_set(ESEAL_ETAMPERED, "the seal of esID %s is missing from the store", es_id);
  eseal_buf_dispose(&v);
  return rc;
}

int eseal__seal_record_put(eseal__txn *txn, const char *tenant, const eseal__seal_record *r) {
  eseal_buf v = ESEAL_BUF_INIT;
  int rc = eseal__seal_record_encode(r, &v);
  if (rc == 0)
    rc = eseal__txn_kv_put(txn, tenant, ESEAL__AREA_SEALS, r->hash, 32, v.ptr, v.size);
  eseal_buf_dispose(&v);
  return rc;
}

const char *eseal__registry_tenant(const char *tenant) {
  return tenant ? tenant : ESEAL_STORE_DEFAULT_TENANT;
}

int eseal__registry_text(char *out, size_t cap, const char *text, const char *what) {
  size_t n = text ? strlen(text) : 0;
  if (n >= cap)
    return eseal__error_set(ESEAL_ELIMIT, "%s exceeds %zu bytes", what, cap - 1);
  memcpy(out, text ? text : "", n);
  out[n] = 0;
  return 0;
}

int eseal__seal_hash(const eseal_seal *seal, uint8_t out[32]) {
  size_t len = 0, n = 0;
  const uint8_t *der = eseal_seal_bytes(seal, &len);
  uint8_t md[ESEAL__DIGEST_MAX];
  int rc = eseal__digest(EVP_sm3(), der, len, md, &n);
  if (rc == 0)
    memcpy(out, md, 32);
  return rc;
}
