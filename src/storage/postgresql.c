/*
 * The PostgreSQL backend (eseal_store_open_postgresql()): the table of
 * eseal/sys/storage_backend.h over libpq, for stores shared by many nodes.
 *
 * One writer at a time, in every process on every machine: a writable
 * transaction is BEGIN ISOLATION LEVEL READ COMMITTED followed by
 * pg_advisory_xact_lock(WRITER_LOCK_KEY), held until COMMIT or ROLLBACK.
 * READ COMMITTED is enough and never fails with serialization errors: each
 * statement after the lock sees every commit before it, and no other writer
 * runs until ours ends, so a log's next sequence number (its size, read
 * inside the lock) has no gaps or duplicates. A read-only transaction is
 * REPEATABLE READ READ ONLY: one snapshot for its whole life.
 *
 * Every statement passes its data as parameters (bytea in binary), never in
 * the SQL text. Results come back in binary: bytea raw, bigint big-endian.
 *
 * Durability: COMMIT returns once the server made it durable as far as its
 * synchronous_commit setting says (on by default: flushed to its WAL; with
 * synchronous standbys, also there). The backend leaves that setting alone.
 *
 * Idempotent commit: a writable transaction records a random 16-byte id in
 * eseal_commits (and on the log rows it appends). When the answer to COMMIT
 * is lost with the connection, a new connection looks the id up: found, the
 * commit happened (0); absent, it did not (ESEAL_EIO, "not committed"); no
 * connection, the outcome is unknown (ESEAL_EIO, "UNKNOWN"). A transaction
 * whose outcome is unknown is never run again here.
 */
#include <openssl/rand.h>
#include <string.h>
#include <time.h>

#include "postgresql.h"
#include "store_impl.h"

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/be64.h"
#include "../core/error.h"

/* pg_advisory_xact_lock key of the one writer ("eseal" + 0). */
#define WRITER_LOCK_KEY "7310593858020254720"
/* Connections per store. */
#define POOL_MAX 4
/* begin() tries this many connections when it finds them cut or hits a serialization failure. */
#define BEGIN_ATTEMPTS 4
/* Reconnections to look up a commit whose answer was lost. */
#define OUTCOME_ATTEMPTS 3
/* Rows a scan asks for at once (each is then read one by one). */
#define SCAN_BATCH "64"
/* eseal_commits rows are pruned once a day old, by every PRUNE_EVERY-th commit. */
#define PRUNE_EVERY 1024u

typedef struct pg_backend {
  eseal_storage_backend base; /* first: the table handed out is this struct */
  eseal__pg_pool pool;
  pthread_mutex_t prune_lock;
  unsigned commits; /* of this process, for pruning */
} pg_backend;

typedef struct pg_txn {
  eseal__pg_conn *conn;
  int writable;
  uint8_t txn_id[ESEAL__PG_TXN_ID_LEN];
} pg_txn;

static pg_backend *pgb(eseal_storage_backend *self) {
  return (pg_backend *)self;
}

/* Parameters of one statement: text for names, binary for bytes and bigints. */
typedef struct params {
  int n;
  const char *values[6];
  int lengths[6];
  int formats[6];
  uint8_t ints[6][8];
} params;

static void p_text(params *p, const char *s) {
  p->values[p->n] = s;
  p->lengths[p->n] = 0;
  p->formats[p->n] = 0;
  p->n++;
}

static void p_bytes(params *p, const uint8_t *b, size_t len) {
  p->values[p->n] = len ? (const char *)b : "";
  p->lengths[p->n] = (int)len;
  p->formats[p->n] = 1;
  p->n++;
}

static void p_int8(params *p, int64_t v) {
  eseal__put_be64(p->ints[p->n], (uint64_t)v);
  p_bytes(p, p->ints[p->n], 8);
}

static params named(const char *tenant, const char *name) {
  params p = {0};
  p_text(&p, tenant);
  p_text(&p, name);
  return p;
}

/* Runs a statement; NULL with the error raised unless it returned `want`. */
static PGresult *run(eseal_storage_backend *self, pg_txn *t, const char *sql, const params *p,
                     ExecStatusType want, const char *what) {
  PGconn *pg = t->conn->pg;
  PGresult *res = PQexecParams(pg, sql, p->n, NULL, p->values, p->lengths, p->formats, 1);
  if (PQresultStatus(res) == want)
    return res;
  eseal__pg_error(&pgb(self)->pool, ESEAL_EIO, what, PQerrorMessage(pg));
  PQclear(res);
  return NULL;
}

/* Copies a bytea column into `out`, refusing one larger than the contract
 * allows (written behind the library's back). */
static int take_bytes(const PGresult *res, int col, eseal_buf *out) {
  size_t len = (size_t)PQgetlength(res, 0, col);
  if (len > ESEAL_STORAGE_MAX_VALUE)
    return eseal__error_set(ESEAL_ELIMIT, "postgresql store: a stored value of %zu bytes is "
                                          "larger than the %u allowed",
                            len, ESEAL_STORAGE_MAX_VALUE);
  return eseal_buf_set(out, (const uint8_t *)PQgetvalue(res, 0, col), len);
}

static int64_t int8_at(const PGresult *res, int row, int col) {
  if (PQgetisnull(res, row, col) || PQgetlength(res, row, col) != 8)
    return 0;
  return (int64_t)eseal__get_be64((const uint8_t *)PQgetvalue(res, row, col));
}

/* Sends constant SQL; 0, or 1 when the connection was found cut (retry elsewhere), or a code. */
static int begin_on(pg_backend *b, eseal__pg_conn *c, int writable) {
  const char *sql = writable ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
                               " SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")"
                             : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  PGresult *res = PQexec(c->pg, sql);
  ExecStatusType st = PQresultStatus(res);
  int rc = 0;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    int retry = eseal__pg_conn_lost(c->pg, res) ||
                (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0));
    rc = retry ? 1
               : eseal__pg_error(&b->pool, ESEAL_EIO,
                                 writable ? "waiting for the writer lock" : "beginning a snapshot",
                                 PQerrorMessage(c->pg));
  }
  PQclear(res);
  return rc;
}

static int pg_begin(eseal_storage_backend *self, int writable, void **txn) {
  pg_backend *b = pgb(self);
  pg_txn *t = eseal__calloc(1, sizeof *t);
  if (t == NULL)
    return eseal__error_oom();
  if (writable && RAND_bytes(t->txn_id, sizeof t->txn_id) != 1) {
    eseal__free(t);
    return eseal__error_set(ESEAL_ERROR, "postgresql store: no random transaction id");
  }
  int rc = 1;
  for (int attempt = 0; attempt < BEGIN_ATTEMPTS && rc == 1; attempt++) {
    if ((rc = eseal__pg_pool_take(&b->pool, &t->conn)) != 0)
      break;
    rc = begin_on(b, t->conn, writable);
    if (rc == 0)
      break;
    int lost = PQstatus(t->conn->pg) != CONNECTION_OK;
    if (PQtransactionStatus(t->conn->pg) != PQTRANS_IDLE)
      PQclear(PQexec(t->conn->pg, "ROLLBACK"));
    eseal__pg_pool_give(&b->pool, t->conn, lost);
    t->conn = NULL;
    if (lost) /* a restart or a kill cut the idle connections too */
      eseal__pg_pool_flush(&b->pool);
  }
  if (rc == 1)
    rc = eseal__error_set(ESEAL_EIO, "postgresql store: the connection kept failing at begin");
  if (rc != 0) {
    eseal__free(t);
    return rc;
  }
  t->writable = writable;
  *txn = t;
  return 0;
}

static void end_txn(pg_backend *b, pg_txn *t, int discard) {
  eseal__pg_pool_give(&b->pool, t->conn, discard);
  eseal__free(t);
}

static void pg_rollback(eseal_storage_backend *self, void *txn) {
  pg_txn *t = txn;
  PGresult *res = PQexec(t->conn->pg, "ROLLBACK");
  int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  end_txn(pgb(self), t, !ok);
}

/*
 * Whether `t` committed, asked on a new connection. The server may still be
 * finishing the COMMIT whose answer was lost; that transaction holds the
 * writer lock until it ends, so taking the lock first makes the answer
 * final (a server still holding it past lock_timeout gives no answer).
 */
static int ask_outcome(PGconn *pg, const pg_txn *t) {
  /* READ COMMITTED whatever the server's default: the lookup after the lock
   * must see a commit that ended while it waited, which a snapshot taken
   * before the wait (REPEATABLE READ, SERIALIZABLE) would not. */
  PGresult *res = PQexec(pg, "BEGIN ISOLATION LEVEL READ COMMITTED;"
                             " SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")");
  int locked = PQresultStatus(res) == PGRES_TUPLES_OK;
  PQclear(res);
  int found = locked ? eseal__pg_commit_outcome(pg, t->txn_id) : ESEAL_EIO;
  PQclear(PQexec(pg, "ROLLBACK"));
  return found;
}

/* After a lost COMMIT: reconnects and asks whether `t` committed. */
static int lost_commit(pg_backend *b, pg_txn *t) {
  for (int attempt = 0; attempt < OUTCOME_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      struct timespec pause = {0, 200000000L * attempt}; /* 0.2 s, 0.4 s */
      nanosleep(&pause, NULL);
    }
    PGconn *pg;
    if (eseal__pg_connect(&b->pool, &pg) != 0)
      continue;
    int found = ask_outcome(pg, t);
    PQfinish(pg);
    if (found == 1)
      return 0;
    if (found == 0)
      return eseal__error_set(ESEAL_EIO, "postgresql store: the connection broke during COMMIT "
                                         "and the transaction was not committed");
  }
  return eseal__error_set(ESEAL_EIO, "postgresql store: the connection broke during COMMIT and "
                                     "the server cannot be reached: the outcome is UNKNOWN");
}

/* Inside a writable transaction: records its id, and now and then forgets old ones. */
static int record_commit(eseal_storage_backend *self, pg_txn *t) {
  pg_backend *b = pgb(self);
  pthread_mutex_lock(&b->prune_lock);
  int prune = b->commits++ % PRUNE_EVERY == 0;
  pthread_mutex_unlock(&b->prune_lock);
  params p = {0};
  PGresult *res;
  if (prune) {
    res = run(self, t, "DELETE FROM eseal_commits WHERE committed_at < now() - interval '1 day'",
              &p, PGRES_COMMAND_OK, "pruning eseal_commits");
    if (res == NULL)
      return ESEAL_EIO;
    PQclear(res);
  }
  p_bytes(&p, t->txn_id, sizeof t->txn_id);
  res = run(self, t, "INSERT INTO eseal_commits(txn_id) VALUES ($1)", &p, PGRES_COMMAND_OK,
            "recording the commit");
  if (res == NULL)
    return ESEAL_EIO;
  PQclear(res);
  return 0;
}

static int pg_commit(eseal_storage_backend *self, void *txn) {
  pg_backend *b = pgb(self);
  pg_txn *t = txn;
  PGconn *pg = t->conn->pg;
  if (PQtransactionStatus(pg) != PQTRANS_INTRANS) {
    /* A statement failed: PostgreSQL would answer COMMIT with a rollback. */
    pg_rollback(self, txn);
    return eseal__error_set(ESEAL_EIO,
                            "postgresql store: a statement of the transaction failed: rolled back");
  }
  int rc = t->writable ? record_commit(self, t) : 0;
  if (rc != 0) {
    pg_rollback(self, txn);
    return rc;
  }
  PGresult *res = PQexec(pg, "COMMIT");
  if (PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), "COMMIT") == 0) {
    PQclear(res);
    end_txn(b, t, 0);
    return 0;
  }
  int lost = eseal__pg_conn_lost(pg, res);
  if (lost && t->writable) {
    rc = lost_commit(b, t);
  } else {
    rc = eseal__pg_error(&b->pool, ESEAL_EIO, "committing",
                         res && PQresultStatus(res) == PGRES_COMMAND_OK
                             ? "the server rolled the transaction back"
                             : PQerrorMessage(pg));
  }
  PQclear(res);
  if (!lost && PQtransactionStatus(pg) != PQTRANS_IDLE)
    PQclear(PQexec(pg, "ROLLBACK"));
  end_txn(b, t, lost);
  if (lost)
    eseal__pg_pool_flush(&b->pool);
  return rc;
}

static int pg_kv_get(eseal_storage_backend *self, void *txn, const char *tenant,
                     const char *area, const uint8_t *key, size_t key_len, eseal_buf *value) {
  params p = named(tenant, area);
  p_bytes(&p, key, key_len);
  PGresult *res = run(self, txn,
                      "SELECT value FROM eseal_kv WHERE tenant = $1 AND area = $2 AND key = $3",
                      &p, PGRES_TUPLES_OK, "reading a value");
  if (res == NULL)
    return ESEAL_EIO;
  int rc = PQntuples(res) == 0 ? eseal__error_set(ESEAL_ENOTFOUND, "store: no such key")
                                : take_bytes(res, 0, value);
  PQclear(res);
  return rc;
}

static int pg_kv_put(eseal_storage_backend *self, void *txn, const char *tenant,
                     const char *area, const uint8_t *key, size_t key_len, const uint8_t *value,
                     size_t value_len) {
  params p = named(tenant, area);
  p_bytes(&p, key, key_len);
  p_bytes(&p, value, value_len);
  PGresult *res = run(self, txn,
                      "INSERT INTO eseal_kv(tenant, area, key, value) VALUES ($1, $2, $3, $4)"
                      " ON CONFLICT (tenant, area, key) DO UPDATE SET value = EXCLUDED.value",
                      &p, PGRES_COMMAND_OK, "writing a value");
  PQclear(res);
  return res == NULL ? ESEAL_EIO : 0;
}

static int pg_kv_delete(eseal_storage_backend *self, void *txn, const char *tenant,
                        const char *area, const uint8_t *key, size_t key_len) {
  params p = named(tenant, area);
  p_bytes(&p, key, key_len);
  PGresult *res =
      run(self, txn, "DELETE FROM eseal_kv WHERE tenant = $1 AND area = $2 AND key = $3", &p,
          PGRES_COMMAND_OK, "deleting a value");
  if (res == NULL)
    return ESEAL_EIO;
  int gone = strcmp(PQcmdTuples(res), "0") == 0;
  PQclear(res);
  return gone ? eseal__error_set(ESEAL_ENOTFOUND, "store: no such key") : 0;
}

/*
 * The key just past every key that starts with `prefix` (the prefix with its
 * trailing 0xff bytes dropped and its last byte raised), into `upper`; its
 * length, or 0 when there is none (all 0xff, or no prefix).
 */
static size_t prefix_upper(const uint8_t *prefix, size_t len, uint8_t *upper) {
  while (len > 0 && prefix[len - 1] == 0xff)
    len--;
  if (len == 0)
    return 0;
  memcpy(upper, prefix, len);
  upper[len - 1]++;
  return len;
}

/* The scan's batch queries: after the first, resume past the last key seen. */
static const char *const SCAN_SQL[2][2] = {
    {"SELECT key, value FROM eseal_kv WHERE tenant = $1 AND area = $2 AND key >= $3"
     " ORDER BY key LIMIT " SCAN_BATCH,
     "SELECT key, value FROM eseal_kv WHERE tenant = $1 AND area = $2 AND key >= $3"
     " AND key < $4 ORDER BY key LIMIT " SCAN_BATCH},
    {"SELECT key, value FROM eseal_kv WHERE tenant = $1 AND area = $2 AND key > $3"
     " ORDER BY key LIMIT " SCAN_BATCH,
     "SELECT key, value FROM eseal_kv WHERE tenant = $1 AND area = $2 AND key > $3"
     " AND key < $4 ORDER BY key LIMIT " SCAN_BATCH},
};

/*
 * One batch, read row by row (single-row mode: one value in memory at a
 * time). `*rows` = rows seen; `last` = the last key. Drains the rest of the
 * batch when the visitor stops.
 */
static int scan_batch(eseal_storage_backend *self, PGconn *pg, const char *sql, const params *p,
                      eseal_storage_visit_fn visit, void *arg, uint8_t *last, size_t *last_len,
                      int *rows) {
  *rows = 0;
  if (!PQsendQueryParams(pg, sql, p->n, NULL, p->values, p->lengths, p->formats, 1) ||
      !PQsetSingleRowMode(pg))
    return eseal__pg_error(&pgb(self)->pool, ESEAL_EIO, "scanning values", PQerrorMessage(pg));
  int rc = 0;
  PGresult *res;
  while ((res = PQgetResult(pg)) != NULL) {
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_SINGLE_TUPLE && rc == 0) {
      size_t klen = (size_t)PQgetlength(res, 0, 0);
      size_t vlen = (size_t)PQgetlength(res, 0, 1);
      const uint8_t *k = (const uint8_t *)PQgetvalue(res, 0, 0);
      (*rows)++;
      /* Rows written behind the library's back are held to its limits, as get() holds them. */
      if (klen == 0 || klen > ESEAL_STORAGE_MAX_KEY || vlen > ESEAL_STORAGE_MAX_VALUE) {
        rc = eseal__error_set(ESEAL_ELIMIT, "postgresql store: a stored key or value exceeds "
                                            "the storage limits");
      } else {
        memcpy(last, k, klen);
        *last_len = klen;
        rc = visit(arg, k, klen, (const uint8_t *)PQgetvalue(res, 0, 1), vlen);
      }
    } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && rc == 0) {
      rc = eseal__pg_error(&pgb(self)->pool, ESEAL_EIO, "scanning values", PQerrorMessage(pg));
    }
    PQclear(res);
  }
  return rc;
}

static int pg_kv_scan(eseal_storage_backend *self, void *txn, const char *tenant,
                      const char *area, const uint8_t *prefix, size_t prefix_len,
                      eseal_storage_visit_fn visit, void *arg) {
  pg_txn *t = txn;
  uint8_t upper[ESEAL_STORAGE_MAX_KEY], last[ESEAL_STORAGE_MAX_KEY];
  size_t upper_len = prefix_upper(prefix, prefix_len, upper);
  size_t last_len = 0;
  int resume = 0, rows, rc;
  do {
    params p = named(tenant, area);
    if (resume)
      p_bytes(&p, last, last_len);
    else
      p_bytes(&p, prefix, prefix_len);
    if (upper_len)
      p_bytes(&p, upper, upper_len);
    rc = scan_batch(self, t->conn->pg, SCAN_SQL[resume][upper_len != 0], &p, visit, arg, last,
                    &last_len, &rows);
    resume = 1;
  } while (rc == 0 && rows == atoi(SCAN_BATCH));
  return rc;
}

/* The bigint of a one-row, one-column query on (tenant, name); 0 when no row. */
static int read_int(eseal_storage_backend *self, void *txn, const char *sql, const char *tenant,
                    const char *name, int64_t *out) {
  params p = named(tenant, name);
  PGresult *res = run(self, txn, sql, &p, PGRES_TUPLES_OK, "reading a counter or log size");
  if (res == NULL)
    return ESEAL_EIO;
  *out = PQntuples(res) > 0 ? int8_at(res, 0, 0) : 0;
  PQclear(res);
  return 0;
}

static int pg_counter_add(eseal_storage_backend *self, void *txn, const char *tenant,
                          const char *name, int64_t delta, int64_t *value) {
  int64_t now, sum;
  int rc = read_int(self, txn, "SELECT value FROM eseal_counters WHERE tenant = $1 AND name = $2",
                    tenant, name, &now);
  if (rc != 0)
    return rc;
  /* Checked here, not by the server: an SQL error would abort the whole transaction. */
  if (__builtin_add_overflow(now, delta, &sum))
    return eseal__error_set(ESEAL_ELIMIT, "store: counter %s would overflow", name);
  if (delta != 0) {
    params p = named(tenant, name);
    p_int8(&p, sum);
    PGresult *res = run(self, txn,
                        "INSERT INTO eseal_counters(tenant, name, value) VALUES ($1, $2, $3)"
                        " ON CONFLICT (tenant, name) DO UPDATE SET value = EXCLUDED.value",
                        &p, PGRES_COMMAND_OK, "writing a counter");
    if (res == NULL)
      return ESEAL_EIO;
    PQclear(res);
  }
  if (value != NULL)
    *value = sum;
  return 0;
}

static int pg_log_size(eseal_storage_backend *self, void *txn, const char *tenant,
                       const char *log, uint64_t *size) {
  int64_t n;
  int rc = read_int(self, txn,
                    "SELECT coalesce(max(seq) + 1, 0) FROM eseal_logs WHERE tenant = $1 AND log = $2",
                    tenant, log, &n);
  if (rc == 0)
    *size = (uint64_t)n;
  return rc;
}

static int pg_log_append(eseal_storage_backend *self, void *txn, const char *tenant,
                         const char *log, const uint8_t *rec, size_t len, uint64_t *seq) {
  pg_txn *t = txn;
  params p = named(tenant, log);
  p_bytes(&p, rec, len);
  p_bytes(&p, t->txn_id, sizeof t->txn_id);
  /* The next number is the size read under the writer lock: no other writer runs. */
  PGresult *res = run(self, txn,
                      "INSERT INTO eseal_logs(tenant, log, seq, rec, txn_id)"
                      " SELECT $1, $2, coalesce(max(seq) + 1, 0), $3, $4 FROM eseal_logs"
                      " WHERE tenant = $1 AND log = $2 RETURNING seq",
                      &p, PGRES_TUPLES_OK, "appending a record");
  if (res == NULL)
    return ESEAL_EIO;
  *seq = (uint64_t)int8_at(res, 0, 0);
  PQclear(res);
  return 0;
}

static int pg_log_get(eseal_storage_backend *self, void *txn, const char *tenant,
                      const char *log, uint64_t seq, eseal_buf *rec) {
  if (seq > (uint64_t)INT64_MAX)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: log %s has no record %llu", log,
                            (unsigned long long)seq);
  params p = named(tenant, log);
  p_int8(&p, (int64_t)seq);
  PGresult *res =
      run(self, txn, "SELECT rec FROM eseal_logs WHERE tenant = $1 AND log = $2 AND seq = $3",
          &p, PGRES_TUPLES_OK, "reading a record");
  if (res == NULL)
    return ESEAL_EIO;
  int rc = PQntuples(res) == 0
               ? eseal__error_set(ESEAL_ENOTFOUND, "store: log %s has no record %llu", log,
                                  (unsigned long long)seq)
               : take_bytes(res, 0, rec);
  PQclear(res);
  return rc;
}

static int pg_server_time(eseal_storage_backend *self, void *txn, int64_t *unix_ms) {
  params p = {0};
  PGresult *res = run(self, txn,
                      "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint", &p,
                      PGRES_TUPLES_OK, "reading the server's clock");
  if (res == NULL)
    return ESEAL_EIO;
  *unix_ms = int8_at(res, 0, 0);
  PQclear(res);
  return 0;
}

static void pg_close(eseal_storage_backend *self) {
  pg_backend *b = pgb(self);
  eseal__pg_pool_destroy(&b->pool);
  pthread_mutex_destroy(&b->prune_lock);
  eseal__free(b);
}

int eseal__postgresql_backend_new(eseal_storage_backend **out, const char *conninfo) {
  pg_backend *b = eseal__calloc(1, sizeof *b);
  if (b == NULL)
    return eseal__error_oom();
  int rc = eseal__pg_pool_init(&b->pool, conninfo, POOL_MAX);
  if (rc != 0) {
    eseal__free(b);
    return rc;
  }
  pthread_mutex_init(&b->prune_lock, NULL);
  eseal_storage_backend_init(&b->base);
  b->base.name = "postgresql";
  b->base.begin = pg_begin;
  b->base.commit = pg_commit;
  b->base.rollback = pg_rollback;
  b->base.kv_get = pg_kv_get;
  b->base.kv_put = pg_kv_put;
  b->base.kv_delete = pg_kv_delete;
  b->base.kv_scan = pg_kv_scan;
  b->base.counter_add = pg_counter_add;
  b->base.log_append = pg_log_append;
  b->base.log_get = pg_log_get;
  b->base.log_size = pg_log_size;
  b->base.server_time = pg_server_time;
  b->base.close = pg_close;
  /* The first connection checks and migrates the schema, then stays in the pool. */
  eseal__pg_conn *c;
  if ((rc = eseal__pg_pool_take(&b->pool, &c)) == 0) {
    rc = eseal__pg_migrate(&b->pool, c->pg);
    eseal__pg_pool_give(&b->pool, c, rc != 0);
  }
  if (rc != 0) {
    pg_close(&b->base);
    return rc;
  }
  *out = &b->base;
  return 0;
}
