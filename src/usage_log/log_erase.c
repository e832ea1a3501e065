/* eseal_usage_log_erase_operator(): delete clear personal values, keep every record and proof. */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/usage_log.h"
#include "../core/error.h"
#include "log_tree.h"
#include "pseudonym.h"
#include "record.h"
#include "usage_log.h"

typedef struct erase_job {
  const char *tenant;
  const char *operator_id;
  size_t erased;
} erase_job;

/* Erases the clear location of record `seq` when it is one of the operator's records. */
static int erase_location_of(eseal__txn *txn, erase_job *job, uint64_t seq,
                             const uint8_t op[32]) {
  eseal_buf bytes = ESEAL_BUF_INIT;
  eseal__arena arena = {0};
  eseal__urecord r;
  int rc = eseal__txn_log_get(txn, job->tenant, ESEAL__USAGE_LOG, seq, &bytes);
  if (rc == 0 && eseal__urecord_decode(bytes.ptr, bytes.size, &r, &arena) != 0)
    rc = eseal__error_prefix(ESEAL_ETAMPERED, "usage log: a stored record does not decode");
  if (rc == 0 && r.operator_ps && r.location_ps && memcmp(r.operator_ps, op, 32) == 0) {
    rc = eseal__ps_erase(txn, job->tenant, r.location_ps);
    if (rc == 0)
      job->erased++;
    else if (rc == ESEAL_ENOTFOUND) /* erased with an earlier record */
      rc = 0;
  }
  eseal_buf_dispose(&bytes);
  eseal__arena_release(&arena);
  return rc;
}

static int erase(eseal__txn *txn, void *arg) {
  erase_job *job = arg;
  uint8_t op[32];
  uint64_t size;
  job->erased = 0; /* a grouped job may run again */
  int rc = eseal__ps_find(txn, job->tenant, ESEAL__PS_OPERATOR, (const uint8_t *)job->operator_id,
                          strlen(job->operator_id), op);
  if (rc == ESEAL_ENOTFOUND)
    return eseal__error_set(ESEAL_ENOTFOUND, "usage log: no clear personal data of that operator");
  if (rc == 0)
    rc = eseal__txn_log_size(txn, job->tenant, ESEAL__USAGE_LOG, &size);
  for (uint64_t seq = 0; rc == 0 && seq < size; seq++)
    rc = erase_location_of(txn, job, seq, op);
  if (rc == 0 && (rc = eseal__ps_erase(txn, job->tenant, op)) == 0)
    job->erased++;
  return rc;
}

ESEAL_EXTERN(int) eseal_usage_log_erase_operator(size_t *erased, eseal_store *store,
                                                 const char *tenant, const char *operator_id) {
  if (store == NULL || operator_id == NULL || operator_id[0] == '\0')
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_log_erase_operator: no operator");
  if (eseal_store_check_name(tenant) != 0)
    return eseal__error_prefix(ESEAL_EINVAL, "usage log tenant");
  erase_job job = {tenant, operator_id, 0};
  int rc = eseal__store_run_grouped(store, erase, &job);
  if (rc == 0 && erased)
    *erased = job.erased;
  return rc;
}
