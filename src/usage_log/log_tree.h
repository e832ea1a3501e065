/*
 * The tenant's Merkle tree as stored: leaf hashes from the "usage.leaf"
 * cache, the log's identity (origin line of its checkpoints) and a public
 * transaction helper shared by the log API files.
 */
#ifndef ESEAL_USAGE_LOG_LOG_TREE_H
#define ESEAL_USAGE_LOG_LOG_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "../storage/store.h"

/* Longest origin line: "eseal-usage/" + tenant (64) + "/" + 16 hex digits. */
#define ESEAL__USAGE_ORIGIN_MAX 96

/* The leaves of the first `size` records, in order; free with eseal__free(). */
typedef struct eseal__usage_leaves {
  uint8_t (*hash)[32];
  uint64_t count;
} eseal__usage_leaves;

/* Loads the cached leaf hashes of records [0, size); ESEAL_ETAMPERED when one is missing. */
int eseal__usage_load_leaves(eseal__txn *txn, const char *tenant, uint64_t size,
                             eseal__usage_leaves *out);

/* An eseal__leaf_fn over an eseal__usage_leaves. */
int eseal__usage_leaf_at(void *arg, uint64_t index, uint8_t hash[32]);

/*
 * "eseal-usage/<tenant>/<log id>": the origin line of the tenant's
 * checkpoints, where the log id is 8 random bytes in hex drawn with the first
 * record (so that two stores' logs of the same tenant name never share one).
 * `make` creates it in a writable transaction when absent; otherwise
 * ESEAL_ENOTFOUND before the first record.
 */
int eseal__usage_origin(eseal__txn *txn, const char *tenant, int make,
                        char out[ESEAL__USAGE_ORIGIN_MAX + 1]);

/* Checks `tenant` and begins a transaction on `store`. */
int eseal__usage_begin(eseal_store *store, const char *tenant, int writable, eseal__txn **txn);

/* Commits a writable transaction when rc is 0, otherwise rolls back; returns rc or the commit's code. */
int eseal__usage_end(eseal__txn *txn, int rc);

#endif
