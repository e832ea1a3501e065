/* The public log API that appends physical uses and reads records back (eseal/usage_log.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/usage_log.h"
#include "../core/error.h"
#include "../json/json.h"
#include "log_tree.h"
#include "pseudonym.h"
#include "record.h"
#include "usage_log.h"

typedef struct physical_job {
  const eseal_ctx *ctx;
  const char *tenant;
  const eseal_usage_record *rec;
  uint64_t seq;
} physical_job;

static int append_physical(eseal__txn *txn, void *arg) {
  physical_job *job = arg;
  return eseal__usage_append(txn, job->ctx, job->tenant, job->rec, &job->seq);
}

ESEAL_EXTERN(int) eseal_usage_log_record_physical(uint64_t *seq, eseal_store *store,
                                                  const eseal_ctx *ctx, const char *tenant,
                                                  const eseal_usage_record *rec) {
  if (store == NULL || ctx == NULL || rec == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_record_physical: NULL argument");
  if (eseal_store_check_name(tenant) != 0)
    return eseal__error_prefix(ESEAL_EINVAL, "usage log tenant");
  if (rec->version != ESEAL_USAGE_RECORD_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_usage_record: unknown version %u",
                            rec->version);
  if (rec->action != 0 && rec->action != ESEAL_USAGE_PHYSICAL)
    return eseal__error_set(ESEAL_EINVAL,
                            "eseal_usage_log_record_physical: only physical uses (action %s)",
                            eseal_usage_action_name(ESEAL_USAGE_PHYSICAL));
  if (rec->es_id == NULL || rec->es_id[0] == '\0')
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_record_physical: no esID");
  eseal_usage_record copy = *rec;
  copy.action = ESEAL_USAGE_PHYSICAL;
  physical_job job = {ctx, tenant, &copy, 0};
  int rc = eseal__store_run_grouped(store, append_physical, &job);
  if (rc == 0 && seq)
    *seq = job.seq;
  return rc;
}

ESEAL_EXTERN(int) eseal_usage_log_size(uint64_t *size, eseal_store *store, const char *tenant) {
  eseal__txn *txn;
  if (size == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_size: NULL size");
  int rc = eseal__usage_begin(store, tenant, 0, &txn);
  if (rc != 0)
    return rc;
  return eseal__usage_end(txn, eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, size));
}

ESEAL_EXTERN(int) eseal_usage_log_record_bytes(eseal_buf *out, eseal_store *store,
                                               const char *tenant, uint64_t seq) {
  eseal__txn *txn;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_record_bytes: NULL output");
  int rc = eseal__usage_begin(store, tenant, 0, &txn);
  if (rc != 0)
    return rc;
  return eseal__usage_end(txn, eseal__txn_log_get(txn, tenant, ESEAL__USAGE_LOG, seq, out));
}

/* A personal field: its pseudonym, and the clear value unless erased. */
static int show_personal(eseal__json *j, eseal__txn *txn, const char *tenant, const char *name,
                         const uint8_t *ps) {
  if (ps == NULL)
    return 0;
  eseal__ps_kind kind;
  eseal_buf clear = ESEAL_BUF_INIT;
  int rc = eseal__ps_clear(txn, tenant, ps, &kind, &clear);
  if (rc != 0 && rc != ESEAL_ENOTFOUND)
    return rc;
  eseal__json_key(j, name);
  eseal__json_begin_object(j);
  eseal__json_key(j, "pseudonym");
  eseal__json_hex(j, ps, 32);
  eseal__json_key(j, "clear");
  if (rc == ESEAL_ENOTFOUND)
    eseal__json_null(j);
  else
    eseal__json_string_n(j, clear.ptr, clear.size);
  eseal__json_end_object(j);
  eseal_buf_dispose(&clear);
  return 0;
}

static void member_hex(eseal__json *j, const char *key, const uint8_t *p, size_t len) {
  if (p == NULL)
    return;
  eseal__json_key(j, key);
  eseal__json_hex(j, p, len);
}

static int show_one(eseal__json *j, eseal__txn *txn, const char *tenant, uint64_t seq) {
  eseal_buf bytes = ESEAL_BUF_INIT;
  eseal__arena arena = {0};
  eseal__urecord r;
  int rc = eseal__txn_log_get(txn, tenant, ESEAL__USAGE_LOG, seq, &bytes);
  if (rc == 0 && eseal__urecord_decode(bytes.ptr, bytes.size, &r, &arena) != 0)
    rc = eseal__error_prefix(ESEAL_ETAMPERED, "usage log: a stored record does not decode");
  eseal_buf_dispose(&bytes);
  if (rc == 0) {
    j->need_comma = 0;
    eseal__json_begin_object(j);
    eseal__json_member_int(j, "seq", (int64_t)r.seq);
    eseal__json_member_int(j, "version", (int64_t)r.version);
    eseal__json_member_int(j, "time", r.time);
    eseal__json_member_string(j, "tenant", r.tenant);
    eseal__json_member_string(j, "action", eseal_usage_action_name(r.action));
    if (r.es_id)
      eseal__json_member_string(j, "es_id", r.es_id);
    member_hex(j, "seal_hash", r.seal_hash, 32);
    if ((rc = show_personal(j, txn, tenant, "operator", r.operator_ps)) == 0 &&
        (rc = show_personal(j, txn, tenant, "device", r.device_ps)) == 0)
      rc = show_personal(j, txn, tenant, "location", r.location_ps);
    if (r.has_force) {
      char force[32];
      snprintf(force, sizeof force, "%" PRIu64 ".%03u", r.force_mn / 1000,
               (unsigned)(r.force_mn % 1000));
      eseal__json_key(j, "force_newtons");
      eseal__dbuf_append_str(&j->out, force); /* a JSON number, exact */
      j->need_comma = 1;
    }
    member_hex(j, "document_hash", r.document_hash, r.document_hash_len);
    member_hex(j, "signature_hash", r.signature_hash, 32);
    eseal__json_member_int(j, "result", r.result);
    if (r.reason)
      eseal__json_member_string(j, "reason", r.reason);
    if (r.refers_to)
      eseal__json_member_int(j, "refers_to", (int64_t)r.refers_to);
    eseal__json_end_object(j);
    eseal__dbuf_append_byte(&j->out, '\n');
  }
  eseal__arena_release(&arena);
  return rc;
}

ESEAL_EXTERN(int) eseal_usage_log_show(eseal_buf *out, eseal_store *store, const char *tenant,
                                       uint64_t first, uint64_t count) {
  eseal__txn *txn;
  uint64_t size;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_show: NULL output");
  int rc = eseal__usage_begin(store, tenant, 0, &txn);
  if (rc != 0)
    return rc;
  if ((rc = eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, &size)) != 0)
    return eseal__usage_end(txn, rc);
  uint64_t end = count == 0 || count > size - (first < size ? first : size) ? size : first + count;
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  for (uint64_t seq = first; seq < end && rc == 0; seq++)
    rc = show_one(&j, txn, tenant, seq);
  rc = eseal__usage_end(txn, rc);
  if (rc != 0) {
    eseal__dbuf_release(&j.out);
    return rc;
  }
  return eseal__dbuf_finish(&j.out, out);
}
