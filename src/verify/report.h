/* The eseal_report object and how the verification steps fill it. */
#ifndef ESEAL_VERIFY_REPORT_H
#define ESEAL_VERIFY_REPORT_H

#include "eseal/report.h"
#include "../codec/model.h"
#include "../core/arena.h"
#include "../core/error.h"

/* Each check id appears once per report: 22 signature checks (doc/verification.md)
 * and 10 OFD ones (doc/ofd.md) make 32, which is where this limit stood until
 * seal.filing made it one short; twice that leaves room for new checks. */
#define ESEAL__REPORT_MAX_CHECKS 64
#define ESEAL__REPORT_MAX_FACTS 16

typedef struct eseal__check {
  const char *id;
  eseal_check_status status;
  /* What the check leads to: TOTAL_PASSED when it does not stand in the way. */
  eseal_indication indication;
  eseal_sub_indication sub;
  char *message;
} eseal__check;

typedef struct eseal__evidence {
  eseal_cert *cert;
  const char *role;
} eseal__evidence;

/* A CRL, OCSP response or timestamp token the checks used. */
typedef struct eseal__validation_object {
  const char *kind;
  uint8_t *der;
  size_t len;
  char *about;
} eseal__validation_object;

typedef struct eseal__fact {
  const char *key;
  char *value;
} eseal__fact;

struct eseal_report {
  eseal__arena arena;
  eseal_kind kind;
  eseal_indication indication;
  eseal_sub_indication sub;
  eseal__check checks[ESEAL__REPORT_MAX_CHECKS];
  size_t check_count;
  /* Indexed by eseal_report_time. */
  int64_t times[5];
  int has_time[5];
  /* NULL when the input did not parse. */
  eseal_warnings *warnings;
  /* Every certificate used, however deep the chain: grown on demand. */
  eseal__evidence *certs;
  size_t cert_count;
  size_t cert_capacity;
  /* Validation data: grown on demand, each DER once. */
  eseal__validation_object *validation;
  size_t validation_count;
  size_t validation_capacity;
  /* What was verified (format, esID, names), for people. */
  eseal__fact facts[ESEAL__REPORT_MAX_FACTS];
  size_t fact_count;
  /* Sticky: an allocation failed while the report was filled. */
  int failed;
};

int eseal__report_new(eseal_report **out, eseal_kind kind);

/*
 * Appends a check. A NOT_OK check (or a SKIPPED one that leaves the result
 * open) names the indication and sub-indication it leads to.
 */
void eseal__report_check(eseal_report *r, const char *id, eseal_check_status status,
                         eseal_indication indication, eseal_sub_indication sub, const char *fmt,
                         ...) ESEAL__PRINTF(6, 7);

/* Shorthands for the common cases. */
#define eseal__report_ok(r, id, ...) \
  eseal__report_check(r, id, ESEAL_CHECK_OK, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, __VA_ARGS__)
#define eseal__report_fail(r, id, sub, ...) \
  eseal__report_check(r, id, ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, sub, __VA_ARGS__)

void eseal__report_time(eseal_report *r, eseal_report_time which, int64_t utc);
/* Sets a fact for people; a key already there gets the new value. */
void eseal__report_fact(eseal_report *r, const char *key, const char *value);
void eseal__report_cert(eseal_report *r, const char *role, const eseal_cert *cert);
/* Keeps a copy of a CRL, OCSP response or token (`kind` a static string); once per DER. */
void eseal__report_validation(eseal_report *r, const char *kind, const uint8_t *der, size_t len,
                              const char *about);
void eseal__report_warnings(eseal_report *r, const eseal_warnings *w);

/*
 * Sets the main indication from the checks: the first TOTAL_FAILED, else the
 * first INDETERMINATE, else TOTAL_PASSED. ESEAL_ENOMEM when filling failed.
 */
int eseal__report_conclude(eseal_report *r);

#endif
