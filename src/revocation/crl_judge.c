/*
 * Judging one candidate CRL for the certificate: its scope and issuer, its
 * critical extensions, its numbers, its window against the time checked, and
 * its signature. The first check that fails says why the CRL is unusable.
 */
#include "crl_internal.h"

#include <stdarg.h>
#include <stdio.h>

#include <openssl/x509v3.h>

#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "../x509/cert_summary.h"

static int refuse(eseal__crl_view *v, const char *fmt, ...) ESEAL__PRINTF(2, 3);

static int refuse(eseal__crl_view *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v->why, sizeof v->why, fmt, ap);
  va_end(ap);
  return 0;
}

static int read_numbers(eseal__crl_view *v) {
  int crit = -1;
  v->number = X509_CRL_get_ext_d2i(v->crl, NID_crl_number, &crit, NULL);
  if (v->number == NULL && crit != -1)
    return refuse(v, "the cRLNumber cannot be read (or occurs twice)");
  crit = -1;
  v->base_number = X509_CRL_get_ext_d2i(v->crl, NID_delta_crl, &crit, NULL);
  if (v->base_number == NULL && crit != -1)
    return refuse(v, "the deltaCRLIndicator cannot be read (or occurs twice)");
  v->is_delta = v->base_number != NULL;
  if (v->is_delta && v->number == NULL)
    return refuse(v, "a delta CRL without a cRLNumber");
  return 1;
}

static int read_window(eseal__crl_view *v, const eseal__crl_subject *s) {
  const ASN1_TIME *next = X509_CRL_get0_nextUpdate(v->crl);
  if (eseal__crl_time(X509_CRL_get0_lastUpdate(v->crl), &v->this_update) != 0)
    return refuse(v, "thisUpdate is not a DER UTCTime or GeneralizedTime");
  if (next != NULL && eseal__crl_time(next, &v->next_update) != 0)
    return refuse(v, "nextUpdate is not a DER UTCTime or GeneralizedTime");
  if (next != NULL && v->next_update < v->this_update)
    return refuse(v, "nextUpdate is before thisUpdate");
  if (v->this_update > s->at + s->skew) {
    char when[21];
    eseal__time_format_iso(v->this_update, when);
    return refuse(v, "thisUpdate %s is after the time checked (a CRL from the future)", when);
  }
  v->current = next == NULL || v->next_update >= s->at - s->skew;
  return 1;
}

int eseal__crl_judge(eseal__crl_view *v, const eseal__crl_subject *s) {
  int indirect = 0, all_reasons = 0;
  eseal__name_text(v->issuer_text, sizeof v->issuer_text, X509_CRL_get_issuer(v->crl));
  /* The numbers first: they name the CRL in messages. */
  int rc = read_numbers(v);
  if (rc == 1)
    rc = eseal__crl_scope(v, s, &indirect, &all_reasons);
  if (rc == 1 && eseal__crl_unknown_critical(v->crl, v->why, sizeof v->why))
    rc = 0;
  if (rc == 1)
    rc = read_window(v, s);
  if (rc == 1)
    rc = eseal__crl_authentic(v, s, indirect);
  if (rc != 1)
    return rc < 0 ? rc : 0;
  v->all_reasons = all_reasons;
  v->usable = 1;
  return 0;
}
