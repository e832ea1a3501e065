/*
 * Transactions on a store, for the services above it (registry, usage log,
 * revocation cache). Floor 1: uses core/ only.
 *
 * Every eseal__txn_* call checks its names (eseal_store_check_name()), key
 * and value sizes before the backend sees them, and raises ESEAL_EINVAL on a
 * bad one. Writes in a read-only transaction are refused with ESEAL_EINVAL.
 * A transaction belongs to the thread that began it; a thread must not begin
 * a second one (nor call eseal__store_run_grouped) while it holds one.
 */
#ifndef ESEAL_STORAGE_STORE_H
#define ESEAL_STORAGE_STORE_H

#include "eseal/store.h"
#include "eseal/sys/storage_backend.h"

typedef struct eseal__txn eseal__txn;

/* Begins a transaction; a writable one waits for other writers (bounded by the backend). */
int eseal__store_begin(eseal_store *store, int writable, eseal__txn **txn);

/* Commits and frees `txn`, also on failure (then nothing of it remains). 0: durable. */
int eseal__txn_commit(eseal__txn *txn);

/* Discards and frees `txn`; NULL is accepted. */
void eseal__txn_rollback(eseal__txn *txn);

/* 1 when `txn` may write. */
int eseal__txn_writable(const eseal__txn *txn);

/* The backend calls of eseal/sys/storage_backend.h, with the checks above. */
int eseal__txn_kv_get(eseal__txn *txn, const char *tenant, const char *area, const uint8_t *key,
                      size_t key_len, eseal_buf *value);
int eseal__txn_kv_put(eseal__txn *txn, const char *tenant, const char *area, const uint8_t *key,
                      size_t key_len, const uint8_t *value, size_t value_len);
int eseal__txn_kv_delete(eseal__txn *txn, const char *tenant, const char *area,
                         const uint8_t *key, size_t key_len);
int eseal__txn_kv_scan(eseal__txn *txn, const char *tenant, const char *area,
                       const uint8_t *prefix, size_t prefix_len, eseal_storage_visit_fn visit,
                       void *arg);
int eseal__txn_counter_add(eseal__txn *txn, const char *tenant, const char *name, int64_t delta,
                           int64_t *value);
int eseal__txn_log_append(eseal__txn *txn, const char *tenant, const char *log,
                          const uint8_t *rec, size_t len, uint64_t *seq);
int eseal__txn_log_get(eseal__txn *txn, const char *tenant, const char *log, uint64_t seq,
                       eseal_buf *rec);
int eseal__txn_log_size(eseal__txn *txn, const char *tenant, const char *log, uint64_t *size);

/* The database server's clock in the transaction (Unix ms), for limits that
 * nodes sharing a store must agree on. ESEAL_ENOTFOUND when the backend has
 * none (memory, sqlite, a version-1 table), without a message in the error
 * slot: use the context's clock. */
int eseal__txn_server_time(eseal__txn *txn, int64_t *unix_ms);

/*
 * Group commit. Runs fn(txn, arg) inside ONE writable transaction shared with
 * the concurrent callers of the same store in this process, commits once, and
 * returns fn's result for this caller after that commit is durable (or the
 * commit's error). When fn fails, the shared transaction is rolled back, this
 * caller gets fn's code, and the others are run again without it.
 *
 * So fn may run more than once, and only its last run counts: it must act only
 * through `txn` and (re)write its outputs from scratch on each run. It runs on
 * whichever caller's thread leads the group, one fn at a time.
 */
typedef int (*eseal__txn_fn)(eseal__txn *txn, void *arg);
int eseal__store_run_grouped(eseal_store *store, eseal__txn_fn fn, void *arg);

#endif
