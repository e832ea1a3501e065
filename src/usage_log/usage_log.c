/* eseal__usage_append(): a public record becomes a stored one inside the caller's transaction. */
#include "usage_log.h"

#include <math.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "log_tree.h"
#include "merkle.h"
#include "pseudonym.h"
#include "record.h"

void eseal__usage_u64_key(uint64_t v, uint8_t key[8]) {
  for (int i = 7; i >= 0; i--, v >>= 8)
    key[i] = (uint8_t)v;
}

/* Largest force a smart seal may report, in newtons. */
#define FORCE_MAX_N 1.0e6
/* Largest location accuracy radius, in metres. */
#define ACCURACY_MAX_M 1.0e7

static int64_t scaled(double v, double unit) { return (int64_t)llround(v * unit); }

/*
 * The bytes a location is pseudonymised from (doc/usage-log.md): the UTF-8
 * text "<latitude> <longitude> <accuracy> <place>", latitude and longitude in
 * integer 1e-7 degrees, accuracy in integer centimetres, the place name
 * (possibly empty) to the end.
 */
static int location_bytes(const eseal_usage_record *rec, eseal__dbuf *b) {
  if (!isfinite(rec->latitude) || fabs(rec->latitude) > 90.0 || !isfinite(rec->longitude) ||
      fabs(rec->longitude) > 180.0)
    return eseal__error_set(ESEAL_EINVAL, "usage record: latitude or longitude out of range");
  if (!isfinite(rec->accuracy_m) || rec->accuracy_m < 0.0 || rec->accuracy_m > ACCURACY_MAX_M)
    return eseal__error_set(ESEAL_EINVAL, "usage record: location accuracy out of range");
  const char *place = rec->place ? rec->place : "";
  if (strlen(place) > ESEAL__URECORD_TEXT_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "usage record: place name too long");
  eseal__dbuf_appendf(b, "%lld %lld %lld ", (long long)scaled(rec->latitude, 1e7),
                      (long long)scaled(rec->longitude, 1e7),
                      (long long)scaled(rec->accuracy_m, 100.0));
  eseal__dbuf_append_str(b, place);
  return eseal__dbuf_status(b);
}

static int pseudonym_of_text(eseal__txn *txn, const char *tenant, eseal__ps_kind kind,
                             const char *v, uint8_t ps[32]) {
  size_t n = strlen(v);
  if (n == 0 || n > ESEAL__URECORD_TEXT_MAX)
    return eseal__error_set(ESEAL_EINVAL, "usage record: an operator or device of %zu bytes", n);
  return eseal__ps_get_or_make(txn, tenant, kind, (const uint8_t *)v, n, ps);
}

static int check_hash(const char *what, const uint8_t *p, size_t len, size_t min, size_t max) {
  if (p != NULL && (len < min || len > max))
    return eseal__error_set(ESEAL_EINVAL, "usage record: %s of %zu bytes", what, len);
  return 0;
}

/* The public record's fields the stored form does not check itself. */
static int check_public(const eseal_usage_record *rec) {
  int rc;
  if (rec->version != ESEAL_USAGE_RECORD_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_usage_record: unknown version %u",
                            rec->version);
  if ((rc = check_hash("seal hash", rec->seal_hash, rec->seal_hash_len, 32, 32)) != 0 ||
      (rc = check_hash("document hash", rec->document_hash, rec->document_hash_len, 1, 64)) != 0 ||
      (rc = check_hash("signature hash", rec->signature_hash, rec->signature_hash_len, 32, 32)) !=
          0)
    return rc;
  double f = rec->force_newtons;
  if (rec->has_force && (!isfinite(f) || f < 0.0 || f > FORCE_MAX_N))
    return eseal__error_set(ESEAL_EINVAL, "usage record: force out of range");
  return 0;
}

/* Personal values into pseudonyms, written into the caller's 3×32 bytes. */
static int pseudonymise(eseal__txn *txn, const char *tenant, const eseal_usage_record *rec,
                        eseal__urecord *out, uint8_t ps[3][32]) {
  int rc = 0;
  if (rec->operator_id) {
    if ((rc = pseudonym_of_text(txn, tenant, ESEAL__PS_OPERATOR, rec->operator_id, ps[0])) != 0)
      return rc;
    out->operator_ps = ps[0];
  }
  if (rec->device) {
    if ((rc = pseudonym_of_text(txn, tenant, ESEAL__PS_DEVICE, rec->device, ps[1])) != 0)
      return rc;
    out->device_ps = ps[1];
  }
  if (rec->has_location) {
    eseal__dbuf b = ESEAL__DBUF_INIT;
    if ((rc = location_bytes(rec, &b)) == 0)
      rc = eseal__ps_get_or_make(txn, tenant, ESEAL__PS_LOCATION, b.ptr, b.len, ps[2]);
    eseal__dbuf_release(&b);
    if (rc != 0)
      return rc;
    out->location_ps = ps[2];
  }
  return 0;
}

/* The store's clock beside record `key`, when the store has one (usage_log.h). */
static int note_server_time(eseal__txn *txn, const char *tenant, const uint8_t key[8]) {
  int64_t ms = 0;
  int rc = eseal__txn_server_time(txn, &ms);
  if (rc == ESEAL_ENOTFOUND)
    return 0;
  uint8_t v[8];
  eseal__usage_u64_key((uint64_t)ms, v);
  if (rc == 0)
    rc = eseal__txn_kv_put(txn, tenant, ESEAL__USAGE_AREA_SERVER_TIME, key, 8, v, sizeof v);
  return rc;
}

int eseal__usage_append(eseal__txn *txn, const eseal_ctx *ctx, const char *tenant,
                        const eseal_usage_record *rec, uint64_t *seq) {
  if (txn == NULL || tenant == NULL || rec == NULL || (rec->time == 0 && ctx == NULL))
    return eseal__error_set(ESEAL_EINVAL, "usage log append: missing argument");
  int rc = check_public(rec);
  if (rc != 0)
    return rc;
  eseal__urecord r;
  memset(&r, 0, sizeof r);
  r.version = ESEAL_USAGE_RECORD_VERSION;
  r.time = rec->time != 0 ? rec->time : eseal_ctx_now(ctx);
  r.tenant = tenant;
  r.action = rec->action;
  r.es_id = rec->es_id;
  r.seal_hash = rec->seal_hash;
  r.has_force = rec->has_force;
  r.force_mn = rec->has_force ? (uint64_t)scaled(rec->force_newtons, 1000.0) : 0;
  r.document_hash = rec->document_hash;
  r.document_hash_len = rec->document_hash_len;
  r.signature_hash = rec->signature_hash;
  r.result = rec->result;
  r.reason = rec->reason;
  r.refers_to = rec->refers_to;
  uint8_t ps[3][32];
  char origin[ESEAL__USAGE_ORIGIN_MAX + 1];
  if ((rc = eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, &r.seq)) != 0 ||
      (r.seq == 0 && (rc = eseal__usage_origin(txn, tenant, 1, origin)) != 0) ||
      (rc = pseudonymise(txn, tenant, rec, &r, ps)) != 0)
    return rc;
  eseal_buf bytes = ESEAL_BUF_INIT;
  if ((rc = eseal__urecord_encode(&r, &bytes)) != 0)
    return rc == ESEAL_EFORMAT ? eseal__error_prefix(ESEAL_EINVAL, "usage log append") : rc;
  uint64_t got = 0;
  uint8_t leaf[32], key[8];
  rc = eseal__txn_log_append(txn, tenant, ESEAL__USAGE_LOG, bytes.ptr, bytes.size, &got);
  if (rc == 0 && got != r.seq)
    rc = eseal__error_set(ESEAL_ERROR, "usage log: the store numbered record %llu as %llu",
                          (unsigned long long)r.seq, (unsigned long long)got);
  if (rc == 0)
    rc = eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, bytes.ptr, bytes.size, leaf);
  eseal_buf_dispose(&bytes);
  eseal__usage_u64_key(r.seq, key);
  if (rc == 0)
    rc = eseal__txn_kv_put(txn, tenant, ESEAL__USAGE_AREA_LEAF, key, sizeof key, leaf, sizeof leaf);
  if (rc == 0)
    rc = note_server_time(txn, tenant, key);
  if (rc == 0 && seq)
    *seq = r.seq;
  return rc;
}
