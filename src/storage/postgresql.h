/*
 * The PostgreSQL backend's parts, shared by its files: postgresql.c (the
 * backend table and transactions), postgresql_pool.c (connections) and
 * postgresql_schema.c (tables and migrations). Built only with libpq.
 */
#ifndef ESEAL_STORAGE_POSTGRESQL_H
#define ESEAL_STORAGE_POSTGRESQL_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdint.h>

/* The random id a writable transaction records in eseal_commits. */
#define ESEAL__PG_TXN_ID_LEN 16

/* The schema version this library writes (eseal_schema.version). */
#define ESEAL__PG_SCHEMA_VERSION 1

/* One connection of the pool. */
typedef struct eseal__pg_conn {
  PGconn *pg;
  struct eseal__pg_conn *next; /* in the idle list */
} eseal__pg_conn;

/* Up to `max` connections to one database, shared by threads. */
typedef struct eseal__pg_pool {
  char *conninfo;
  char *password; /* from the conninfo, to keep it out of messages; NULL when none */
  pthread_mutex_t lock;
  pthread_cond_t freed;
  eseal__pg_conn *idle;
  unsigned open; /* idle + taken */
  unsigned max;
} eseal__pg_pool;

/* Checks `conninfo` (ESEAL_EINVAL when libpq cannot parse it) and prepares an empty pool. */
int eseal__pg_pool_init(eseal__pg_pool *pool, const char *conninfo, unsigned max);
void eseal__pg_pool_destroy(eseal__pg_pool *pool);

/* An idle connection, or a new one when fewer than `max` are open; waits
 * (bounded) for one to be given back otherwise. ESEAL_EIO on failure. */
int eseal__pg_pool_take(eseal__pg_pool *pool, eseal__pg_conn **out);

/* Gives a connection back; one that is broken, or `discard`, is closed instead. */
void eseal__pg_pool_give(eseal__pg_pool *pool, eseal__pg_conn *conn, int discard);

/* Closes every idle connection (after one was found cut: the others likely were too). */
void eseal__pg_pool_flush(eseal__pg_pool *pool);

/* A new connection with the session settings, outside the pool (the
 * reconnect after a lost COMMIT). ESEAL_EIO with libpq's reason. */
int eseal__pg_connect(const eseal__pg_pool *pool, PGconn **out);

/* Raises `code` with "postgresql store: <what>: <libpq's message>", the
 * conninfo's password masked. Returns `code`. */
int eseal__pg_error(const eseal__pg_pool *pool, int code, const char *what, const char *detail);

/* 1 when `res` failed because the connection is gone (nothing more can run on it). */
int eseal__pg_conn_lost(PGconn *pg, const PGresult *res);

/* Creates or migrates the tables, under an advisory lock, in one transaction.
 * ESEAL_EVERSION for a newer schema, ESEAL_EIO otherwise. */
int eseal__pg_migrate(const eseal__pg_pool *pool, PGconn *pg);

/* The SQL that brings schema `version - 1` to `version`, or NULL (for docs and tests). */
const char *eseal__pg_migration(int version);

/* Whether the transaction `txn_id` committed: 1 yes, 0 no, or a negative code
 * when the lookup itself failed. Run on a fresh connection after a lost COMMIT. */
int eseal__pg_commit_outcome(PGconn *pg, const uint8_t txn_id[ESEAL__PG_TXN_ID_LEN]);

#endif
