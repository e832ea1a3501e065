/* Inclusion and consistency proofs over the stored tree, as JSON (eseal/usage_log.h). */
#include "eseal/errors.h"
#include "eseal/usage_log.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../json/json.h"
#include "log_tree.h"
#include "merkle.h"
#include "usage_log.h"

static void member_hash(eseal__json *j, const char *key, const uint8_t h[32]) {
  eseal__json_key(j, key);
  eseal__json_hex(j, h, 32);
}

/* Ends the proof's object and hands the JSON (one line) over. */
static int finish(eseal__json *j, eseal_buf *out) {
  eseal__json_end_object(j);
  eseal__dbuf_append_byte(&j->out, '\n');
  return eseal__dbuf_finish(&j->out, out);
}

static void member_path(eseal__json *j, uint8_t path[][32], size_t len) {
  eseal__json_key(j, "path");
  eseal__json_begin_array(j);
  for (size_t i = 0; i < len; i++)
    eseal__json_hex(j, path[i], 32);
  eseal__json_end_array(j);
}

/* Opens a read transaction and loads the leaves of the tree of `*size` records (0: the log). */
static int load_tree(eseal_store *store, const char *tenant, uint64_t *size,
                     eseal__usage_leaves *leaves) {
  eseal__txn *txn;
  uint64_t log_size;
  int rc = eseal__usage_begin(store, tenant, 0, &txn);
  if (rc != 0)
    return rc;
  if ((rc = eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, &log_size)) == 0) {
    if (*size == 0)
      *size = log_size;
    if (*size > log_size)
      rc = eseal__error_set(ESEAL_ENOTFOUND, "usage log: the log has only %llu records",
                            (unsigned long long)log_size);
    else
      rc = eseal__usage_load_leaves(txn, tenant, *size, leaves);
  }
  return eseal__usage_end(txn, rc);
}

ESEAL_EXTERN(int) eseal_usage_log_prove(eseal_buf *out, eseal_store *store, const char *tenant,
                                        uint64_t seq, uint64_t tree_size) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_prove: NULL output");
  eseal__usage_leaves leaves = {NULL, 0};
  int rc = load_tree(store, tenant, &tree_size, &leaves);
  if (rc != 0)
    return rc;
  uint8_t path[ESEAL__MERKLE_PATH_MAX][32], root[32];
  size_t len = 0;
  if (seq >= tree_size)
    rc = eseal__error_set(ESEAL_ENOTFOUND, "usage log: no record %llu in a tree of %llu",
                          (unsigned long long)seq, (unsigned long long)tree_size);
  else if ((rc = eseal__merkle_inclusion_proof(ESEAL__TLOG_SM3, seq, tree_size,
                                               eseal__usage_leaf_at, &leaves, path,
                                               ESEAL__MERKLE_PATH_MAX, &len)) == 0)
    rc = eseal__merkle_root(ESEAL__TLOG_SM3, tree_size, eseal__usage_leaf_at, &leaves, root);
  if (rc == 0) {
    eseal__json j = {ESEAL__DBUF_INIT, 0};
    eseal__json_begin_object(&j);
    eseal__json_member_int(&j, "index", (int64_t)seq);
    eseal__json_member_int(&j, "tree_size", (int64_t)tree_size);
    member_hash(&j, "leaf_hash", leaves.hash[seq]);
    member_hash(&j, "root", root);
    member_path(&j, path, len);
    rc = finish(&j, out);
  }
  eseal__free(leaves.hash);
  return rc;
}

ESEAL_EXTERN(int) eseal_usage_log_prove_consistency(eseal_buf *out, eseal_store *store,
                                                    const char *tenant, uint64_t old_size,
                                                    uint64_t new_size) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_prove_consistency: NULL output");
  eseal__usage_leaves leaves = {NULL, 0};
  int rc = load_tree(store, tenant, &new_size, &leaves);
  if (rc != 0)
    return rc;
  uint8_t path[ESEAL__MERKLE_PATH_MAX][32], old_root[32], new_root[32];
  size_t len = 0;
  if (old_size == 0 || old_size > new_size)
    rc = eseal__error_set(ESEAL_ENOTFOUND,
                          "usage log: no consistency proof from %llu to %llu records",
                          (unsigned long long)old_size, (unsigned long long)new_size);
  else if ((rc = eseal__merkle_consistency_proof(ESEAL__TLOG_SM3, old_size, new_size,
                                                 eseal__usage_leaf_at, &leaves, path,
                                                 ESEAL__MERKLE_PATH_MAX, &len)) == 0 &&
           (rc = eseal__merkle_root(ESEAL__TLOG_SM3, old_size, eseal__usage_leaf_at, &leaves,
                                    old_root)) == 0)
    rc = eseal__merkle_root(ESEAL__TLOG_SM3, new_size, eseal__usage_leaf_at, &leaves, new_root);
  if (rc == 0) {
    eseal__json j = {ESEAL__DBUF_INIT, 0};
    eseal__json_begin_object(&j);
    eseal__json_member_int(&j, "old_size", (int64_t)old_size);
    eseal__json_member_int(&j, "new_size", (int64_t)new_size);
    member_hash(&j, "old_root", old_root);
    member_hash(&j, "new_root", new_root);
    member_path(&j, path, len);
    rc = finish(&j, out);
  }
  eseal__free(leaves.hash);
  return rc;
}
