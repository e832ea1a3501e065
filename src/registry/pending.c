/* Stamp intents without a completion: what a crash between the stamping phases leaves. */
#include <stdlib.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/arena.h"
#include "../core/error.h"
#include "../usage_log/record.h"
#include "../usage_log/usage_log.h"
#include "record.h"

/* Marks each intent open, and closes it when its completion comes (always later in the log). */
static int mark(eseal__txn *txn, const char *tenant, uint64_t size, uint8_t *open) {
  for (uint64_t i = 0; i < size; i++) {
    eseal_buf rec = ESEAL_BUF_INIT;
    eseal__arena arena = {0};
    eseal__urecord r;
    int rc = eseal__txn_log_get(txn, tenant, ESEAL__USAGE_LOG, i, &rec);
    if (rc == 0 && eseal__urecord_decode(rec.ptr, rec.size, &r, &arena) != 0)
      rc = eseal__error_set(ESEAL_ETAMPERED, "usage record %llu of tenant %s does not decode",
                            (unsigned long long)i, tenant);
    if (rc == 0 && r.action == ESEAL_USAGE_STAMP_INTENT)
      open[i] = 1;
    if (rc == 0 && r.action == ESEAL_USAGE_STAMP_DONE && r.refers_to >= 1 && r.refers_to <= i)
      open[r.refers_to - 1] = 0;
    eseal__arena_release(&arena);
    eseal_buf_dispose(&rec);
    if (rc)
      return rc;
  }
  return 0;
}

ESEAL_EXTERN(int) eseal_registry_unfinished_stamps(const eseal_ctx *ctx, const char *tenant,
                                                   uint64_t *seqs, size_t cap, size_t *count) {
  if (ctx == NULL || count == NULL || (seqs == NULL && cap))
    return eseal__error_set(ESEAL_EINVAL, "eseal_registry_unfinished_stamps: NULL argument");
  *count = 0;
  if (eseal_ctx_store(ctx) == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the registry needs a context with a store");
  tenant = eseal__registry_tenant(tenant);
  eseal__txn *txn = NULL;
  uint64_t size = 0;
  uint8_t *open = NULL;
  int rc = eseal__store_begin(eseal_ctx_store(ctx), 0, &txn);
  if (rc == 0)
    rc = eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, &size);
  if (rc == 0 && size > SIZE_MAX - 1)
    rc = eseal__error_set(ESEAL_ELIMIT, "the usage log is too long to scan here");
  if (rc == 0 && (open = eseal__calloc(size ? (size_t)size : 1, 1)) == NULL)
    rc = eseal__error_oom();
  if (rc == 0)
    rc = mark(txn, tenant, size, open);
  eseal__txn_rollback(txn);
  for (uint64_t i = 0; rc == 0 && i < size; i++)
    if (open[i]) {
      if (*count < cap)
        seqs[*count] = i;
      (*count)++;
    }
  eseal__free(open);
  return rc;
}
