/*
 * The PostgreSQL backend's connection pool: up to `max` connections to one
 * database, each used by one transaction at a time. A transaction takes one
 * (waiting, bounded, when all are busy) and gives it back; a connection found
 * broken is closed and a new one made on the next take. Also the session
 * settings every connection gets, and error messages without the password.
 */
#include "postgresql.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* How long begin() waits for a busy pool to free a connection. */
#define POOL_WAIT_SECONDS 30

/*
 * Per session: lock waits (the one-writer lock included) give up like
 * SQLite's busy timeout, and no statement runs unbounded. Constant text.
 */
static const char SESSION_SQL[] = "SET lock_timeout = '30s'; SET statement_timeout = '300s';"
                                  " SET idle_in_transaction_session_timeout = '600s';"
                                  " SET default_transaction_isolation = 'read committed'";

/* Server notices (e.g. "relation already exists") are not ours to print. */
static void ignore_notice(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

int eseal__pg_error(const eseal__pg_pool *pool, int code, const char *what, const char *detail) {
  /* libpq does not quote passwords back, but mask it should any message do so:
   * over the whole detail, before it is cut to fit, so no part of it shows. */
  const char *pw = pool ? pool->password : NULL;
  size_t pl = pw ? strlen(pw) : 0;
  char msg[512];
  size_t n = 0;
  for (const char *p = detail ? detail : ""; *p != '\0' && n + 1 < sizeof msg;) {
    if (pl > 0 && strncmp(p, pw, pl) == 0) {
      for (size_t i = 0; i < pl && n + 1 < sizeof msg; i++)
        msg[n++] = '*';
      p += pl;
    } else {
      msg[n++] = *p++;
    }
  }
  msg[n] = '\0';
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  return eseal__error_set(code, "postgresql store: %s%s%s", what, n ? ": " : "", msg);
}

int eseal__pg_conn_lost(PGconn *pg, const PGresult *res) {
  if (PQstatus(pg) != CONNECTION_OK)
    return 1;
  if (res == NULL)
    return 1;
  const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  /* Class 08: connection exception; 57P01..57P03: the server is shutting down. */
  return state != NULL && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0);
}

int eseal__pg_connect(const eseal__pg_pool *pool, PGconn **out) {
  /* Defaults first: the caller's conninfo (expanded from "dbname") overrides them. */
  const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
  const char *const values[] = {"10", "libeseal", pool->conninfo, NULL};
  PGconn *pg = PQconnectdbParams(keys, values, 1);
  if (pg == NULL)
    return eseal__error_oom();
  if (PQstatus(pg) != CONNECTION_OK) {
    int rc = eseal__pg_error(pool, ESEAL_EIO, "cannot connect", PQerrorMessage(pg));
    PQfinish(pg);
    return rc;
  }
  PQsetNoticeProcessor(pg, ignore_notice, NULL);
  PGresult *res = PQexec(pg, SESSION_SQL);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    int rc = eseal__pg_error(pool, ESEAL_EIO, "setting the session's time limits",
                             PQerrorMessage(pg));
    PQclear(res);
    PQfinish(pg);
    return rc;
  }
  PQclear(res);
  *out = pg;
  return 0;
}

int eseal__pg_pool_init(eseal__pg_pool *pool, const char *conninfo, unsigned max) {
  memset(pool, 0, sizeof *pool);
  char *err = NULL;
  PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
  if (opts == NULL) {
    /* libpq may quote the offending part, which could be a password: say only where to look. */
    int rc = err != NULL ? eseal__error_set(ESEAL_EINVAL,
                                            "postgresql store: the connection string is not a "
                                            "valid libpq URI or key=value list")
                         : eseal__error_oom();
    PQfreemem(err);
    return rc;
  }
  int had_password = 0;
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (strcmp(o->keyword, "password") == 0 && o->val != NULL && o->val[0] != '\0') {
      had_password = 1;
      pool->password = eseal__strdup(o->val);
    }
  PQconninfoFree(opts);
  pool->conninfo = eseal__strdup(conninfo);
  if (pool->conninfo == NULL || (had_password && pool->password == NULL)) {
    eseal__free(pool->conninfo);
    eseal__free(pool->password);
    return eseal__error_oom();
  }
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->freed, NULL);
  pool->max = max;
  return 0;
}

static void conn_close(eseal__pg_conn *c) {
  PQfinish(c->pg);
  eseal__free(c);
}

void eseal__pg_pool_flush(eseal__pg_pool *pool) {
  pthread_mutex_lock(&pool->lock);
  eseal__pg_conn *list = pool->idle;
  pool->idle = NULL;
  for (eseal__pg_conn *c = list; c != NULL; c = c->next)
    pool->open--;
  pthread_cond_broadcast(&pool->freed);
  pthread_mutex_unlock(&pool->lock);
  while (list != NULL) {
    eseal__pg_conn *next = list->next;
    conn_close(list);
    list = next;
  }
}

void eseal__pg_pool_destroy(eseal__pg_pool *pool) {
  eseal__pg_pool_flush(pool);
  pthread_cond_destroy(&pool->freed);
  pthread_mutex_destroy(&pool->lock);
  if (pool->password != NULL)
    memset(pool->password, 0, strlen(pool->password));
  eseal__free(pool->password);
  if (pool->conninfo != NULL) /* it may hold the password too */
    memset(pool->conninfo, 0, strlen(pool->conninfo));
  eseal__free(pool->conninfo);
}

int eseal__pg_pool_take(eseal__pg_pool *pool, eseal__pg_conn **out) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += POOL_WAIT_SECONDS;
  pthread_mutex_lock(&pool->lock);
  while (pool->idle == NULL && pool->open >= pool->max) {
    if (pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline) == ETIMEDOUT) {
      pthread_mutex_unlock(&pool->lock);
      return eseal__error_set(ESEAL_EIO,
                              "postgresql store: all %u connections stayed busy for %d s",
                              pool->max, POOL_WAIT_SECONDS);
    }
  }
  eseal__pg_conn *c = pool->idle;
  if (c != NULL)
    pool->idle = c->next;
  else
    pool->open++; /* reserve the slot, then connect outside the lock */
  pthread_mutex_unlock(&pool->lock);
  if (c != NULL) {
    *out = c;
    return 0;
  }
  int rc;
  c = eseal__calloc(1, sizeof *c);
  if (c == NULL)
    rc = eseal__error_oom();
  else if ((rc = eseal__pg_connect(pool, &c->pg)) != 0)
    eseal__free(c);
  if (rc != 0) {
    pthread_mutex_lock(&pool->lock);
    pool->open--;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
    return rc;
  }
  *out = c;
  return 0;
}

void eseal__pg_pool_give(eseal__pg_pool *pool, eseal__pg_conn *conn, int discard) {
  if (!discard && (PQstatus(conn->pg) != CONNECTION_OK ||
                   PQtransactionStatus(conn->pg) != PQTRANS_IDLE))
    discard = 1;
  pthread_mutex_lock(&pool->lock);
  if (discard) {
    pool->open--;
  } else {
    conn->next = pool->idle;
    pool->idle = conn;
  }
  pthread_cond_signal(&pool->freed);
  pthread_mutex_unlock(&pool->lock);
  if (discard)
    conn_close(conn);
}
