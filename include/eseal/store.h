/*
 * libeseal — stores: where the seal registry, the usage logs and the
 * revocation cache keep their data (doc/storage.md).
 *
 * A store is used only when the caller configures one (eseal_ctx_set_store()).
 * Built in:
 *  - SQLite, the embedded default: one file, WAL journal, synchronous=FULL,
 *    safe to share between threads and between processes;
 *  - PostgreSQL (when built with libpq): one database shared by many
 *    processes on many machines;
 *  - memory: for tests and short-lived tools; gone when freed.
 * Other databases plug in through eseal/sys/storage_backend.h.
 *
 * An eseal_store is safe to share between threads: each transaction the
 * library runs on it is used by one thread, and the store serialises writers.
 *
 * A store holds tenants (organisations a platform serves), each with its own
 * registry and usage log. Tenant names are 1–64 characters of [A-Za-z0-9._-];
 * tools use ESEAL_STORE_DEFAULT_TENANT when none is given.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_STORE_H
#define ESEAL_STORE_H

#include "common.h"
#include "context.h"
#include "sys/storage_backend.h"

ESEAL_BEGIN_DECL

typedef struct eseal_store eseal_store;

/** The tenant tools use when the user names none. */
#define ESEAL_STORE_DEFAULT_TENANT "default"

/**
 * Opens (creating if needed) the SQLite store in the file `path`, migrating
 * an older schema. ESEAL_EIO when the file cannot be opened or written,
 * ESEAL_EVERSION when it was written by a newer libeseal, ESEAL_EFORMAT when
 * it is an SQLite file that is not a libeseal store.
 */
ESEAL_EXTERN(int) eseal_store_open_sqlite(eseal_store **out, const char *path);

/**
 * Opens the PostgreSQL store in the database `conninfo` names, creating its
 * tables (prefixed `eseal_`) or migrating older ones (doc/storage.md,
 * "PostgreSQL backend").
 *
 * `conninfo` is a libpq connection string: a URI (`postgresql://…` or
 * `postgres://…`) or `key=value` pairs. It goes to libpq unchanged, so TLS
 * settings (sslmode=verify-full, sslrootcert, sslcert, …), passwords, the
 * service file and the PG* environment variables work as libpq documents.
 * The password never appears in error messages.
 *
 * Writers of every process and machine take turns on one advisory lock; a
 * read-only transaction reads one snapshot. A commit is as durable as the
 * server's synchronous_commit setting makes it (on by default: flushed to
 * the server's WAL), which the library leaves alone. When the answer to
 * COMMIT is lost, the library reconnects and finds out whether the commit
 * happened; it reports an outcome it cannot learn as ESEAL_EIO saying
 * UNKNOWN.
 *
 * The store keeps a pool of up to 4 connections and is safe to share between
 * threads. Lock waits give up after 30 s, statements after 300 s (ESEAL_EIO);
 * the server ends a transaction left idle for 600 s (its commit then fails).
 *
 * ESEAL_EINVAL when libpq cannot parse `conninfo`; ESEAL_EIO when the server
 * cannot be reached or refuses; ESEAL_EVERSION when the tables were written
 * by a newer libeseal; ESEAL_EFORMAT when eseal_ tables exist without their
 * version table; ESEAL_EUNSUPPORTED when this libeseal was built without
 * libpq.
 */
ESEAL_EXTERN(int) eseal_store_open_postgresql(eseal_store **out, const char *conninfo);

/** A new empty store in memory. 0 or ESEAL_ENOMEM. */
ESEAL_EXTERN(int) eseal_store_open_memory(eseal_store **out);

/**
 * A store over a backend of your own. ESEAL_EVERSION when backend->version is
 * 0 or newer than ESEAL_STORAGE_BACKEND_VERSION; ESEAL_EINVAL when a function
 * is missing. On success the store owns the backend and calls its close() when
 * freed; on failure the caller keeps it.
 */
ESEAL_EXTERN(int) eseal_store_from_backend(eseal_store **out, eseal_storage_backend *backend);

/**
 * Closes the store and its backend; NULL is accepted. No transaction may be
 * running and no context may still use the store.
 */
ESEAL_EXTERN(void) eseal_store_free(eseal_store *store);

/** The backend's name ("sqlite", "postgresql", "memory", …), borrowed. */
ESEAL_EXTERN(const char *) eseal_store_backend_name(const eseal_store *store);

/**
 * 0 when `name` is a valid tenant (or area, counter, log) name: 1–64
 * characters of [A-Za-z0-9._-]; ESEAL_EINVAL otherwise, with the reason.
 */
ESEAL_EXTERN(int) eseal_store_check_name(const char *name);

/**
 * Configures the store the context's registry, usage log and caches use; NULL
 * detaches it. The store is borrowed: it must outlive the context's use of it.
 * Like every eseal_ctx_set_* function, call it before sharing the context.
 */
ESEAL_EXTERN(int) eseal_ctx_set_store(eseal_ctx *ctx, eseal_store *store);

/** The context's store, borrowed, or NULL when none is configured. */
ESEAL_EXTERN(eseal_store *) eseal_ctx_store(const eseal_ctx *ctx);

ESEAL_END_DECL

#endif
