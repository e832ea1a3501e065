/*
 * eseal_usage_log_export(): the records that name a signature or document
 * hash, with inclusion proofs in the tree of the latest stored checkpoint,
 * that checkpoint and the log-signer certificates, as an evidence bundle
 * (bundle.h). One read transaction, so that all parts agree.
 */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/usage_log.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "bundle.h"
#include "checkpoint.h"
#include "log_certs.h"
#include "log_tree.h"
#include "merkle.h"
#include "record.h"
#include "usage_log.h"

typedef struct exporter {
  eseal__txn *txn;
  const char *tenant;
  eseal__usage_leaves leaves;
  eseal_buf note;
  eseal__checkpoint cp;
  eseal__signed_checkpoint *sc; /* the parsed note: its signature lines name the certificates */
  eseal__bundle_entry *entries;
  eseal_buf *records;
  uint8_t (*paths)[ESEAL__MERKLE_PATH_MAX][32];
  size_t count;
  eseal__log_certs certs;
} exporter;

static int names_hash(const eseal__urecord *r, const uint8_t *hash, size_t len) {
  if (r->action == ESEAL_USAGE_LOG_KEY) /* its document hash is a certificate's */
    return 0;
  return (r->signature_hash && len == 32 && memcmp(r->signature_hash, hash, 32) == 0) ||
         (r->document_hash && r->document_hash_len == len &&
          memcmp(r->document_hash, hash, len) == 0);
}

static int add_entry(exporter *x, uint64_t seq, eseal_buf *bytes) {
  if (x->count == ESEAL__BUNDLE_ENTRIES_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "usage log export: more than %u records name the hash",
                            ESEAL__BUNDLE_ENTRIES_MAX);
  size_t n = x->count + 1;
  eseal__bundle_entry *e = eseal__realloc(x->entries, x->count * sizeof *e, n * sizeof *e);
  if (e)
    x->entries = e;
  eseal_buf *r = eseal__realloc(x->records, x->count * sizeof *r, n * sizeof *r);
  if (r)
    x->records = r;
  uint8_t(*p)[ESEAL__MERKLE_PATH_MAX][32] =
      eseal__realloc(x->paths, x->count * sizeof *p, n * sizeof *p);
  if (p)
    x->paths = p;
  if (!e || !r || !p)
    return eseal__error_oom();
  size_t len = 0;
  int rc = eseal__merkle_inclusion_proof(ESEAL__TLOG_SM3, seq, x->cp.size, eseal__usage_leaf_at,
                                         &x->leaves, x->paths[x->count], ESEAL__MERKLE_PATH_MAX,
                                         &len);
  if (rc != 0)
    return rc;
  x->records[x->count] = *bytes;
  *bytes = (eseal_buf)ESEAL_BUF_INIT;
  x->entries[x->count] = (eseal__bundle_entry){
      seq, {x->records[x->count].ptr, x->records[x->count].size},
      (const uint8_t(*)[32])x->paths[x->count], len};
  x->count++;
  return 0;
}

/* Every record of the checkpoint's tree that names the hash, after checking the tree's root. */
static int collect(exporter *x, const uint8_t *hash, size_t len) {
  uint8_t root[32];
  int rc = eseal__usage_load_leaves(x->txn, x->tenant, x->cp.size, &x->leaves);
  if (rc == 0)
    rc = eseal__merkle_root(ESEAL__TLOG_SM3, x->cp.size, eseal__usage_leaf_at, &x->leaves, root);
  if (rc == 0 && memcmp(root, x->cp.root, 32) != 0)
    return eseal__error_set(ESEAL_ETAMPERED, "usage log export: the log no longer has the root "
                                             "of its latest checkpoint (run log verify)");
  for (uint64_t seq = 0; rc == 0 && seq < x->cp.size; seq++) {
    eseal_buf bytes = ESEAL_BUF_INIT;
    eseal__arena arena = {0};
    eseal__urecord r;
    uint8_t leaf[32];
    rc = eseal__txn_log_get(x->txn, x->tenant, ESEAL__USAGE_LOG, seq, &bytes);
    if (rc == 0 && (eseal__urecord_decode(bytes.ptr, bytes.size, &r, &arena) != 0 ||
                    eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, bytes.ptr, bytes.size, leaf) != 0 ||
                    memcmp(leaf, x->leaves.hash[seq], 32) != 0))
      rc = eseal__error_set(ESEAL_ETAMPERED, "usage log export: record %llu does not match its "
                                             "leaf (run log verify)",
                            (unsigned long long)seq);
    if (rc == 0 && names_hash(&r, hash, len))
      rc = add_entry(x, seq, &bytes);
    eseal_buf_dispose(&bytes);
    eseal__arena_release(&arena);
  }
  if (rc == 0 && x->count == 0)
    rc = eseal__error_set(ESEAL_ENOTFOUND, "usage log export: no record up to the latest "
                                           "checkpoint (%llu records) names that hash",
                          (unsigned long long)x->cp.size);
  return rc;
}

/* 1 when one of the checkpoint's signature lines is by `cert`. */
static int signed_by(const exporter *x, const eseal_cert *cert) {
  char name[24];
  if (eseal__log_cert_key_name(cert, name) != 0)
    return 0;
  for (size_t i = 0; i < x->sc->sig_count; i++)
    if (strcmp(x->sc->sigs[i].key_name, name) == 0)
      return 1;
  return 0;
}

static int encode(exporter *x, eseal_buf *out) {
  eseal__blob certs[ESEAL__BUNDLE_CERTS_MAX];
  size_t n = 0;
  for (size_t i = 0; i < x->certs.count && n < ESEAL__BUNDLE_CERTS_MAX; i++)
    if (signed_by(x, x->certs.cert[i]))
      certs[n].ptr = eseal_cert_der(x->certs.cert[i], &certs[n].len), n++;
  if (n == 0)
    return eseal__error_set(ESEAL_ETAMPERED, "usage log export: the certificate that signed the "
                                             "latest checkpoint is not in the store");
  eseal__bundle b = {{x->note.ptr, x->note.size}, x->entries, x->count, certs, n, NULL, 0};
  return eseal__bundle_encode(&b, out);
}

ESEAL_EXTERN(int) eseal_usage_log_export(eseal_buf *out, eseal_store *store, const char *tenant,
                                         const uint8_t *hash, size_t hash_len) {
  if (out == NULL || hash == NULL || hash_len == 0 || hash_len > 64)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_export: no hash of 1..64 bytes");
  exporter x;
  memset(&x, 0, sizeof x);
  x.tenant = tenant;
  if ((x.sc = eseal__malloc(sizeof *x.sc)) == NULL)
    return eseal__error_oom();
  int rc = eseal_usage_log_latest_checkpoint(&x.note, store, tenant);
  if (rc == 0 && (rc = eseal__checkpoint_parse(x.note.ptr, x.note.size, x.sc)) == 0)
    x.cp = x.sc->cp;
  if (rc == 0 && (rc = eseal__usage_begin(store, tenant, 0, &x.txn)) == 0) {
    if ((rc = eseal__log_certs_load(x.txn, tenant, &x.certs)) == 0)
      rc = collect(&x, hash, hash_len);
    eseal__txn_rollback(x.txn);
  }
  if (rc == 0)
    rc = encode(&x, out);
  for (size_t i = 0; i < x.count; i++)
    eseal_buf_dispose(&x.records[i]);
  eseal__free(x.records);
  eseal__free(x.entries);
  eseal__free(x.paths);
  eseal__free(x.leaves.hash);
  eseal__log_certs_release(&x.certs);
  eseal_buf_dispose(&x.note);
  eseal__free(x.sc);
  return rc;
}
