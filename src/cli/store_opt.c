#include "store_opt.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "core/text.h"

/*
 * 1 when --store names a PostgreSQL database rather than an SQLite file: a
 * libpq URI, or a key=value connection string (it starts with a keyword of
 * lower-case letters and '_' followed by '=', as "host=db dbname=eseal").
 * Taken for a file name, such a string would make a local SQLite file named
 * after it, password and all, and the node would keep limits of its own.
 * A file whose name looks so is given as ./NAME.
 */
static int is_postgresql(const char *store) {
  if (strncmp(store, "postgresql://", 13) == 0 || strncmp(store, "postgres://", 11) == 0)
    return 1;
  size_t word = strspn(store, "abcdefghijklmnopqrstuvwxyz_");
  size_t at = word + strspn(store + word, " ");
  return word > 0 && store[at] == '=';
}

/* What to do when a store does not open, by error code. */
static const char *store_hint(int code, int postgresql) {
  switch (code) {
  case ESEAL_EVERSION: return "it was written by a newer libeseal: upgrade this one";
  case ESEAL_EFORMAT:
    return postgresql ? "the database holds eseal_ tables that are not a libeseal store"
                      : "it is not a libeseal store: check the path";
  case ESEAL_EIO:
    return postgresql ? "check that the server runs and the host, port, user and database"
                      : "check that the folder exists and that you may write there";
  case ESEAL_EINVAL:
    return postgresql ? "write it as postgresql://USER@HOST:PORT/DB?OPTION=VALUE or "
                        "\"host=HOST dbname=DB ...\" (a file whose name has '=' as ./NAME)"
                      : NULL;
  case ESEAL_EUNSUPPORTED: return "this eseal was built without PostgreSQL (libpq)";
  default: return NULL;
  }
}

int cli_store_open(const char *cmd, const char *path, const char *tenant, eseal_store **store,
                   const char **tenant_out) {
  *store = NULL;
  if (path == NULL || path[0] == '\0') {
    fprintf(stderr, "eseal %s: --store PATH is required (the SQLite file of the registry "
                    "and usage log, or a postgresql:// URI)\n", cmd);
    return EXIT_USAGE;
  }
  const char *t = tenant ? tenant : ESEAL_STORE_DEFAULT_TENANT;
  if (eseal_store_check_name(t) != 0) {
    fprintf(stderr, "eseal %s: --tenant ", cmd);
    eseal__text_escape_fputs(stderr, t);
    fputs(": 1 to 64 characters of letters, digits, '.', '_' and '-'\n", stderr);
    return EXIT_USAGE;
  }
  int pg = is_postgresql(path);
  if ((pg ? eseal_store_open_postgresql(store, path) : eseal_store_open_sqlite(store, path)) != 0) {
    const eseal_error *e = eseal_error_last();
    const char *h = e ? store_hint(e->code, pg) : NULL;
    /* A URI may carry a password: name the kind of store, not the URI. */
    fprintf(stderr, "eseal %s: --store ", cmd);
    if (pg)
      fputs("(PostgreSQL)", stderr);
    else
      eseal__text_escape_fputs(stderr, path);
    fputs(": ", stderr);
    eseal__text_escape_fputs(stderr, e ? e->message : "cannot open");
    if (h)
      fprintf(stderr, "; %s", h);
    fputc('\n', stderr);
    return EXIT_ERROR;
  }
  if (tenant_out != NULL)
    *tenant_out = t;
  return 0;
}

int cli_store_attach(const char *cmd, const char *path, const char *tenant, eseal_ctx *ctx,
                     eseal_store **store, const char **tenant_out) {
  int rc = cli_store_open(cmd, path, tenant, store, tenant_out);
  if (rc == 0 && eseal_ctx_set_store(ctx, *store) != 0) {
    eseal_store_free(*store);
    *store = NULL;
    return cli_fail(cmd, "--store");
  }
  return rc;
}
