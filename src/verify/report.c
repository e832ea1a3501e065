#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../x509/cert.h"

int eseal__report_new(eseal_report **out, eseal_kind kind) {
  *out = eseal__calloc(1, sizeof **out);
  if (*out == NULL)
    return eseal__error_oom();
  (*out)->kind = kind;
  return 0;
}

void eseal__report_check(eseal_report *r, const char *id, eseal_check_status status,
                         eseal_indication indication, eseal_sub_indication sub, const char *fmt,
                         ...) {
  if (r->check_count == ESEAL__REPORT_MAX_CHECKS) {
    r->failed = 1;
    return;
  }
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  eseal__check *c = &r->checks[r->check_count];
  c->message = eseal__arena_strdup(&r->arena, text);
  if (c->message == NULL) {
    r->failed = 1;
    return;
  }
  c->id = id;
  c->status = status;
  c->indication = indication;
  c->sub = indication == ESEAL_TOTAL_PASSED ? ESEAL_SUB_NONE : sub;
  r->check_count++;
}

void eseal__report_time(eseal_report *r, eseal_report_time which, int64_t utc) {
  if (which >= ESEAL_TIME_VALIDATION && which <= ESEAL_TIME_BEST_SIGNATURE) {
    r->times[which] = utc;
    r->has_time[which] = 1;
  }
}

void eseal__report_fact(eseal_report *r, const char *key, const char *value) {
  if (value == NULL)
    return;
  size_t i = 0;
  while (i < r->fact_count && strcmp(r->facts[i].key, key) != 0)
    i++;
  if (i == ESEAL__REPORT_MAX_FACTS) {
    r->failed = 1;
    return;
  }
  char *copy = eseal__arena_strdup(&r->arena, value);
  if (copy == NULL) {
    r->failed = 1;
    return;
  }
  r->facts[i].key = key;
  r->facts[i].value = copy;
  if (i == r->fact_count)
    r->fact_count++;
}

void eseal__report_cert(eseal_report *r, const char *role, const eseal_cert *cert) {
  if (cert == NULL)
    return;
  /* The same certificate under the same role once, whichever object carries it
     (a cached chain's, or one wrapped for this report). */
  for (size_t i = 0; i < r->cert_count; i++)
    if (strcmp(r->certs[i].role, role) == 0 &&
        (r->certs[i].cert == cert || (r->certs[i].cert->der_len == cert->der_len &&
                                      memcmp(r->certs[i].cert->der, cert->der, cert->der_len) == 0)))
      return;
  if (r->cert_count == r->cert_capacity) {
    /* Evidence that cannot be kept fails the report rather than go missing. */
    size_t capacity = r->cert_capacity ? 2 * r->cert_capacity : 8;
    eseal__evidence *grown = eseal__realloc(r->certs, r->cert_capacity * sizeof *grown,
                                            capacity * sizeof *grown);
    if (grown == NULL) {
      r->failed = 1;
      return;
    }
    r->certs = grown;
    r->cert_capacity = capacity;
  }
  r->certs[r->cert_count].cert = eseal_cert_ref(cert);
  r->certs[r->cert_count++].role = role;
}

void eseal__report_validation(eseal_report *r, const char *kind, const uint8_t *der, size_t len,
                              const char *about) {
  if (der == NULL || len == 0)
    return;
  for (size_t i = 0; i < r->validation_count; i++)
    if (r->validation[i].len == len && strcmp(r->validation[i].kind, kind) == 0 &&
        memcmp(r->validation[i].der, der, len) == 0)
      return;
  if (r->validation_count == r->validation_capacity) {
    size_t capacity = r->validation_capacity ? 2 * r->validation_capacity : 4;
    eseal__validation_object *grown =
        eseal__realloc(r->validation, r->validation_capacity * sizeof *grown,
                       capacity * sizeof *grown);
    if (grown == NULL) {
      r->failed = 1;
      return;
    }
    r->validation = grown;
    r->validation_capacity = capacity;
  }
  eseal__validation_object *o = &r->validation[r->validation_count];
  o->kind = kind;
  o->der = eseal__arena_alloc(&r->arena, len);
  o->about = eseal__arena_strdup(&r->arena, about ? about : "");
  if (o->der == NULL || o->about == NULL) {
    r->failed = 1;
    return;
  }
  memcpy(o->der, der, len);
  o->len = len;
  r->validation_count++;
}

void eseal__report_warnings(eseal_report *r, const eseal_warnings *w) {
  r->warnings = eseal__arena_alloc(&r->arena, sizeof *r->warnings);
  if (r->warnings == NULL) {
    r->failed = 1;
    return;
  }
  for (size_t i = 0; w && i < w->count; i++)
    if (eseal__warnings_add(r->warnings, &r->arena, w->items[i].id, w->items[i].path,
                            w->items[i].message) != 0) {
      r->failed = 1;
      return;
    }
}

int eseal__report_conclude(eseal_report *r) {
  if (r->failed)
    return eseal__error_oom();
  r->indication = ESEAL_TOTAL_PASSED;
  r->sub = ESEAL_SUB_NONE;
  for (int pass = 0; pass < 2 && r->indication == ESEAL_TOTAL_PASSED; pass++) {
    eseal_indication wanted = pass == 0 ? ESEAL_TOTAL_FAILED : ESEAL_INDETERMINATE;
    for (size_t i = 0; i < r->check_count; i++)
      if (r->checks[i].indication == wanted) {
        r->indication = wanted;
        r->sub = r->checks[i].sub;
        break;
      }
  }
  return 0;
}

ESEAL_EXTERN(void) eseal_report_free(eseal_report *report) {
  if (report == NULL)
    return;
  for (size_t i = 0; i < report->cert_count; i++)
    eseal_cert_free(report->certs[i].cert);
  eseal__free(report->certs);
  eseal__free(report->validation);
  eseal__arena_release(&report->arena);
  eseal__free(report);
}

ESEAL_EXTERN(eseal_indication) eseal_report_indication(const eseal_report *report) {
  return report ? report->indication : ESEAL_INDETERMINATE;
}

ESEAL_EXTERN(eseal_sub_indication) eseal_report_sub_indication(const eseal_report *report) {
  return report ? report->sub : ESEAL_SUB_NONE;
}

ESEAL_EXTERN(const char *) eseal_indication_name(eseal_indication indication) {
  switch (indication) {
  case ESEAL_TOTAL_PASSED: return "TOTAL_PASSED";
  case ESEAL_TOTAL_FAILED: return "TOTAL_FAILED";
  case ESEAL_INDETERMINATE: return "INDETERMINATE";
  }
  return "UNKNOWN";
}

ESEAL_EXTERN(const char *) eseal_sub_indication_name(eseal_sub_indication sub) {
  static const char *const names[] = {
      "",
      "FORMAT_FAILURE",
      "HASH_FAILURE",
      "SIG_CRYPTO_FAILURE",
      "REVOKED",
      "EXPIRED",
      "NOT_YET_VALID",
      "NO_CERTIFICATE_CHAIN_FOUND",
      "CHAIN_CONSTRAINTS_FAILURE",
      "SIG_CONSTRAINTS_FAILURE",
      "CRYPTO_CONSTRAINTS_FAILURE",
      "SIGNED_DATA_NOT_FOUND",
      "TRY_LATER",
      "OUT_OF_BOUNDS_NO_POE",
      "REVOKED_NO_POE",
      "REVOKED_CA_NO_POE",
  };
  return (size_t)sub < sizeof names / sizeof names[0] ? names[sub] : "UNKNOWN";
}

ESEAL_EXTERN(const char *) eseal_check_status_name(eseal_check_status status) {
  switch (status) {
  case ESEAL_CHECK_OK: return "OK";
  case ESEAL_CHECK_NOT_OK: return "NOT_OK";
  case ESEAL_CHECK_WARNING: return "WARNING";
  case ESEAL_CHECK_INFO: return "INFO";
  case ESEAL_CHECK_SKIPPED: return "SKIPPED";
  }
  return "UNKNOWN";
}

ESEAL_EXTERN(eseal_kind) eseal_report_kind(const eseal_report *report) {
  return report ? report->kind : ESEAL_KIND_UNKNOWN;
}

ESEAL_EXTERN(size_t) eseal_report_check_count(const eseal_report *report) {
  return report ? report->check_count : 0;
}

static const eseal__check *check_at(const eseal_report *r, size_t i) {
  return r && i < r->check_count ? &r->checks[i] : NULL;
}

ESEAL_EXTERN(const char *) eseal_report_check_id(const eseal_report *report, size_t i) {
  const eseal__check *c = check_at(report, i);
  return c ? c->id : NULL;
}

ESEAL_EXTERN(eseal_check_status) eseal_report_check_status(const eseal_report *report, size_t i) {
  const eseal__check *c = check_at(report, i);
  return c ? c->status : ESEAL_CHECK_SKIPPED;
}

ESEAL_EXTERN(eseal_indication) eseal_report_check_indication(const eseal_report *report,
                                                              size_t i) {
  const eseal__check *c = check_at(report, i);
  return c ? c->indication : ESEAL_INDETERMINATE;
}

ESEAL_EXTERN(eseal_sub_indication) eseal_report_check_sub_indication(const eseal_report *report,
                                                                      size_t i) {
  const eseal__check *c = check_at(report, i);
  return c ? c->sub : ESEAL_SUB_NONE;
}

ESEAL_EXTERN(const char *) eseal_report_check_message(const eseal_report *report, size_t i) {
  const eseal__check *c = check_at(report, i);
  return c ? c->message : NULL;
}

ESEAL_EXTERN(long) eseal_report_find_check(const eseal_report *report, const char *id) {
  for (size_t i = 0; report && id && i < report->check_count; i++)
    if (strcmp(report->checks[i].id, id) == 0)
      return (long)i;
  return -1;
}

ESEAL_EXTERN(int) eseal_report_time_get(const eseal_report *report, eseal_report_time which,
                                        int64_t *utc_seconds) {
  if (report == NULL || utc_seconds == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_report_time_get: NULL argument");
  if (which < ESEAL_TIME_VALIDATION || which > ESEAL_TIME_BEST_SIGNATURE ||
      !report->has_time[which])
    return eseal__error_set(ESEAL_ENOTFOUND, "this time is not known");
  *utc_seconds = report->times[which];
  return 0;
}

ESEAL_EXTERN(const eseal_warnings *) eseal_report_warnings(const eseal_report *report) {
  return report ? report->warnings : NULL;
}

ESEAL_EXTERN(size_t) eseal_report_cert_count(const eseal_report *report) {
  return report ? report->cert_count : 0;
}

ESEAL_EXTERN(const eseal_cert *) eseal_report_cert(const eseal_report *report, size_t i) {
  return report && i < report->cert_count ? report->certs[i].cert : NULL;
}

ESEAL_EXTERN(const char *) eseal_report_cert_role(const eseal_report *report, size_t i) {
  return report && i < report->cert_count ? report->certs[i].role : NULL;
}

ESEAL_EXTERN(size_t) eseal_report_validation_count(const eseal_report *report) {
  return report ? report->validation_count : 0;
}

ESEAL_EXTERN(const char *) eseal_report_validation_kind(const eseal_report *report, size_t i) {
  return report && i < report->validation_count ? report->validation[i].kind : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_report_validation_der(const eseal_report *report, size_t i,
                                                          size_t *len) {
  int ok = report && i < report->validation_count;
  if (len)
    *len = ok ? report->validation[i].len : 0;
  return ok ? report->validation[i].der : NULL;
}

ESEAL_EXTERN(const char *) eseal_report_validation_about(const eseal_report *report, size_t i) {
  return report && i < report->validation_count ? report->validation[i].about : NULL;
}
