/*
 * eseal_usage_log_checkpoint(): read the tree, sign outside any transaction,
 * store the note. The first checkpoint with a certificate announces it with
 * an ESEAL_USAGE_LOG_KEY record first, so that every checkpoint is signed by
 * a key the log itself introduced before it (log_verify.c checks that).
 */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "eseal/usage_log.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "checkpoint.h"
#include "log_certs.h"
#include "log_tree.h"
#include "merkle.h"
#include "usage_log.h"

typedef struct tree_state {
  uint64_t size;
  uint8_t root[32];
  char origin[ESEAL__USAGE_ORIGIN_MAX + 1];
  int announced; /* the certificate is in usage.logcert */
} tree_state;

static int read_state(eseal__txn *txn, const char *tenant, const uint8_t cert_hash[32],
                      tree_state *st) {
  eseal__usage_leaves leaves = {NULL, 0};
  eseal_buf der = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_LOGCERT, cert_hash, 32, &der);
  eseal_buf_dispose(&der);
  if (rc != 0 && rc != ESEAL_ENOTFOUND)
    return rc;
  st->announced = rc == 0;
  if ((rc = eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, &st->size)) != 0 ||
      (rc = eseal__usage_origin(txn, tenant, eseal__txn_writable(txn), st->origin)) != 0 ||
      (rc = eseal__usage_load_leaves(txn, tenant, st->size, &leaves)) != 0)
    return rc;
  rc = eseal__merkle_root(ESEAL__TLOG_SM3, st->size, eseal__usage_leaf_at, &leaves, st->root);
  eseal__free(leaves.hash);
  return rc;
}

/* The size of the latest stored checkpoint (0 when none): the last key of the area. */
static int last_size_visit(void *arg, const uint8_t *key, size_t key_len, const uint8_t *value,
                           size_t value_len) {
  (void)value, (void)value_len;
  uint64_t *size = arg;
  *size = 0;
  for (size_t i = 0; i < key_len && key_len == 8; i++)
    *size = (*size << 8) | key[i];
  return 0;
}

static int latest_size(eseal__txn *txn, const char *tenant, uint64_t *size) {
  *size = 0;
  return eseal__txn_kv_scan(txn, tenant, ESEAL__USAGE_AREA_CHECKPOINT, NULL, 0, last_size_visit,
                            size);
}

typedef struct announce_job {
  const eseal_ctx *ctx;
  const char *tenant;
  const eseal_cert *cert;
  const uint8_t *cert_hash;
  tree_state *st;
} announce_job;

/* Appends the ESEAL_USAGE_LOG_KEY record and files the certificate, then rereads the tree. */
static int announce(eseal__txn *txn, void *arg) {
  announce_job *job = arg;
  size_t der_len = 0;
  const uint8_t *der = eseal_cert_der(job->cert, &der_len);
  eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
  rec.action = ESEAL_USAGE_LOG_KEY;
  rec.document_hash = job->cert_hash;
  rec.document_hash_len = 32;
  rec.reason = eseal_cert_subject(job->cert);
  int rc = read_state(txn, job->tenant, job->cert_hash, job->st);
  if (rc != 0 || job->st->announced) /* another caller announced it meanwhile */
    return rc;
  if ((rc = eseal__usage_append(txn, job->ctx, job->tenant, &rec, NULL)) != 0 ||
      (rc = eseal__txn_kv_put(txn, job->tenant, ESEAL__USAGE_AREA_LOGCERT, job->cert_hash, 32,
                              der, der_len)) != 0)
    return rc;
  return read_state(txn, job->tenant, job->cert_hash, job->st);
}

/* Signs the tree state and checks the note verifies with `cert` under the context's trust. */
static int sign_state(const eseal_ctx *ctx, eseal_key *key, const eseal_cert *cert,
                      const tree_state *st, eseal_buf *note) {
  eseal__checkpoint cp;
  memset(&cp, 0, sizeof cp);
  memcpy(cp.origin, st->origin, sizeof st->origin);
  cp.size = st->size;
  memcpy(cp.root, st->root, 32);
  cp.alg = ESEAL__TLOG_SM3;
  cp.time = eseal_ctx_now(ctx);
  char name[24];
  const char *names[1] = {name};
  int rc = eseal__log_cert_key_name(cert, name);
  if (rc == 0)
    rc = eseal__checkpoint_sign(ctx, &cp, &key, names, 1, note);
  if (rc != 0)
    return rc;
  eseal__signed_checkpoint *parsed = eseal__malloc(sizeof *parsed);
  size_t signer = 0;
  if (parsed == NULL)
    rc = eseal__error_oom();
  else
    rc = eseal__checkpoint_verify(ctx, note->ptr, note->size, &cert, 1, parsed, &signer);
  eseal__free(parsed);
  if (rc != 0) {
    eseal_buf_dispose(note);
    return eseal__error_prefix(rc == ESEAL_ETAMPERED ? ESEAL_ECRYPTO : rc,
                               "usage log checkpoint: the key and certificate do not make a "
                               "trusted log signer");
  }
  return 0;
}

typedef struct store_job {
  const char *tenant;
  uint64_t size;
  const eseal_buf *note;
} store_job;

static int store_note(eseal__txn *txn, void *arg) {
  store_job *job = arg;
  uint8_t key[8];
  eseal__usage_u64_key(job->size, key);
  return eseal__txn_kv_put(txn, job->tenant, ESEAL__USAGE_AREA_CHECKPOINT, key, sizeof key,
                           job->note->ptr, job->note->size);
}

ESEAL_EXTERN(int) eseal_usage_log_checkpoint(eseal_buf *out, eseal_store *store,
                                             const eseal_ctx *ctx, const char *tenant,
                                             eseal_key *key, const eseal_cert *cert,
                                             uint64_t every) {
  if (out == NULL || ctx == NULL || key == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_checkpoint: NULL argument");
  out->ptr = NULL, out->size = 0;
  uint8_t cert_hash[32];
  uint64_t last = 0;
  tree_state st;
  memset(&st, 0, sizeof st);
  eseal__txn *txn;
  int rc = eseal__log_cert_hash(cert, cert_hash);
  if (rc != 0 || (rc = eseal__usage_begin(store, tenant, 0, &txn)) != 0)
    return rc;
  rc = latest_size(txn, tenant, &last);
  if (rc == 0)
    rc = read_state(txn, tenant, cert_hash, &st);
  if ((rc = eseal__usage_end(txn, rc)) != 0)
    return rc;
  if (every > 0 && (st.size < last || st.size - last < every))
    return 0; /* not due */
  eseal_buf note = ESEAL_BUF_INIT;
  /* Signed once before anything is written, so that an untrusted key leaves no trace. */
  if ((rc = sign_state(ctx, key, cert, &st, &note)) != 0)
    return rc;
  if (!st.announced) {
    eseal_buf_dispose(&note);
    announce_job job = {ctx, tenant, cert, cert_hash, &st};
    if ((rc = eseal__store_run_grouped(store, announce, &job)) != 0 ||
        (rc = sign_state(ctx, key, cert, &st, &note)) != 0)
      return rc;
  }
  store_job job = {tenant, st.size, &note};
  if ((rc = eseal__store_run_grouped(store, store_note, &job)) != 0) {
    eseal_buf_dispose(&note);
    return rc;
  }
  *out = note;
  return 0;
}

ESEAL_EXTERN(int) eseal_usage_log_latest_checkpoint(eseal_buf *out, eseal_store *store,
                                                    const char *tenant) {
  eseal__txn *txn;
  uint64_t last = 0;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_latest_checkpoint: NULL output");
  int rc = eseal__usage_begin(store, tenant, 0, &txn);
  if (rc != 0)
    return rc;
  uint8_t key[8];
  eseal_buf note = ESEAL_BUF_INIT;
  if ((rc = latest_size(txn, tenant, &last)) == 0) {
    eseal__usage_u64_key(last, key);
    rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_CHECKPOINT, key, sizeof key, &note);
    if (rc == ESEAL_ENOTFOUND)
      rc = eseal__error_set(ESEAL_ENOTFOUND, "usage log: tenant %s has no checkpoint", tenant);
  }
  if ((rc = eseal__usage_end(txn, rc)) == 0)
    *out = note;
  return rc;
}
