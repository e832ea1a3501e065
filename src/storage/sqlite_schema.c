/*
 * Schema versions of the SQLite store (doc/storage.md, "Schema versions"):
 *  1  kv, counters and log_records keyed by tenant; a log's size was the
 *     count of its records.
 *  2  logs: one size row per (tenant, log), written by every append, so that
 *     appends to one log serialise on one row and reading a size is one
 *     lookup.
 * A migration runs in the transaction that checks the version, so two
 * processes opening an old file together migrate it once.
 */
#include "sqlite_schema.h"

#include "eseal/errors.h"
#include "../core/error.h"

static const char *const MIGRATIONS[ESEAL__SQLITE_SCHEMA_VERSION] = {
    /* 0 -> 1 */
    "CREATE TABLE kv(tenant TEXT NOT NULL, area TEXT NOT NULL, key BLOB NOT NULL,"
    " value BLOB NOT NULL, PRIMARY KEY(tenant, area, key)) WITHOUT ROWID;"
    "CREATE TABLE counters(tenant TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,"
    " PRIMARY KEY(tenant, name)) WITHOUT ROWID;"
    "CREATE TABLE log_records(tenant TEXT NOT NULL, log TEXT NOT NULL,"
    " seq INTEGER NOT NULL CHECK(seq >= 0), record BLOB NOT NULL, UNIQUE(tenant, log, seq));",
    /* 1 -> 2 */
    "CREATE TABLE logs(tenant TEXT NOT NULL, log TEXT NOT NULL,"
    " size INTEGER NOT NULL CHECK(size >= 0), PRIMARY KEY(tenant, log)) WITHOUT ROWID;"
    "INSERT INTO logs(tenant, log, size)"
    " SELECT tenant, log, COUNT(*) FROM log_records GROUP BY tenant, log;",
};

const char *eseal__sqlite_migration(int version) {
  if (version < 1 || version > ESEAL__SQLITE_SCHEMA_VERSION)
    return NULL;
  return MIGRATIONS[version - 1];
}

int eseal__sqlite_error(sqlite3 *db, int rc, const char *what) {
  const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int code;
  switch (rc & 0xff) {
  case SQLITE_NOMEM: code = ESEAL_ENOMEM; break;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: code = ESEAL_EFORMAT; break;
  case SQLITE_TOOBIG: code = ESEAL_ELIMIT; break;
  default: code = ESEAL_EIO; break;
  }
  return eseal__error_set(code, "sqlite store: %s: %s", what, msg);
}

/* One integer PRAGMA's value. */
static int pragma_int(sqlite3 *db, const char *sql, int *out) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK)
    return eseal__sqlite_error(db, rc, sql);
  rc = sqlite3_step(st);
  *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : eseal__sqlite_error(db, rc, sql);
}

static int exec(sqlite3 *db, const char *sql, const char *what) {
  int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? 0 : eseal__sqlite_error(db, rc, what);
}

/* Checks the file's kind and version and migrates it; inside the caller's transaction. */
static int migrate_locked(sqlite3 *db) {
  int version, app_id, tables;
  int rc = pragma_int(db, "PRAGMA user_version", &version);
  if (rc == 0)
    rc = pragma_int(db, "PRAGMA application_id", &app_id);
  if (rc == 0)
    rc = pragma_int(db, "SELECT COUNT(*) FROM sqlite_schema", &tables);
  if (rc != 0)
    return rc;
  if (version == 0 && tables != 0)
    return eseal__error_set(ESEAL_EFORMAT,
                            "sqlite store: the file is an SQLite database but not a libeseal store");
  if (version != 0 && app_id != ESEAL__SQLITE_APPLICATION_ID)
    return eseal__error_set(ESEAL_EFORMAT,
                            "sqlite store: the file is not a libeseal store (application_id %d)",
                            app_id);
  if (version > ESEAL__SQLITE_SCHEMA_VERSION)
    return eseal__error_set(ESEAL_EVERSION,
                            "sqlite store: schema version %d is newer than this library's %d; "
                            "upgrade libeseal",
                            version, ESEAL__SQLITE_SCHEMA_VERSION);
  if (version < 0)
    return eseal__error_set(ESEAL_EFORMAT, "sqlite store: negative schema version %d", version);
  for (int v = version + 1; v <= ESEAL__SQLITE_SCHEMA_VERSION; v++) {
    char sql[64];
    if ((rc = exec(db, MIGRATIONS[v - 1], "migrating the schema")) != 0)
      return rc;
    sqlite3_snprintf(sizeof sql, sql, "PRAGMA user_version = %d", v);
    if ((rc = exec(db, sql, "recording the schema version")) != 0)
      return rc;
  }
  if (version == 0) {
    char sql[64];
    sqlite3_snprintf(sizeof sql, sql, "PRAGMA application_id = %d", ESEAL__SQLITE_APPLICATION_ID);
    rc = exec(db, sql, "marking the file");
  }
  return rc;
}

int eseal__sqlite_migrate(sqlite3 *db) {
  int rc = exec(db, "BEGIN IMMEDIATE", "locking the file to check its schema");
  if (rc != 0)
    return rc;
  rc = migrate_locked(db);
  if (rc == 0)
    rc = exec(db, "COMMIT", "committing the schema");
  if (rc != 0 && !sqlite3_get_autocommit(db))
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}
