/*
 * Group commit. A durable commit costs an fsync; callers that arrive while
 * one is running share the next. Each caller queues a request; when no
 * leader is running, the caller becomes the leader, takes the whole queue,
 * runs every request's function inside one writable transaction and commits
 * once, then wakes the others. A caller whose request a leader took waits
 * until it is done; one whose request is still queued when the leader
 * finishes becomes the next leader.
 *
 * A failing function is taken out: the shared transaction is rolled back
 * (nothing of any request remains) and the rest run again in a new one.
 * Errors raised on the leader's thread are carried to the caller's thread.
 */
#include "store_impl.h"

#include <stdio.h>

#include "eseal/errors.h"
#include "../core/error.h"

/* The most requests one leader takes, so that one commit stays bounded. */
#define GROUP_MAX 512

struct eseal__group_req {
  eseal__txn_fn fn;
  void *arg;
  int result;
  int done;
  char message[512]; /* the error raised with `result`, for the caller's thread */
  eseal__group_req *next;
};

/* Records the outcome of a request and the thread's current error message
 * (`done` is set later, under the lock). */
static void finish(eseal__group_req *r, int rc) {
  r->result = rc;
  r->message[0] = '\0';
  if (rc != 0) {
    const eseal_error *e = eseal_error_last();
    snprintf(r->message, sizeof r->message, "%s",
             e != NULL && e->code == rc ? e->message : "grouped store transaction failed");
  }
}

/*
 * Runs the batch (an array of requests) in as few transactions as it takes:
 * one, unless functions fail. Records each request's outcome; the requests
 * belong to this leader until it marks them done under the lock. `batch` is
 * reordered.
 */
static void run_batch(eseal_store *store, eseal__group_req **batch, size_t n) {
  size_t live = n; /* batch[0..live) still to run */
  while (live > 0) {
    eseal__txn *txn;
    int rc = eseal__store_begin(store, 1, &txn);
    if (rc != 0) {
      for (size_t i = 0; i < live; i++)
        finish(batch[i], rc);
      return;
    }
    size_t failed = live;
    for (size_t i = 0; i < live && failed == live; i++) {
      rc = batch[i]->fn(txn, batch[i]->arg);
      if (rc != 0) {
        finish(batch[i], rc);
        failed = i;
      }
    }
    if (failed < live) {
      eseal__txn_rollback(txn);
      batch[failed] = batch[live - 1]; /* order within a group is not promised */
      live--;
      continue;
    }
    rc = eseal__txn_commit(txn);
    for (size_t i = 0; i < live; i++)
      finish(batch[i], rc);
    return;
  }
}

int eseal__store_run_grouped(eseal_store *store, eseal__txn_fn fn, void *arg) {
  if (store == NULL || fn == NULL)
    return eseal__error_set(ESEAL_EINVAL, "store: NULL argument to a grouped transaction");
  eseal__group_req self = {.fn = fn, .arg = arg};
  pthread_mutex_lock(&store->group_lock);
  if (store->queue_tail != NULL)
    store->queue_tail->next = &self;
  else
    store->queue_head = &self;
  store->queue_tail = &self;

  while (!self.done) {
    if (store->leader_active) {
      pthread_cond_wait(&store->group_done, &store->group_lock);
      continue;
    }
    /* Lead: take up to GROUP_MAX requests from the queue, ours among them. */
    store->leader_active = 1;
    eseal__group_req *batch[GROUP_MAX], *taken[GROUP_MAX];
    size_t n = 0;
    while (store->queue_head != NULL && n < GROUP_MAX) {
      taken[n] = store->queue_head;
      batch[n++] = store->queue_head;
      store->queue_head = store->queue_head->next;
    }
    if (store->queue_head == NULL)
      store->queue_tail = NULL;
    pthread_mutex_unlock(&store->group_lock);

    run_batch(store, batch, n);

    pthread_mutex_lock(&store->group_lock);
    for (size_t i = 0; i < n; i++)
      taken[i]->done = 1;
    store->leader_active = 0;
    pthread_cond_broadcast(&store->group_done);
  }
  pthread_mutex_unlock(&store->group_lock);
  if (self.result != 0)
    return eseal__error_set(self.result, "%s", self.message);
  return 0;
}
