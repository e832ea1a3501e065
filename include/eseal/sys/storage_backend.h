/*
 * libeseal — the storage backend interface: where seal states, counters, the
 * revocation cache and the usage logs are kept.
 *
 * A backend is a table of functions with a version field, in the style of
 * libgit2's git_odb_backend and SQLite's sqlite3_vfs. Built in: "sqlite" (one
 * file, the embedded default), "postgresql" (many nodes) and "memory"
 * (eseal/store.h). Write your own for
 * another database and hand it to eseal_store_from_backend().
 *
 * Data model. A store holds tenants (one per organisation a platform serves);
 * every call names one and tenants never see each other's data. Per tenant:
 *  - key/value areas: named areas of (key bytes -> value bytes); a scan
 *    returns keys in byte order (memcmp, a shorter key before its extensions);
 *  - counters: named signed 64-bit integers, absent = 0;
 *  - append-only logs: named sequences of records numbered 0, 1, 2, … with no
 *    gaps; a record is never changed or removed once committed.
 * Tenant, area, counter and log names are 1–64 characters of [A-Za-z0-9._-];
 * keys are 1–ESEAL_STORAGE_MAX_KEY bytes, values and records at most
 * ESEAL_STORAGE_MAX_VALUE bytes (may be empty). The library checks names and
 * sizes before it calls the backend, so a backend may rely on them.
 *
 * Transactions. Every data call runs inside a transaction from begin():
 *  - A writable transaction excludes every other writable transaction on the
 *    same data, in this process and in others; begin() waits for the writer in
 *    place (bounded: a backend gives up after its busy timeout, ESEAL_EIO).
 *  - A read-only transaction sees committed data only, and one consistent
 *    state for its whole life (a snapshot); a backend may make it wait for a
 *    running writer instead (the memory backend does).
 *  - Nothing of a rolled-back (or failed) transaction remains.
 *  - A transaction is used by one thread at a time; different threads may run
 *    transactions on the same backend at once, so begin(), commit(),
 *    rollback() and close() must be safe to call from several threads.
 *    A thread must not begin a second transaction while it holds one.
 *
 * Durability contract. Once commit() returned 0, the transaction survives a
 * crash of the process, and a power loss where the disk honours fsync (write
 * barriers) — SQLite: WAL with synchronous=FULL. commit() returns an error if
 * it cannot promise that; the transaction is then rolled back.
 *
 * Schemas, record formats and their migrations are the backend's business: it
 * migrates an older schema when it opens and refuses a newer one with
 * ESEAL_EVERSION.
 *
 * Errors. Functions return 0 or a negative ESEAL_E* code and may leave a
 * message through the usual error slot (eseal_error_last()). ESEAL_ENOTFOUND
 * is the only code callers branch on, where stated.
 *
 * Byte outputs go into an eseal_buf filled with eseal_buf_set(), so that the
 * library frees them with its own allocator.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SYS_STORAGE_BACKEND_H
#define ESEAL_SYS_STORAGE_BACKEND_H

#include "../common.h"

ESEAL_BEGIN_DECL

/**
 * The layout of eseal_storage_backend this header describes: 2 added
 * server_time. The library accepts tables of version 1 (and never reads
 * server_time from them) and 2.
 */
#define ESEAL_STORAGE_BACKEND_VERSION 2

/** Longest key of a key/value area, in bytes. */
#define ESEAL_STORAGE_MAX_KEY 1024u
/** Largest value or log record, in bytes (64 MiB). */
#define ESEAL_STORAGE_MAX_VALUE (64u * 1024u * 1024u)
/** Longest tenant, area, counter or log name, in characters. */
#define ESEAL_STORAGE_MAX_NAME 64u

/**
 * Called by kv_scan() for each entry, in key order. The pointers are valid
 * during the call only. Returning nonzero stops the scan, and kv_scan()
 * returns that value.
 */
typedef int (*eseal_storage_visit_fn)(void *arg, const uint8_t *key, size_t key_len,
                                      const uint8_t *value, size_t value_len);

/**
 * A backend's function table. Start from ESEAL_STORAGE_BACKEND_INIT or
 * eseal_storage_backend_init(); fields are only ever added at the end. All
 * functions are required except those marked optional. Every function receives the table itself (so the
 * backend can reach `payload`, or embed the table in a larger struct) and,
 * for data calls, the transaction begin() made.
 */
typedef struct eseal_storage_backend {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /** A short name for reports and errors: "sqlite", "memory", "postgresql". */
  const char *name;

  /**
   * Starts a transaction, writable (nonzero) or read-only (0), and stores the
   * backend's handle for it in `*txn`. A writable begin waits for other
   * writers (see the header comment). 0 or a negative code.
   */
  int (*begin)(struct eseal_storage_backend *self, int writable, void **txn);

  /**
   * Commits and ends the transaction. When it returns 0 the changes are
   * durable (the durability contract above). On failure, the transaction is
   * rolled back and ended all the same.
   */
  int (*commit)(struct eseal_storage_backend *self, void *txn);

  /** Discards the changes and ends the transaction. */
  void (*rollback)(struct eseal_storage_backend *self, void *txn);

  /** The value stored under `key`, into `value`. ESEAL_ENOTFOUND when absent. */
  int (*kv_get)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                const char *area, const uint8_t *key, size_t key_len, eseal_buf *value);

  /** Stores `value` under `key`, replacing any value there. Writable only. */
  int (*kv_put)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                const char *area, const uint8_t *key, size_t key_len, const uint8_t *value,
                size_t value_len);

  /** Removes `key`. ESEAL_ENOTFOUND when absent. Writable only. */
  int (*kv_delete)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                   const char *area, const uint8_t *key, size_t key_len);

  /**
   * Calls `visit` for every entry of the area whose key starts with `prefix`
   * (every entry when prefix_len is 0), in key byte order. 0 when done, the
   * visitor's nonzero value when it stopped the scan, or a negative code.
   * The visitor must not call into the same transaction.
   */
  int (*kv_scan)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                 const char *area, const uint8_t *prefix, size_t prefix_len,
                 eseal_storage_visit_fn visit, void *arg);

  /**
   * Adds `delta` to the counter `name` (absent counters are 0) and stores the
   * new value in `*value` (may be NULL). A delta of 0 reads the counter and
   * works in a read-only transaction. ESEAL_ELIMIT on signed 64-bit overflow.
   */
  int (*counter_add)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                     const char *name, int64_t delta, int64_t *value);

  /**
   * Appends `rec` to the log `log` and stores its sequence number in `*seq`:
   * the log's size before the append, so 0, 1, 2, … without gaps or
   * duplicates even with several processes appending. Writable only.
   */
  int (*log_append)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                    const char *log, const uint8_t *rec, size_t len, uint64_t *seq);

  /** The record numbered `seq`, into `rec`. ESEAL_ENOTFOUND when seq >= size. */
  int (*log_get)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                 const char *log, uint64_t seq, eseal_buf *rec);

  /** The number of records in the log (0 for a log never appended to). */
  int (*log_size)(struct eseal_storage_backend *self, void *txn, const char *tenant,
                  const char *log, uint64_t *size);

  /**
   * Releases the backend and everything it holds, the table included if the
   * backend allocated it. Called once, by eseal_store_free(), when no
   * transaction is open.
   */
  void (*close)(struct eseal_storage_backend *self);

  /** The backend's own data. */
  void *payload;

  /**
   * Optional (version 2): the database server's clock inside the transaction,
   * as Unix time in milliseconds, into `*unix_ms`. NULL when the backend has
   * no clock shared by its clients (memory, sqlite): the library then uses
   * the context's clock. 0 or a negative code.
   */
  int (*server_time)(struct eseal_storage_backend *self, void *txn, int64_t *unix_ms);
} eseal_storage_backend;

/** A table with every function NULL, of this header's version. */
#define ESEAL_STORAGE_BACKEND_INIT                                                              \
  {ESEAL_STORAGE_BACKEND_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
   NULL, NULL, NULL, NULL, NULL}

/** Fills `backend` as ESEAL_STORAGE_BACKEND_INIT does (for bindings). */
ESEAL_EXTERN(void) eseal_storage_backend_init(eseal_storage_backend *backend);

ESEAL_END_DECL

#endif
