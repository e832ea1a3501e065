/*
 * The SQLite store's schema and its migrations. The schema version lives in
 * PRAGMA user_version, the file's kind in PRAGMA application_id.
 */
#ifndef ESEAL_STORAGE_SQLITE_SCHEMA_H
#define ESEAL_STORAGE_SQLITE_SCHEMA_H

#include <sqlite3.h>

/* The schema this library writes. */
#define ESEAL__SQLITE_SCHEMA_VERSION 2
/* PRAGMA application_id of a libeseal store: "ESL1". */
#define ESEAL__SQLITE_APPLICATION_ID 0x45534c31

/* The SQL that takes a schema from `version - 1` to `version` (1..latest), or NULL. */
const char *eseal__sqlite_migration(int version);

/*
 * Brings the open database to ESEAL__SQLITE_SCHEMA_VERSION inside one
 * write transaction (so that processes opening it together migrate once).
 * ESEAL_EVERSION for a newer schema, ESEAL_EFORMAT for an SQLite file that is
 * not a libeseal store, ESEAL_EIO for SQLite failures.
 */
int eseal__sqlite_migrate(sqlite3 *db);

/* Maps an SQLite result code to an ESEAL_E* code and raises it with `what` and SQLite's message. */
int eseal__sqlite_error(sqlite3 *db, int rc, const char *what);

#endif
