/*
 * --store PATH|URI and --tenant NAME, for every command that uses a store
 * (doc/storage.md): opens the SQLite store in the file PATH, or the
 * PostgreSQL store a postgresql:// or postgres:// URI names, and checks the
 * tenant name, with messages that say what to do.
 */
#ifndef ESEAL_CLI_STORE_OPT_H
#define ESEAL_CLI_STORE_OPT_H

#include <eseal.h>

/*
 * Checks `tenant` (NULL: ESEAL_STORE_DEFAULT_TENANT, stored in *tenant_out)
 * and opens the store at `path` (a file, or a postgresql:// URI) into *store (the caller frees it). 0, or
 * EXIT_USAGE for a missing --store or a bad --tenant, EXIT_ERROR when the
 * store cannot be opened, after printing why.
 */
int cli_store_open(const char *cmd, const char *path, const char *tenant, eseal_store **store,
                   const char **tenant_out);

/* cli_store_open(), then sets the store on `ctx`. */
int cli_store_attach(const char *cmd, const char *path, const char *tenant, eseal_ctx *ctx,
                     eseal_store **store, const char **tenant_out);

#endif
