/*
 * eseal_usage_log_verify(): one pass over the log recomputes every leaf and,
 * with a compact range (the roots of the perfect subtrees that make up the
 * prefix read so far), the root of every prefix a checkpoint names, so that
 * n records and k checkpoints cost O(n + k log n) hashes.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/usage_log.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../json/json.h"
#include "checkpoint.h"
#include "log_certs.h"
#include "log_tree.h"
#include "merkle.h"
#include "pseudonym.h"
#include "record.h"
#include "usage_log.h"

/* A checkpoint to check: stored (at key `size`) or the caller's. */
typedef struct note {
  uint64_t size;
  uint8_t *text;
  size_t len;
} note;

/* A growable array of uint64 (open intents, announcement sequences). */
typedef struct u64s {
  uint64_t *v;
  size_t n, cap;
} u64s;

static int u64s_push(u64s *a, uint64_t x) {
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 16;
    uint64_t *v = eseal__realloc(a->v, a->cap * sizeof *v, cap * sizeof *v);
    if (v == NULL)
      return eseal__error_oom();
    a->v = v, a->cap = cap;
  }
  a->v[a->n++] = x;
  return 0;
}

typedef struct verifier {
  const eseal_ctx *ctx;
  eseal__txn *txn;
  const char *tenant;
  char origin[ESEAL__USAGE_ORIGIN_MAX + 1];
  uint64_t size;
  /* compact range over the leaves read so far */
  uint8_t range[ESEAL__MERKLE_PATH_MAX + 1][32];
  size_t range_len;
  uint64_t leaves;
  eseal__log_certs certs;
  uint64_t *announced_at; /* per certificate: seq + 1 of its LOG_KEY record, 0 = none */
  note *notes;            /* stored checkpoints, ascending sizes */
  size_t note_count, note_cap;
  u64s open_intents;
  size_t checkpoints_checked;
} verifier;

static int add_leaf(verifier *v, const uint8_t leaf[32]) {
  memcpy(v->range[v->range_len++], leaf, 32);
  for (uint64_t c = v->leaves; c & 1; c >>= 1) {
    v->range_len--;
    int rc = eseal__merkle_node_hash(ESEAL__TLOG_SM3, v->range[v->range_len - 1],
                                     v->range[v->range_len], v->range[v->range_len - 1]);
    if (rc != 0)
      return rc;
  }
  v->leaves++;
  return 0;
}

/* The root of the leaves read so far: the compact range folded from the right. */
static int prefix_root(const verifier *v, uint8_t root[32]) {
  if (v->range_len == 0)
    return eseal__merkle_root(ESEAL__TLOG_SM3, 0, NULL, NULL, root);
  memcpy(root, v->range[v->range_len - 1], 32);
  for (size_t i = v->range_len - 1; i-- > 0;) {
    int rc = eseal__merkle_node_hash(ESEAL__TLOG_SM3, v->range[i], root, root);
    if (rc != 0)
      return rc;
  }
  return 0;
}

static int take_note(void *arg, const uint8_t *key, size_t key_len, const uint8_t *value,
                     size_t value_len) {
  verifier *v = arg;
  if (key_len != 8)
    return 2;
  if (v->note_count == v->note_cap) {
    size_t cap = v->note_cap ? v->note_cap * 2 : 8;
    note *n = eseal__realloc(v->notes, v->note_cap * sizeof *n, cap * sizeof *n);
    if (n == NULL)
      return 3;
    v->notes = n, v->note_cap = cap;
  }
  note *n = &v->notes[v->note_count];
  n->size = 0;
  for (size_t i = 0; i < 8; i++)
    n->size = (n->size << 8) | key[i];
  if ((n->text = eseal__malloc(value_len ? value_len : 1)) == NULL)
    return 3;
  memcpy(n->text, value, value_len);
  n->len = value_len;
  v->note_count++;
  return 0;
}

/*
 * Verifies a checkpoint's signature and its claims that do not depend on the
 * records: this log's origin, SM3, the expected size (stored ones), signed by
 * a key the log announced before the checkpoint's size.
 */
static int check_note(verifier *v, const note *n, int stored, eseal__checkpoint *cp) {
  eseal__signed_checkpoint *sc = eseal__malloc(sizeof *sc);
  size_t signer = 0;
  if (sc == NULL)
    return eseal__error_oom();
  int rc = eseal__checkpoint_verify(v->ctx, n->text, n->len,
                                    (const eseal_cert *const *)v->certs.cert, v->certs.count, sc,
                                    &signer);
  if (rc == 0)
    *cp = sc->cp;
  eseal__free(sc);
  const char *which = stored ? "a stored checkpoint" : "the checkpoint kept outside";
  if (rc != 0)
    return eseal__error_prefix(rc, which);
  if (strcmp(cp->origin, v->origin) != 0)
    return eseal__error_set(stored ? ESEAL_ETAMPERED : ESEAL_EINVAL,
                            "%s is of the log \"%s\", not of this one (\"%s\")", which,
                            cp->origin, v->origin);
  if (cp->alg != ESEAL__TLOG_SM3 || (stored && cp->size != n->size))
    return eseal__error_set(ESEAL_ETAMPERED, "%s is filed under size %llu but covers %llu records",
                            which, (unsigned long long)n->size, (unsigned long long)cp->size);
  /* (a checkpoint past the log's end is reported as a truncation instead) */
  if (cp->size <= v->size && (v->announced_at[signer] == 0 || v->announced_at[signer] > cp->size))
    return eseal__error_set(ESEAL_ETAMPERED,
                            "%s of %llu records is signed by a key the log announces only later "
                            "or never",
                            which, (unsigned long long)cp->size);
  return 0;
}

/* Compares a checkpoint's root with the prefix root of the leaves read so far. */
static int check_root(verifier *v, const eseal__checkpoint *cp, const char *which) {
  uint8_t root[32];
  int rc = prefix_root(v, root);
  if (rc == 0 && memcmp(root, cp->root, 32) != 0)
    rc = eseal__error_set(ESEAL_ETAMPERED,
                          "the first %llu records do not have the root %s signed: records were "
                          "changed, removed or reordered after it",
                          (unsigned long long)cp->size, which);
  return rc;
}

static int close_intent(verifier *v, uint64_t refers_to) {
  for (size_t i = v->open_intents.n; i-- > 0;)
    if (v->open_intents.v[i] + 1 == refers_to) {
      v->open_intents.v[i] = v->open_intents.v[--v->open_intents.n];
      return 0;
    }
  return 0;
}

static int read_record(verifier *v, uint64_t seq) {
  eseal_buf bytes = ESEAL_BUF_INIT, cached = ESEAL_BUF_INIT;
  eseal__arena arena = {0};
  eseal__urecord r;
  uint8_t leaf[32], key[8];
  int rc = eseal__txn_log_get(v->txn, v->tenant, ESEAL__USAGE_LOG, seq, &bytes);
  if (rc == ESEAL_ENOTFOUND)
    rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: record %llu of %llu is missing",
                          (unsigned long long)seq, (unsigned long long)v->size);
  if (rc == 0 && eseal__urecord_decode(bytes.ptr, bytes.size, &r, &arena) != 0) {
    char what[64];
    snprintf(what, sizeof what, "usage log: record %llu does not decode", (unsigned long long)seq);
    rc = eseal__error_prefix(ESEAL_ETAMPERED, what);
  }
  if (rc == 0 && r.seq != seq)
    rc = eseal__error_set(ESEAL_ETAMPERED,
                          "usage log: record %llu carries sequence %llu: records were reordered, "
                          "removed or copied",
                          (unsigned long long)seq, (unsigned long long)r.seq);
  if (rc == 0 && strcmp(r.tenant, v->tenant) != 0)
    rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: record %llu belongs to tenant %s",
                          (unsigned long long)seq, r.tenant);
  if (rc == 0)
    rc = eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, bytes.ptr, bytes.size, leaf);
  eseal__usage_u64_key(seq, key);
  if (rc == 0 &&
      (eseal__txn_kv_get(v->txn, v->tenant, ESEAL__USAGE_AREA_LEAF, key, 8, &cached) != 0 ||
       cached.size != 32 || memcmp(cached.ptr, leaf, 32) != 0))
    rc = eseal__error_set(ESEAL_ETAMPERED,
                          "usage log: record %llu differs from the leaf hash written with it",
                          (unsigned long long)seq);
  if (rc == 0 && r.action == ESEAL_USAGE_LOG_KEY && r.document_hash_len == 32)
    for (size_t i = 0; i < v->certs.count; i++)
      if (v->announced_at[i] == 0 && memcmp(v->certs.hash[i], r.document_hash, 32) == 0)
        v->announced_at[i] = seq + 1;
  if (rc == 0 && r.action == ESEAL_USAGE_STAMP_INTENT)
    rc = u64s_push(&v->open_intents, seq);
  if (rc == 0 && r.refers_to != 0 &&
      (r.action == ESEAL_USAGE_STAMP_DONE || r.action == ESEAL_USAGE_STAMP_REFUSED))
    rc = close_intent(v, r.refers_to);
  if (rc == 0)
    rc = add_leaf(v, leaf);
  eseal_buf_dispose(&bytes);
  eseal_buf_dispose(&cached);
  eseal__arena_release(&arena);
  return rc;
}

/* Checks every clear personal value against its pseudonym. */
static int check_personal_entry(void *arg, const uint8_t *key, size_t key_len,
                                const uint8_t *value, size_t value_len) {
  (void)value, (void)value_len;
  verifier *v = arg;
  eseal__ps_kind kind;
  eseal_buf clear = ESEAL_BUF_INIT;
  if (key_len != 32)
    return eseal__error_set(ESEAL_ETAMPERED, "usage log: a personal-data key is damaged");
  int rc = eseal__ps_clear(v->txn, v->tenant, key, &kind, &clear);
  eseal_buf_dispose(&clear);
  return rc;
}

static int run(verifier *v, const uint8_t *external, size_t external_len,
               eseal__checkpoint *ext) {
  /* The outside checkpoint's size first, to catch its prefix root during the pass. */
  uint64_t ext_size = UINT64_MAX;
  uint8_t ext_prefix_root[32];
  int rc = 0;
  if (external) {
    eseal__signed_checkpoint *sc = eseal__malloc(sizeof *sc);
    if (sc == NULL)
      return eseal__error_oom();
    if ((rc = eseal__checkpoint_parse(external, external_len, sc)) == 0)
      ext_size = sc->cp.size;
    eseal__free(sc);
    if (rc != 0)
      return eseal__error_prefix(rc, "the checkpoint kept outside");
  }
  if ((rc = eseal__txn_log_size(v->txn, v->tenant, ESEAL__USAGE_LOG, &v->size)) != 0)
    return rc;
  if (v->size == 0 && external == NULL)
    return 0; /* nothing logged, nothing to check */
  rc = eseal__usage_origin(v->txn, v->tenant, 0, v->origin);
  if (rc == ESEAL_ENOTFOUND) /* records without an identity, or the whole log gone */
    return eseal__error_set(ESEAL_ETAMPERED, "usage log: tenant %s has lost its log identity",
                            v->tenant);
  if (rc == 0)
    rc = eseal__log_certs_load(v->txn, v->tenant, &v->certs);
  if (rc == 0 && (v->announced_at = eseal__calloc(v->certs.count + 1, sizeof(uint64_t))) == NULL)
    rc = eseal__error_oom();
  if (rc == 0) {
    rc = eseal__txn_kv_scan(v->txn, v->tenant, ESEAL__USAGE_AREA_CHECKPOINT, NULL, 0, take_note, v);
    if (rc == 2)
      rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: a checkpoint is filed under a bad key");
    else if (rc == 3)
      rc = eseal__error_oom();
  }
  if (rc == 0)
    rc = eseal__txn_kv_scan(v->txn, v->tenant, ESEAL__USAGE_AREA_PERSONAL, NULL, 0,
                            check_personal_entry, v);
  size_t next_note = 0;
  for (uint64_t seq = 0; rc == 0 && seq <= v->size; seq++) {
    /* Stored checkpoints of this prefix size (announcements are read by now). */
    for (; rc == 0 && next_note < v->note_count && v->notes[next_note].size == seq; next_note++) {
      eseal__checkpoint cp;
      if ((rc = check_note(v, &v->notes[next_note], 1, &cp)) == 0 &&
          (rc = check_root(v, &cp, "a stored checkpoint")) == 0)
        v->checkpoints_checked++;
    }
    if (rc == 0 && seq == ext_size)
      rc = prefix_root(v, ext_prefix_root);
    if (rc == 0 && seq < v->size)
      rc = read_record(v, seq);
  }
  if (rc == 0 && next_note < v->note_count)
    rc = eseal__error_set(ESEAL_ETAMPERED,
                          "usage log: a stored checkpoint covers %llu records but the log has "
                          "%llu: records were removed",
                          (unsigned long long)v->notes[next_note].size,
                          (unsigned long long)v->size);
  if (rc != 0 || external == NULL)
    return rc;
  note n = {0, (uint8_t *)external, external_len};
  if ((rc = check_note(v, &n, 0, ext)) != 0)
    return rc;
  if (ext->size > v->size)
    return eseal__error_set(ESEAL_ETAMPERED,
                            "usage log: the checkpoint kept outside covers %llu records but the "
                            "log has %llu: the log was truncated or the database rolled back",
                            (unsigned long long)ext->size, (unsigned long long)v->size);
  if (memcmp(ext_prefix_root, ext->root, 32) != 0)
    return eseal__error_set(ESEAL_ETAMPERED,
                            "usage log: the first %llu records do not have the root in the "
                            "checkpoint kept outside: the database was rolled back or rewritten",
                            (unsigned long long)ext->size);
  return 0;
}

static int write_report(eseal_buf *out, const verifier *v, int rc, const eseal__checkpoint *ext,
                        int have_ext) {
  uint8_t root[32];
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  eseal__json_begin_object(&j);
  eseal__json_member_string(&j, "tenant", v->tenant);
  eseal__json_key(&j, "ok");
  eseal__json_bool(&j, rc == 0);
  eseal__json_member_string(&j, "problem",
                            rc == 0 ? NULL : eseal_error_last() ? eseal_error_last()->message : "");
  eseal__json_member_int(&j, "size", (int64_t)v->size);
  if (rc == 0 && v->leaves == v->size && prefix_root(v, root) == 0) {
    eseal__json_key(&j, "root");
    eseal__json_hex(&j, root, 32);
  }
  eseal__json_member_int(&j, "checkpoints_checked", (int64_t)v->checkpoints_checked);
  eseal__json_key(&j, "external_checkpoint_size");
  if (have_ext && rc == 0)
    eseal__json_int(&j, (int64_t)ext->size);
  else
    eseal__json_null(&j);
  eseal__json_key(&j, "open_stamp_intents");
  eseal__json_begin_array(&j);
  for (size_t i = 0; i < v->open_intents.n; i++)
    eseal__json_int(&j, (int64_t)v->open_intents.v[i]);
  eseal__json_end_array(&j);
  eseal__json_end_object(&j);
  eseal__dbuf_append_byte(&j.out, '\n');
  return eseal__dbuf_finish(&j.out, out);
}

ESEAL_EXTERN(int) eseal_usage_log_verify(eseal_buf *report, eseal_store *store,
                                         const eseal_ctx *ctx, const char *tenant,
                                         const uint8_t *external, size_t external_len) {
  if (ctx == NULL || (external == NULL && external_len != 0))
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_verify: NULL argument");
  verifier *v = eseal__calloc(1, sizeof *v);
  if (v == NULL)
    return eseal__error_oom();
  v->ctx = ctx;
  v->tenant = tenant;
  eseal__checkpoint ext;
  memset(&ext, 0, sizeof ext);
  int rc = eseal__usage_begin(store, tenant, 0, &v->txn);
  if (rc == 0) {
    rc = run(v, external, external_len, &ext);
    eseal__txn_rollback(v->txn);
    if (report) {
      /* The report must not replace the message that names the problem. */
      char msg[512];
      snprintf(msg, sizeof msg, "%s",
               rc != 0 && eseal_error_last() ? eseal_error_last()->message : "");
      int wrc = write_report(report, v, rc, &ext, external != NULL);
      if (rc == 0)
        rc = wrc;
      else
        eseal__error_set(rc, "%s", msg);
    }
  }
  eseal__log_certs_release(&v->certs);
  for (size_t i = 0; i < v->note_count; i++)
    eseal__free(v->notes[i].text);
  eseal__free(v->notes);
  eseal__free(v->announced_at);
  eseal__free(v->open_intents.v);
  eseal__free(v);
  return rc;
}
