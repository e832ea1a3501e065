/* The eseal_store and eseal__txn structs, shared by the files of src/storage/. */
#ifndef ESEAL_STORAGE_STORE_IMPL_H
#define ESEAL_STORAGE_STORE_IMPL_H

#include <pthread.h>

#include "store.h"

typedef struct eseal__group_req eseal__group_req;

struct eseal_store {
  eseal_storage_backend *backend;
  /* Group commit (group_commit.c): callers queue here; one at a time leads. */
  pthread_mutex_t group_lock;
  pthread_cond_t group_done;
  eseal__group_req *queue_head;
  eseal__group_req *queue_tail;
  int leader_active;
};

struct eseal__txn {
  eseal_store *store;
  void *handle; /* the backend's */
  int writable;
};

/* The built-in backends; each returns a table the store owns (closed through close()). */
int eseal__memory_backend_new(eseal_storage_backend **out);
int eseal__sqlite_backend_new(eseal_storage_backend **out, const char *path);
/* ESEAL_EUNSUPPORTED when built without libpq (postgresql_none.c). */
int eseal__postgresql_backend_new(eseal_storage_backend **out, const char *conninfo);

#endif
