/*
 * The eseal_store handle: opening the built-in backends, accepting a caller's
 * backend after checking its table, and the name rule shared by tenants,
 * areas, counters and logs.
 */
#include "store_impl.h"

#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

ESEAL_EXTERN(void) eseal_storage_backend_init(eseal_storage_backend *backend) {
  if (backend == NULL)
    return;
  eseal_storage_backend init = ESEAL_STORAGE_BACKEND_INIT;
  *backend = init;
}

ESEAL_EXTERN(int) eseal_store_check_name(const char *name) {
  if (name == NULL)
    return eseal__error_set(ESEAL_EINVAL, "store: missing name");
  size_t len = strlen(name);
  if (len == 0 || len > ESEAL_STORAGE_MAX_NAME)
    return eseal__error_set(ESEAL_EINVAL, "store: the name must have 1 to %u characters",
                            ESEAL_STORAGE_MAX_NAME);
  for (size_t i = 0; i < len; i++) {
    char c = name[i];
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    if (!ok)
      return eseal__error_set(ESEAL_EINVAL,
                              "store: name character %zu is not one of [A-Za-z0-9._-]", i + 1);
  }
  return 0;
}

/* Every function of the table, for the completeness check. */
static int backend_complete(const eseal_storage_backend *b) {
  return b->begin && b->commit && b->rollback && b->kv_get && b->kv_put && b->kv_delete &&
         b->kv_scan && b->counter_add && b->log_append && b->log_get && b->log_size && b->close;
}

/* Wraps a checked backend; on failure the caller keeps the backend. */
static int store_wrap(eseal_store **out, eseal_storage_backend *backend) {
  eseal_store *store = eseal__calloc(1, sizeof *store);
  if (store == NULL)
    return eseal__error_oom();
  if (pthread_mutex_init(&store->group_lock, NULL) != 0) {
    eseal__free(store);
    return eseal__error_set(ESEAL_ERROR, "store: cannot create a mutex");
  }
  if (pthread_cond_init(&store->group_done, NULL) != 0) {
    pthread_mutex_destroy(&store->group_lock);
    eseal__free(store);
    return eseal__error_set(ESEAL_ERROR, "store: cannot create a condition variable");
  }
  store->backend = backend;
  *out = store;
  return 0;
}

ESEAL_EXTERN(int) eseal_store_from_backend(eseal_store **out, eseal_storage_backend *backend) {
  if (out == NULL || backend == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_store_from_backend: NULL argument");
  *out = NULL;
  if (backend->version == 0 || backend->version > ESEAL_STORAGE_BACKEND_VERSION)
    return eseal__error_set(ESEAL_EVERSION,
                            "eseal_store_from_backend: storage backend version %u (this "
                            "library knows 1..%u)",
                            backend->version, ESEAL_STORAGE_BACKEND_VERSION);
  if (!backend_complete(backend))
    return eseal__error_set(ESEAL_EINVAL,
                            "eseal_store_from_backend: the backend table misses a function");
  return store_wrap(out, backend);
}

/* Wraps a built-in backend, closing it when that fails. */
static int store_builtin(eseal_store **out, eseal_storage_backend *backend) {
  int rc = store_wrap(out, backend);
  if (rc != 0)
    backend->close(backend);
  return rc;
}

ESEAL_EXTERN(int) eseal_store_open_memory(eseal_store **out) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_store_open_memory: NULL argument");
  *out = NULL;
  eseal_storage_backend *backend;
  int rc = eseal__memory_backend_new(&backend);
  return rc != 0 ? rc : store_builtin(out, backend);
}

ESEAL_EXTERN(int) eseal_store_open_sqlite(eseal_store **out, const char *path) {
  if (out == NULL || path == NULL || path[0] == '\0')
    return eseal__error_set(ESEAL_EINVAL, "eseal_store_open_sqlite: missing store or path");
  *out = NULL;
  eseal_storage_backend *backend;
  int rc = eseal__sqlite_backend_new(&backend, path);
  return rc != 0 ? rc : store_builtin(out, backend);
}

ESEAL_EXTERN(int) eseal_store_open_postgresql(eseal_store **out, const char *conninfo) {
  if (out == NULL || conninfo == NULL)
    return eseal__error_set(ESEAL_EINVAL,
                            "eseal_store_open_postgresql: missing store or connection string");
  *out = NULL;
  eseal_storage_backend *backend;
  int rc = eseal__postgresql_backend_new(&backend, conninfo);
  return rc != 0 ? rc : store_builtin(out, backend);
}

ESEAL_EXTERN(void) eseal_store_free(eseal_store *store) {
  if (store == NULL)
    return;
  store->backend->close(store->backend);
  pthread_cond_destroy(&store->group_done);
  pthread_mutex_destroy(&store->group_lock);
  eseal__free(store);
}

ESEAL_EXTERN(const char *) eseal_store_backend_name(const eseal_store *store) {
  if (store == NULL || store->backend->name == NULL)
    return "";
  return store->backend->name;
}
