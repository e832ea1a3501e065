/*
 * The SQLite backend: one file, WAL journal, synchronous=FULL (a commit
 * returns after the WAL is fsynced), a busy timeout for waits on other
 * processes, BEGIN IMMEDIATE for writers (so a writer takes the write lock
 * before it reads, and never fails later on a lock upgrade).
 *
 * Connections: a pool. A transaction takes an idle connection (or opens one)
 * and gives it back when it ends, so each connection is used by one thread at
 * a time (opened with SQLITE_OPEN_NOMUTEX) and readers run on their own
 * connections beside a writer, each on its WAL snapshot. A pool rather than a
 * connection per thread: the store does not know its callers' threads and
 * must not leak a connection per thread that ever touched it.
 *
 * Writers of this process queue on a mutex before BEGIN IMMEDIATE, so that
 * threads wait in order instead of in SQLite's sleep-and-retry busy handler;
 * writers of other processes meet at SQLite's file lock, within the busy
 * timeout.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>

#include "sqlite_schema.h"
#include "store_impl.h"

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* How long a transaction waits for another process's lock, in milliseconds. */
#define BUSY_TIMEOUT_MS 30000
/* Idle connections kept open beyond this are closed. */
#define POOL_MAX_IDLE 16

enum {
  ST_BEGIN_READ,
  ST_BEGIN_WRITE,
  ST_COMMIT,
  ST_ROLLBACK,
  ST_KV_GET,
  ST_KV_PUT,
  ST_KV_DELETE,
  ST_KV_SCAN,
  ST_COUNTER_GET,
  ST_COUNTER_SET,
  ST_LOG_SIZE,
  ST_LOG_SET_SIZE,
  ST_LOG_INSERT,
  ST_LOG_GET,
  ST_COUNT
};

static const char *const SQL[ST_COUNT] = {
    [ST_BEGIN_READ] = "BEGIN DEFERRED",
    [ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_KV_GET] = "SELECT value FROM kv WHERE tenant = ?1 AND area = ?2 AND key = ?3",
    [ST_KV_PUT] = "INSERT INTO kv(tenant, area, key, value) VALUES(?1, ?2, ?3, ?4)"
                  " ON CONFLICT(tenant, area, key) DO UPDATE SET value = excluded.value",
    [ST_KV_DELETE] = "DELETE FROM kv WHERE tenant = ?1 AND area = ?2 AND key = ?3",
    [ST_KV_SCAN] = "SELECT key, value FROM kv WHERE tenant = ?1 AND area = ?2 AND key >= ?3"
                   " ORDER BY key",
    [ST_COUNTER_GET] = "SELECT value FROM counters WHERE tenant = ?1 AND name = ?2",
    [ST_COUNTER_SET] = "INSERT INTO counters(tenant, name, value) VALUES(?1, ?2, ?3)"
                       " ON CONFLICT(tenant, name) DO UPDATE SET value = excluded.value",
    [ST_LOG_SIZE] = "SELECT size FROM logs WHERE tenant = ?1 AND log = ?2",
    [ST_LOG_SET_SIZE] = "INSERT INTO logs(tenant, log, size) VALUES(?1, ?2, ?3)"
                        " ON CONFLICT(tenant, log) DO UPDATE SET size = excluded.size",
    [ST_LOG_INSERT] = "INSERT INTO log_records(tenant, log, seq, record) VALUES(?1, ?2, ?3, ?4)",
    [ST_LOG_GET] = "SELECT record FROM log_records WHERE tenant = ?1 AND log = ?2 AND seq = ?3",
};

typedef struct sq_conn {
  sqlite3 *db;
  sqlite3_stmt *stmt[ST_COUNT]; /* prepared on first use */
  int writable;                 /* of the running transaction */
  struct sq_conn *next;
} sq_conn;

typedef struct sq_backend {
  eseal_storage_backend base; /* first: the table handed out is this struct */
  char *path;
  pthread_mutex_t pool_lock;
  sq_conn *idle;
  size_t idle_count;
  pthread_mutex_t writer;
} sq_backend;

static sq_backend *sq(eseal_storage_backend *self) {
  return (sq_backend *)self;
}

static void conn_close(sq_conn *c) {
  if (c == NULL)
    return;
  for (int i = 0; i < ST_COUNT; i++)
    sqlite3_finalize(c->stmt[i]);
  sqlite3_close_v2(c->db);
  eseal__free(c);
}

/* Opens a connection with the store's settings. */
static int conn_open(const char *path, sq_conn **out) {
  sq_conn *c = eseal__calloc(1, sizeof *c);
  if (c == NULL)
    return eseal__error_oom();
  int rc = sqlite3_open_v2(path, &c->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    rc = eseal__sqlite_error(c->db, rc, path);
    conn_close(c);
    return rc == ESEAL_EFORMAT ? rc : ESEAL_EIO;
  }
  sqlite3_extended_result_codes(c->db, 1);
  sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
  /* The file may come from elsewhere: no writable schema tricks, no untrusted SQL functions. */
  sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(c->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  char **table = NULL;
  int rows = 0, cols = 0;
  rc = sqlite3_get_table(c->db, "PRAGMA journal_mode = WAL", &table, &rows, &cols, NULL);
  int wal = rc == SQLITE_OK && rows == 1 && table[1] != NULL && strcmp(table[1], "wal") == 0;
  sqlite3_free_table(table);
  if (rc != SQLITE_OK) {
    rc = eseal__sqlite_error(c->db, rc, "switching to the WAL journal");
    conn_close(c);
    return rc;
  }
  if (!wal) {
    conn_close(c);
    return eseal__error_set(ESEAL_EIO, "sqlite store: %s cannot use a WAL journal", path);
  }
  rc = sqlite3_exec(c->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    rc = eseal__sqlite_error(c->db, rc, "setting synchronous=FULL");
    conn_close(c);
    return rc;
  }
  *out = c;
  return 0;
}

/* The prepared statement `which`, reset and unbound, or NULL with the error raised. */
static sqlite3_stmt *stmt(sq_conn *c, int which, int *err) {
  if (c->stmt[which] == NULL) {
    int rc = sqlite3_prepare_v3(c->db, SQL[which], -1, SQLITE_PREPARE_PERSISTENT,
                                &c->stmt[which], NULL);
    if (rc != SQLITE_OK) {
      *err = eseal__sqlite_error(c->db, rc, "preparing a statement");
      return NULL;
    }
  }
  return c->stmt[which];
}

static void stmt_done(sqlite3_stmt *st) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

/* The statement `which` with the tenant and the area/counter/log name bound as
 * ?1 and ?2, or NULL with the error in *err. */
static sqlite3_stmt *named(sq_conn *c, int which, const char *tenant, const char *name, int *err) {
  sqlite3_stmt *st = stmt(c, which, err);
  if (st != NULL) {
    sqlite3_bind_text(st, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  }
  return st;
}

/* Binds bytes; an empty value is an empty blob, never NULL. */
static void bind_bytes(sqlite3_stmt *st, int index, const uint8_t *p, size_t len) {
  sqlite3_bind_blob64(st, index, len ? (const void *)p : (const void *)"", len, SQLITE_STATIC);
}

/* Runs a statement that returns no row. */
static int run_done(sq_conn *c, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  stmt_done(st);
  return rc == SQLITE_DONE ? 0 : eseal__sqlite_error(c->db, rc, what);
}

/* Steps a one-row lookup: 1 with a row (the statement not reset), 0 without, or a code. */
static int step_row(sq_conn *c, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    return 1;
  stmt_done(st);
  return rc == SQLITE_DONE ? 0 : eseal__sqlite_error(c->db, rc, what);
}

/* Copies column `col` (a blob) into `out` and resets the statement. */
static int take_blob(sqlite3_stmt *st, int col, eseal_buf *out) {
  const uint8_t *p = sqlite3_column_blob(st, col);
  size_t len = (size_t)sqlite3_column_bytes(st, col);
  int rc = eseal_buf_set(out, len ? p : NULL, len);
  stmt_done(st);
  return rc;
}

/* Takes an idle connection or opens one. */
static int pool_take(sq_backend *b, sq_conn **out) {
  pthread_mutex_lock(&b->pool_lock);
  sq_conn *c = b->idle;
  if (c != NULL) {
    b->idle = c->next;
    b->idle_count--;
  }
  pthread_mutex_unlock(&b->pool_lock);
  if (c != NULL) {
    *out = c;
    return 0;
  }
  return conn_open(b->path, out);
}

/* Gives a connection back, closing it when it is still in a transaction or the pool is full. */
static void pool_give(sq_backend *b, sq_conn *c) {
  if (!sqlite3_get_autocommit(c->db)) {
    conn_close(c);
    return;
  }
  pthread_mutex_lock(&b->pool_lock);
  if (b->idle_count < POOL_MAX_IDLE) {
    c->next = b->idle;
    b->idle = c;
    b->idle_count++;
    c = NULL;
  }
  pthread_mutex_unlock(&b->pool_lock);
  conn_close(c);
}

static int sq_begin(eseal_storage_backend *self, int writable, void **txn) {
  sq_backend *b = sq(self);
  sq_conn *c;
  int rc = pool_take(b, &c);
  if (rc != 0)
    return rc;
  if (writable)
    pthread_mutex_lock(&b->writer);
  sqlite3_stmt *st = stmt(c, writable ? ST_BEGIN_WRITE : ST_BEGIN_READ, &rc);
  if (st != NULL)
    rc = run_done(c, st, writable ? "waiting for the write lock" : "beginning a transaction");
  if (rc != 0) {
    if (writable)
      pthread_mutex_unlock(&b->writer);
    pool_give(b, c);
    return rc;
  }
  c->writable = writable;
  *txn = c;
  return 0;
}

/* Ends a transaction: gives the connection back and lets the next writer in. */
static void end_txn(sq_backend *b, sq_conn *c) {
  int writable = c->writable;
  pool_give(b, c);
  if (writable)
    pthread_mutex_unlock(&b->writer);
}

static void sq_rollback(eseal_storage_backend *self, void *txn) {
  sq_conn *c = txn;
  int err;
  sqlite3_stmt *st = stmt(c, ST_ROLLBACK, &err);
  if (st != NULL && !sqlite3_get_autocommit(c->db))
    run_done(c, st, "rolling back");
  end_txn(sq(self), c);
}

static int sq_commit(eseal_storage_backend *self, void *txn) {
  sq_conn *c = txn;
  int rc = 0;
  sqlite3_stmt *st = stmt(c, ST_COMMIT, &rc);
  if (st != NULL)
    rc = run_done(c, st, "committing");
  if (rc != 0) {
    sq_rollback(self, txn); /* ends the transaction if COMMIT left it open */
    return rc;
  }
  end_txn(sq(self), c);
  return 0;
}

static int sq_kv_get(eseal_storage_backend *self, void *txn, const char *tenant,
                     const char *area, const uint8_t *key, size_t key_len, eseal_buf *value) {
  (void)self;
  sq_conn *c = txn;
  int rc = 0;
  sqlite3_stmt *st = named(c, ST_KV_GET, tenant, area, &rc);
  if (st == NULL)
    return rc;
  bind_bytes(st, 3, key, key_len);
  rc = step_row(c, st, "reading a value");
  if (rc == 0)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: no such key");
  return rc < 0 ? rc : take_blob(st, 0, value);
}

static int sq_kv_put(eseal_storage_backend *self, void *txn, const char *tenant,
                     const char *area, const uint8_t *key, size_t key_len, const uint8_t *value,
                     size_t value_len) {
  (void)self;
  sq_conn *c = txn;
  int rc = 0;
  sqlite3_stmt *st = named(c, ST_KV_PUT, tenant, area, &rc);
  if (st == NULL)
    return rc;
  bind_bytes(st, 3, key, key_len);
  bind_bytes(st, 4, value, value_len);
  return run_done(c, st, "writing a value");
}

static int sq_kv_delete(eseal_storage_backend *self, void *txn, const char *tenant,
                        const char *area, const uint8_t *key, size_t key_len) {
  (void)self;
  sq_conn *c = txn;
  int rc = 0;
  sqlite3_stmt *st = named(c, ST_KV_DELETE, tenant, area, &rc);
  if (st == NULL)
    return rc;
  bind_bytes(st, 3, key, key_len);
  rc = run_done(c, st, "deleting a value");
  if (rc == 0 && sqlite3_changes(c->db) == 0)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: no such key");
  return rc;
}

static int sq_kv_scan(eseal_storage_backend *self, void *txn, const char *tenant,
                      const char *area, const uint8_t *prefix, size_t prefix_len,
                      eseal_storage_visit_fn visit, void *arg) {
  (void)self;
  sq_conn *c = txn;
  int rc = 0;
  sqlite3_stmt *st = named(c, ST_KV_SCAN, tenant, area, &rc);
  if (st == NULL)
    return rc;
  bind_bytes(st, 3, prefix, prefix_len);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const uint8_t *k = sqlite3_column_blob(st, 0);
    size_t klen = (size_t)sqlite3_column_bytes(st, 0);
    if (klen < prefix_len || (prefix_len && memcmp(k, prefix, prefix_len) != 0))
      break; /* past the keys with this prefix */
    const uint8_t *v = sqlite3_column_blob(st, 1);
    size_t vlen = (size_t)sqlite3_column_bytes(st, 1);
    if ((rc = visit(arg, k, klen, vlen ? v : (const uint8_t *)"", vlen)) != 0)
      break;
  }
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    rc = eseal__sqlite_error(c->db, step, "scanning values");
  stmt_done(st);
  return rc;
}

/* Reads one integer column of a lookup on (tenant, name); `*out` = 0 when there is no row. */
static int read_int(sq_conn *c, int which, const char *tenant, const char *name, int64_t *out) {
  int rc = 0;
  sqlite3_stmt *st = named(c, which, tenant, name, &rc);
  if (st == NULL)
    return rc;
  rc = step_row(c, st, "reading a counter or log size");
  *out = 0;
  if (rc == 1) {
    *out = sqlite3_column_int64(st, 0);
    stmt_done(st);
    rc = 0;
  }
  return rc;
}

static int write_int(sq_conn *c, int which, const char *tenant, const char *name, int64_t v) {
  int rc = 0;
  sqlite3_stmt *st = named(c, which, tenant, name, &rc);
  if (st == NULL)
    return rc;
  sqlite3_bind_int64(st, 3, v);
  return run_done(c, st, "writing a counter or log size");
}

static int sq_counter_add(eseal_storage_backend *self, void *txn, const char *tenant,
                          const char *name, int64_t delta, int64_t *value) {
  (void)self;
  sq_conn *c = txn;
  int64_t now, sum;
  int rc = read_int(c, ST_COUNTER_GET, tenant, name, &now);
  if (rc != 0)
    return rc;
  if (__builtin_add_overflow(now, delta, &sum))
    return eseal__error_set(ESEAL_ELIMIT, "store: counter %s would overflow", name);
  if (delta != 0 && (rc = write_int(c, ST_COUNTER_SET, tenant, name, sum)) != 0)
    return rc;
  if (value != NULL)
    *value = sum;
  return 0;
}

static int sq_log_size(eseal_storage_backend *self, void *txn, const char *tenant,
                       const char *log, uint64_t *size) {
  (void)self;
  int64_t n;
  int rc = read_int(txn, ST_LOG_SIZE, tenant, log, &n);
  if (rc == 0)
    *size = (uint64_t)n;
  return rc;
}

static int sq_log_append(eseal_storage_backend *self, void *txn, const char *tenant,
                         const char *log, const uint8_t *rec, size_t len, uint64_t *seq) {
  (void)self;
  sq_conn *c = txn;
  int64_t size;
  int rc = read_int(c, ST_LOG_SIZE, tenant, log, &size);
  if (rc != 0)
    return rc;
  sqlite3_stmt *st = named(c, ST_LOG_INSERT, tenant, log, &rc);
  if (st == NULL)
    return rc;
  sqlite3_bind_int64(st, 3, size);
  bind_bytes(st, 4, rec, len);
  if ((rc = run_done(c, st, "appending a record")) != 0)
    return rc;
  if ((rc = write_int(c, ST_LOG_SET_SIZE, tenant, log, size + 1)) != 0)
    return rc;
  *seq = (uint64_t)size;
  return 0;
}

static int sq_log_get(eseal_storage_backend *self, void *txn, const char *tenant,
                      const char *log, uint64_t seq, eseal_buf *rec) {
  (void)self;
  sq_conn *c = txn;
  int rc = 0;
  sqlite3_stmt *st = named(c, ST_LOG_GET, tenant, log, &rc);
  if (st == NULL)
    return rc;
  sqlite3_bind_int64(st, 3, (int64_t)seq); /* past INT64_MAX: negative, never a sequence */
  rc = step_row(c, st, "reading a record");
  if (rc == 0)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: log %s has no record %llu", log,
                            (unsigned long long)seq);
  return rc < 0 ? rc : take_blob(st, 0, rec);
}

static void sq_close(eseal_storage_backend *self) {
  sq_backend *b = sq(self);
  while (b->idle != NULL) {
    sq_conn *c = b->idle;
    b->idle = c->next;
    conn_close(c);
  }
  pthread_mutex_destroy(&b->writer);
  pthread_mutex_destroy(&b->pool_lock);
  eseal__free(b->path);
  eseal__free(b);
}

int eseal__sqlite_backend_new(eseal_storage_backend **out, const char *path) {
  sq_backend *b = eseal__calloc(1, sizeof *b);
  if (b == NULL)
    return eseal__error_oom();
  size_t len = strlen(path);
  b->path = eseal__malloc(len + 1);
  if (b->path == NULL) {
    eseal__free(b);
    return eseal__error_oom();
  }
  memcpy(b->path, path, len + 1);
  pthread_mutex_init(&b->pool_lock, NULL);
  pthread_mutex_init(&b->writer, NULL);
  eseal_storage_backend_init(&b->base);
  b->base.name = "sqlite";
  b->base.begin = sq_begin;
  b->base.commit = sq_commit;
  b->base.rollback = sq_rollback;
  b->base.kv_get = sq_kv_get;
  b->base.kv_put = sq_kv_put;
  b->base.kv_delete = sq_kv_delete;
  b->base.kv_scan = sq_kv_scan;
  b->base.counter_add = sq_counter_add;
  b->base.log_append = sq_log_append;
  b->base.log_get = sq_log_get;
  b->base.log_size = sq_log_size;
  b->base.close = sq_close;
  /* The first connection checks the file, migrates it and stays in the pool. */
  sq_conn *c;
  int rc = conn_open(path, &c);
  if (rc == 0 && (rc = eseal__sqlite_migrate(c->db)) != 0)
    conn_close(c);
  if (rc != 0) {
    sq_close(&b->base);
    return rc;
  }
  pool_give(b, c);
  *out = &b->base;
  return 0;
}
