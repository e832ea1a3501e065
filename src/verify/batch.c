/*
 * eseal_verify_batch(): eseal_verify_bytes() over many inputs, run by a few
 * threads sharing one context. Threads take the next input from a shared
 * counter; each report lands in its input's slot, so order never depends on
 * scheduling.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eseal/errors.h"
#include "eseal/verify.h"
#include "../core/error.h"

typedef struct batch {
  eseal_report **reports;
  const eseal_ctx *ctx;
  const uint8_t *const *inputs;
  const size_t *lens;
  const eseal_data *const *data;
  size_t n;
  const eseal_verify_options *opts;
  atomic_size_t next;
  /* The first failed input in input order, with its error copied out of the
   * failing thread's slot. */
  pthread_mutex_t lock;
  size_t failed; /* n when none */
  int code;
  char message[512];
} batch;

static void record_failure(batch *b, size_t i, int rc) {
  const eseal_error *e = eseal_error_last();
  pthread_mutex_lock(&b->lock);
  if (i < b->failed) {
    b->failed = i;
    b->code = rc;
    snprintf(b->message, sizeof b->message, "%s", e ? e->message : "failed");
  }
  pthread_mutex_unlock(&b->lock);
}

static void *work(void *arg) {
  batch *b = arg;
  size_t i;
  while ((i = atomic_fetch_add(&b->next, 1)) < b->n) {
    int rc = eseal_verify_bytes(&b->reports[i], b->ctx, b->inputs[i], b->lens[i],
                                b->data ? b->data[i] : NULL, b->opts);
    if (rc)
      record_failure(b, i, rc);
  }
  return NULL;
}

/* The number of threads to run for `jobs` over `n` inputs. */
static size_t thread_count(unsigned int jobs, size_t n) {
  size_t want = jobs;
  if (want == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    want = cpus > 0 ? (size_t)cpus : 1;
  }
  if (want > ESEAL_VERIFY_BATCH_MAX_JOBS)
    want = ESEAL_VERIFY_BATCH_MAX_JOBS;
  return want < n ? want : n;
}

ESEAL_EXTERN(int) eseal_verify_batch(eseal_report **reports, const eseal_ctx *ctx,
                                     const uint8_t *const *inputs, const size_t *lens,
                                     const eseal_data *const *data, size_t n, unsigned int jobs,
                                     const eseal_verify_options *opts) {
  if (n == 0)
    return 0;
  if (reports == NULL || ctx == NULL || inputs == NULL || lens == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_batch: NULL argument");
  for (size_t i = 0; i < n; i++)
    reports[i] = NULL;
  batch b = {.reports = reports, .ctx = ctx, .inputs = inputs, .lens = lens, .data = data,
             .n = n, .opts = opts, .failed = n};
  atomic_init(&b.next, 0);
  if (pthread_mutex_init(&b.lock, NULL) != 0)
    return eseal__error_set(ESEAL_ERROR, "eseal_verify_batch: cannot make a lock");
  pthread_t threads[ESEAL_VERIFY_BATCH_MAX_JOBS];
  size_t started = 0, wanted = thread_count(jobs, n);
  /* The calling thread works too; a thread that cannot start leaves its share to the others. */
  while (started + 1 < wanted && pthread_create(&threads[started], NULL, work, &b) == 0)
    started++;
  work(&b);
  for (size_t t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  pthread_mutex_destroy(&b.lock);
  if (b.failed == n)
    return 0;
  for (size_t i = 0; i < n; i++) {
    eseal_report_free(reports[i]);
    reports[i] = NULL;
  }
  return eseal__error_set(b.code, "input %zu: %s", b.failed, b.message);
}
