/*
 * The PostgreSQL store's tables and their migrations (doc/storage.md,
 * "PostgreSQL backend"). Version 1:
 *   eseal_schema   one row: the schema version;
 *   eseal_kv       (tenant, area, key) -> value, bytea keys in memcmp order;
 *   eseal_counters (tenant, name) -> value;
 *   eseal_logs     (tenant, log, seq) -> rec, with the server's time of the
 *                  append and the id of the transaction that appended it;
 *   eseal_commits  the ids of committed writable transactions, so that a
 *                  COMMIT whose answer was lost can be looked up.
 * Opening a store runs the missing migrations in one transaction that holds
 * an advisory lock, so that processes opening an old database together
 * migrate it once. To migrate by hand, run each version's SQL in order (the
 * text below; tests print it through eseal__pg_migration()) and set
 * eseal_schema.version.
 */
#include "postgresql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"

/* pg_advisory_xact_lock key of migrations ("eseal" + 1). */
#define MIGRATE_LOCK_KEY "7310593858020254721"

static const char *const MIGRATIONS[ESEAL__PG_SCHEMA_VERSION] = {
    /* 0 -> 1 */
    "CREATE TABLE eseal_kv(tenant text NOT NULL, area text NOT NULL, key bytea NOT NULL,"
    " value bytea NOT NULL, PRIMARY KEY(tenant, area, key));"
    "CREATE TABLE eseal_counters(tenant text NOT NULL, name text NOT NULL,"
    " value bigint NOT NULL, PRIMARY KEY(tenant, name));"
    "CREATE TABLE eseal_logs(tenant text NOT NULL, log text NOT NULL,"
    " seq bigint NOT NULL CHECK(seq >= 0), rec bytea NOT NULL,"
    " server_time timestamptz NOT NULL DEFAULT clock_timestamp(), txn_id bytea NOT NULL,"
    " PRIMARY KEY(tenant, log, seq));"
    "CREATE TABLE eseal_commits(txn_id bytea PRIMARY KEY,"
    " committed_at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX eseal_commits_age ON eseal_commits(committed_at);",
};

const char *eseal__pg_migration(int version) {
  if (version < 1 || version > ESEAL__PG_SCHEMA_VERSION)
    return NULL;
  return MIGRATIONS[version - 1];
}

/* Runs constant SQL that returns no rows or one; `*value` = the first column as text. */
static int exec(const eseal__pg_pool *pool, PGconn *pg, const char *sql, const char *what,
                char *value, size_t value_size) {
  PGresult *res = PQexec(pg, sql);
  ExecStatusType st = PQresultStatus(res);
  int rc = 0;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    rc = eseal__pg_error(pool, ESEAL_EIO, what, PQerrorMessage(pg));
  else if (value != NULL)
    snprintf(value, value_size, "%s",
             PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "");
  PQclear(res);
  return rc;
}

/* Inside the migration transaction, under its lock. */
static int migrate_locked(const eseal__pg_pool *pool, PGconn *pg) {
  char text[32];
  int rc = exec(pool, pg, "SELECT to_regclass('eseal_schema') IS NOT NULL", "reading the schema",
                text, sizeof text);
  if (rc != 0)
    return rc;
  long version = 0;
  if (strcmp(text, "t") == 0) {
    rc = exec(pool, pg, "SELECT max(version) FROM eseal_schema", "reading the schema version",
              text, sizeof text);
    if (rc != 0)
      return rc;
    version = strtol(text, NULL, 10);
  } else {
    rc = exec(pool, pg, "SELECT to_regclass('eseal_kv') IS NOT NULL", "reading the schema", text,
              sizeof text);
    if (rc == 0 && strcmp(text, "t") == 0)
      return eseal__error_set(ESEAL_EFORMAT, "postgresql store: eseal_kv exists without "
                                             "eseal_schema: not a libeseal store");
    if (rc == 0)
      rc = exec(pool, pg, "CREATE TABLE eseal_schema(version integer NOT NULL)",
                "creating eseal_schema", NULL, 0);
    if (rc != 0)
      return rc;
  }
  if (version > ESEAL__PG_SCHEMA_VERSION)
    return eseal__error_set(ESEAL_EVERSION,
                            "postgresql store: schema version %ld is newer than this library's "
                            "%d; upgrade libeseal",
                            version, ESEAL__PG_SCHEMA_VERSION);
  if (version < 0)
    return eseal__error_set(ESEAL_EFORMAT, "postgresql store: negative schema version %ld",
                            version);
  if (version == ESEAL__PG_SCHEMA_VERSION)
    return 0;
  for (long v = version + 1; v <= ESEAL__PG_SCHEMA_VERSION; v++)
    if ((rc = exec(pool, pg, MIGRATIONS[v - 1], "migrating the schema", NULL, 0)) != 0)
      return rc;
  /* The version is ours, a constant: not outside text. */
  char sql[96];
  snprintf(sql, sizeof sql, "DELETE FROM eseal_schema; INSERT INTO eseal_schema VALUES (%d)",
           ESEAL__PG_SCHEMA_VERSION);
  return exec(pool, pg, sql, "recording the schema version", NULL, 0);
}

int eseal__pg_migrate(const eseal__pg_pool *pool, PGconn *pg) {
  int rc = exec(pool, pg, "BEGIN ISOLATION LEVEL READ COMMITTED;"
                              " SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")",
                "locking the database to check its schema", NULL, 0);
  if (rc == 0)
    rc = migrate_locked(pool, pg);
  if (rc == 0)
    rc = exec(pool, pg, "COMMIT", "committing the schema", NULL, 0);
  if (rc != 0 && PQtransactionStatus(pg) != PQTRANS_IDLE)
    PQclear(PQexec(pg, "ROLLBACK"));
  return rc;
}

int eseal__pg_commit_outcome(PGconn *pg, const uint8_t txn_id[ESEAL__PG_TXN_ID_LEN]) {
  const char *values[1] = {(const char *)txn_id};
  const int lengths[1] = {ESEAL__PG_TXN_ID_LEN};
  const int formats[1] = {1};
  PGresult *res = PQexecParams(pg, "SELECT 1 FROM eseal_commits WHERE txn_id = $1", 1, NULL,
                               values, lengths, formats, 0);
  int rc = PQresultStatus(res) == PGRES_TUPLES_OK
               ? PQntuples(res) > 0
               : eseal__pg_error(NULL, ESEAL_EIO, "looking up a commit", PQerrorMessage(pg));
  PQclear(res);
  return rc;
}
