/*
 * eseal verify over many files. Worker threads read and verify files with
 * the shared context and leave each report in the file's slot; the calling
 * thread prints the slots in input order, so the output is the same for any
 * --jobs. Workers run at most a window of files ahead of the printer, so
 * memory stays bounded however long the list. OFD packages and stdin print
 * as they verify, so the printing thread does them itself.
 */
#include "verify_batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "core/error.h"
#include "core/file.h"
#include "core/text.h"
#include "ofd_verify_cmd.h"
#include "verify_cmd.h"

/* How many files workers may verify ahead of the printer, per job. */
#define WINDOW_PER_JOB 4

typedef struct slot {
  int done;
  /* The printing thread verifies it (an OFD package, stdin). */
  int deferred;
  eseal_buf input;
  eseal_report *report;
  /* No report: the error, copied out of the worker's thread-local slot. */
  int code;
  char message[512];
} slot;

typedef struct batch {
  const cli_file_list *files;
  const eseal_ctx *ctx;
  const eseal_data *data;
  const eseal_verify_options *vo;
  slot *slots;
  int next, printed, window;
  pthread_mutex_t lock;
  pthread_cond_t changed;
} batch;

static void keep_error(slot *s, int code) {
  const eseal_error *e = eseal_error_last();
  s->code = code;
  snprintf(s->message, sizeof s->message, "%s", e ? e->message : "failed");
}

/* Everything of file i that needs no printing: read, and verified unless an OFD package. */
static void verify_one(batch *b, int i) {
  const char *path = b->files->paths[i];
  slot *s = &b->slots[i];
  int rc;
  /* One open and read per file: a package is recognised by the bytes read
     (then verified from the file, as the path is, whatever its size), or by
     its first bytes when it is too large to read whole. */
  if (strcmp(path, "-") == 0)
    s->deferred = 1;
  else if (cli_info("verify", "reading %s", path), (rc = eseal__read_file(&s->input, path)) != 0) {
    if (rc == ESEAL_ELIMIT && ofd_cli_is_package(path))
      s->deferred = 1;
    else
      keep_error(s, rc);
  } else if (ofd_cli_starts_like_package(s->input.ptr, s->input.size)) {
    s->deferred = 1;
    eseal_buf_dispose(&s->input);
  } else if ((rc = eseal_verify_bytes(&s->report, b->ctx, s->input.ptr, s->input.size, b->data,
                                    b->vo)) != 0)
    keep_error(s, rc);
  if (!s->deferred)
    eseal_buf_dispose(&s->input);
}

static void *work(void *arg) {
  batch *b = arg;
  pthread_mutex_lock(&b->lock);
  for (;;) {
    while (b->next < b->files->count && b->next >= b->printed + b->window)
      pthread_cond_wait(&b->changed, &b->lock);
    if (b->next >= b->files->count)
      break;
    int i = b->next++;
    pthread_mutex_unlock(&b->lock);
    verify_one(b, i);
    pthread_mutex_lock(&b->lock);
    b->slots[i].done = 1;
    pthread_cond_broadcast(&b->changed);
  }
  pthread_mutex_unlock(&b->lock);
  return NULL;
}

/* Verifies a deferred file here and prints its report: an OFD package, or stdin. */
static int verify_here(batch *b, const char *path, slot *s, int json) {
  int rc;
  if (s->input.ptr == NULL && strcmp(path, "-") != 0)
    return ofd_cli_verify(b->ctx, path, NULL, b->vo, json);
  if (s->input.ptr == NULL && (rc = cli_read_input("verify", path, &s->input)) != 0)
    return rc;
  if (eseal_ofd_sniff(s->input.ptr, s->input.size))
    return ofd_cli_verify(b->ctx, path, &s->input, b->vo, json);
  if (eseal_verify_bytes(&s->report, b->ctx, s->input.ptr, s->input.size, b->data, b->vo))
    return cli_fail("verify", path);
  return verify_print(s->report, json);
}

/* Prints file i's report (verifying it first when deferred); its exit status. */
static int print_one(batch *b, int i, int json) {
  const char *path = b->files->paths[i];
  slot *s = &b->slots[i];
  int rc;
  if (b->files->count > 1 && !json && !cli_quiet) {
    /* The path comes from the command line or a list: escaped, as every outside text. */
    fputs(i ? "\nFile: " : "File: ", stdout);
    eseal__text_escape_fputs(stdout, path);
    fputc('\n', stdout);
  }
  if (s->deferred)
    rc = verify_here(b, path, s, json);
  else if (s->report)
    rc = verify_print(s->report, json);
  else {
    /* The worker's error, raised again on this thread for cli_fail(). */
    eseal__error_set(s->code, "%s", s->message);
    rc = cli_fail("verify", path);
  }
  /* A file that could not be verified still has its line. */
  if (json && !cli_quiet && (rc == EXIT_ERROR || rc == EXIT_USAGE))
    puts("null");
  eseal_report_free(s->report);
  eseal_buf_dispose(&s->input);
  return rc;
}

/* The worse of two exit statuses: error, then TOTAL_FAILED, then INDETERMINATE. */
static int worse(int a, int b) {
  static const int rank[] = {[EXIT_PASSED] = 0, [EXIT_INDETERMINATE] = 1, [EXIT_FAILED] = 2};
  int ra = a <= EXIT_INDETERMINATE ? rank[a] : 3, rb = b <= EXIT_INDETERMINATE ? rank[b] : 3;
  return rb > ra || (rb == ra && b > a) ? b : a;
}

int cli_verify_batch(const cli_file_list *files, const eseal_ctx *ctx, const eseal_data *data,
                     const eseal_verify_options *vo, int json, int jobs) {
  batch b = {.files = files, .ctx = ctx, .data = data, .vo = vo,
             .window = jobs * WINDOW_PER_JOB};
  b.slots = calloc((size_t)files->count, sizeof *b.slots);
  if (b.slots == NULL) {
    fprintf(stderr, "eseal verify: out of memory\n");
    return EXIT_ERROR;
  }
  pthread_mutex_init(&b.lock, NULL);
  pthread_cond_init(&b.changed, NULL);
  pthread_t threads[ESEAL_VERIFY_BATCH_MAX_JOBS];
  int started = 0;
  /* With one job the printing thread verifies each file just before printing it. */
  while (jobs > 1 && started < jobs && pthread_create(&threads[started], NULL, work, &b) == 0)
    started++;
  int rc = EXIT_PASSED;
  for (int i = 0; i < files->count; i++) {
    if (started == 0)
      verify_one(&b, i);
    pthread_mutex_lock(&b.lock);
    while (started && !b.slots[i].done)
      pthread_cond_wait(&b.changed, &b.lock);
    pthread_mutex_unlock(&b.lock);
    rc = worse(rc, print_one(&b, i, json));
    pthread_mutex_lock(&b.lock);
    b.printed = i + 1;
    pthread_cond_broadcast(&b.changed);
    pthread_mutex_unlock(&b.lock);
  }
  for (int t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  pthread_cond_destroy(&b.changed);
  pthread_mutex_destroy(&b.lock);
  free(b.slots);
  return rc;
}
