/*
 * eseal__crl_status: judges every candidate CRL for the certificate, pairs
 * each usable complete CRL with the newest delta CRL that completes it, reads
 * what each says, and keeps the answer with the most information (REVOKED
 * over GOOD over UNUSABLE), naming the CRL that decided or why none could.
 */
#include "crl.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "crl_internal.h"

/* "the CRL of <issuer> number <n>" for messages. */
static void describe(char *out, size_t cap, const eseal__crl_view *v) {
  char *number = v->number ? i2s_ASN1_INTEGER(NULL, v->number) : NULL;
  snprintf(out, cap, "%s of %s %s%s", v->is_delta ? "the delta CRL" : "the CRL", v->issuer_text,
           number ? "number " : "without cRLNumber", number ? number : "");
  OPENSSL_free(number);
}

/* A newer complete CRL of the same scope, which says whether a hold still stands. */
static int superseded(const eseal__crl_view *base, const eseal__crl_view *views, int n) {
  for (int i = 0; i < n; i++) {
    const eseal__crl_view *w = &views[i];
    if (w != base && w->usable && !w->is_delta && w->number && base->number &&
        ASN1_INTEGER_cmp(w->number, base->number) > 0 &&
        eseal__crl_same_scope(w->crl, base->crl))
      return 1;
  }
  return 0;
}

/* The newest usable delta CRL that completes `base`, or NULL. */
static const eseal__crl_view *delta_for(const eseal__crl_view *base, const eseal__crl_view *views,
                                        int n) {
  const eseal__crl_view *best = NULL;
  for (int i = 0; i < n; i++)
    if (views[i].usable && eseal__crl_delta_fits(base, &views[i]) &&
        (best == NULL || ASN1_INTEGER_cmp(views[i].number, best->number) > 0))
      best = &views[i];
  return best;
}

static void set_revoked(eseal__rev_answer *a, const eseal__crl_entry *e) {
  a->status = ESEAL__REV_REVOKED;
  a->revocation_time = e->revoked_at;
  a->reason = e->reason;
  a->invalidity_date = e->invalidity_date;
}

/* What a complete CRL, with the delta that completes it (or NULL), says. */
static void answer_pair(const eseal__crl_view *base, const eseal__crl_view *delta,
                        const eseal__crl_view *views, int n, X509 *cert, eseal__rev_answer *a) {
  eseal__crl_entry in_base, in_delta = {.listed = 0, .reason = -1};
  eseal__crl_entry_find(base->crl, cert, &in_base);
  if (delta)
    eseal__crl_entry_find(delta->crl, cert, &in_delta);
  const eseal__crl_view *latest = delta ? delta : base;
  char name[300];
  describe(name, sizeof name, base);
  if (delta) {
    char *number = i2s_ASN1_INTEGER(NULL, delta->number);
    size_t used = strlen(name);
    snprintf(name + used, sizeof name - used, " with delta CRL number %s", number ? number : "?");
    OPENSSL_free(number);
  }
  snprintf(a->source, sizeof a->source, "%s", delta ? "delta-crl" : "crl");
  a->this_update = latest->this_update;
  /* The answer (and so its cached copy) holds only while both CRLs do. */
  a->next_update = latest->next_update;
  if (delta && base->next_update && (a->next_update == 0 || base->next_update < a->next_update))
    a->next_update = base->next_update;
  int current = base->current && (delta == NULL || delta->current);

  eseal__crl_entry entry = in_base;
  if (in_delta.listed == 1)
    entry = in_delta;
  /* removeFromCRL in a delta lifts a hold; a revocation for good stays. */
  else if (in_delta.listed == 2 && in_base.listed == 1 && in_base.reason == ESEAL__CRL_REASON_HOLD)
    entry.listed = 0;
  else if (in_base.listed == 2) {
    a->status = ESEAL__REV_UNUSABLE;
    snprintf(a->detail, sizeof a->detail,
             "%s lists the certificate with removeFromCRL, which only a delta CRL may", name);
    return;
  }
  const char *note = entry.listed == 1 && entry.note ? entry.note : NULL;
  if (entry.listed == 1 && entry.reason != ESEAL__CRL_REASON_HOLD) {
    set_revoked(a, &entry);
    snprintf(a->detail, sizeof a->detail, "revoked: listed in %s%s%s", name, note ? "; " : "",
             note ? note : "");
  } else if (entry.listed == 1 && !current) {
    a->status = ESEAL__REV_UNUSABLE;
    snprintf(a->detail, sizeof a->detail,
             "%s lists the certificate on hold, but is past its nextUpdate", name);
  } else if (entry.listed == 1 && superseded(base, views, n)) {
    a->status = ESEAL__REV_UNUSABLE;
    snprintf(a->detail, sizeof a->detail,
             "%s lists the certificate on hold, but a newer CRL of the same scope exists", name);
  } else if (entry.listed == 1) {
    set_revoked(a, &entry);
    snprintf(a->detail, sizeof a->detail, "on hold: listed in %s%s%s", name, note ? "; " : "",
             note ? note : "");
  } else if (!current) {
    char when[21] = "";
    eseal__time_format_iso(base->current ? delta->next_update : base->next_update, when);
    a->status = ESEAL__REV_UNUSABLE;
    snprintf(a->detail, sizeof a->detail,
             "%s does not list the certificate, but is stale (nextUpdate %s)", name, when);
  } else if (!base->all_reasons) {
    a->status = ESEAL__REV_UNUSABLE;
    snprintf(a->detail, sizeof a->detail,
             "%s does not list the certificate, but covers only some revocation reasons", name);
  } else {
    int open_ended = X509_CRL_get0_nextUpdate(base->crl) == NULL ||
                     (delta && X509_CRL_get0_nextUpdate(delta->crl) == NULL);
    a->status = ESEAL__REV_GOOD;
    snprintf(a->detail, sizeof a->detail, "not listed in %s%s", name,
             open_ended ? " (no nextUpdate: taken as current)" : "");
  }
}

/* A usable delta CRL alone proves a revocation (not a hold, which a later CRL may lift). */
static void answer_delta(const eseal__crl_view *delta, X509 *cert, eseal__rev_answer *a) {
  eseal__crl_entry e;
  eseal__crl_entry_find(delta->crl, cert, &e);
  a->status = ESEAL__REV_UNUSABLE;
  if (e.listed != 1 || e.reason == ESEAL__CRL_REASON_HOLD)
    return;
  char name[300];
  describe(name, sizeof name, delta);
  set_revoked(a, &e);
  snprintf(a->source, sizeof a->source, "delta-crl");
  a->this_update = delta->this_update;
  a->next_update = delta->next_update;
  snprintf(a->detail, sizeof a->detail, "revoked: listed in %s", name);
}

static int rank(const eseal__rev_answer *a) {
  switch (a->status) {
  case ESEAL__REV_REVOKED:
    /* A revocation for good says more than a hold. */
    return a->reason == ESEAL__CRL_REASON_HOLD ? 3 : 4;
  case ESEAL__REV_GOOD:
    return 2;
  default:
    return 1;
  }
}

/* Keeps `candidate` in *best when it says more (or is a fresher GOOD). */
static void keep_better(eseal__rev_answer *best, int *best_rank, const eseal__rev_answer *candidate) {
  int r = rank(candidate);
  if (r > *best_rank ||
      (r == *best_rank && r == 2 && candidate->this_update > best->this_update)) {
    *best = *candidate;
    *best_rank = r;
  }
}

static void blank(eseal__rev_answer *a) {
  memset(a, 0, sizeof *a);
  a->status = ESEAL__REV_UNUSABLE;
  a->reason = -1;
  snprintf(a->source, sizeof a->source, "crl");
}

/* Why no CRL could be used: each candidate's reason, as many as fit. */
static void explain_none(eseal__rev_answer *out, const eseal__crl_view *views, int n) {
  if (n == 0) {
    snprintf(out->detail, sizeof out->detail, "no CRL to check against");
    return;
  }
  size_t used = (size_t)snprintf(out->detail, sizeof out->detail, "no usable CRL among %d:", n);
  for (int i = 0; i < n && used < sizeof out->detail; i++) {
    char name[300];
    describe(name, sizeof name, &views[i]);
    used += (size_t)snprintf(out->detail + used, sizeof out->detail - used, "%s %s: %s",
                             i ? ";" : "", name, views[i].why);
  }
}

int eseal__crl_status(STACK_OF(X509_CRL) *crls, X509 *cert, X509 *issuer,
                      STACK_OF(X509) *crl_signers, const uint8_t *sm2_id, size_t sm2_id_len,
                      int64_t at, int64_t skew, eseal__rev_answer *out) {
  blank(out);
  if (X509_NAME_cmp(X509_get_issuer_name(cert), X509_get_subject_name(issuer)) != 0) {
    snprintf(out->detail, sizeof out->detail,
             "the certificate's issuer name is not the given issuer's subject");
    return 0;
  }
  int n = crls ? sk_X509_CRL_num(crls) : 0;
  eseal__crl_view *views = n > 0 ? eseal__calloc((size_t)n, sizeof *views) : NULL;
  if (n > 0 && views == NULL)
    return eseal__error_oom();
  eseal__crl_subject s = {cert, issuer, crl_signers, sm2_id, sm2_id_len, at, skew < 0 ? 0 : skew};
  int rc = 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    views[i].crl = sk_X509_CRL_value(crls, i);
    rc = eseal__crl_judge(&views[i], &s);
  }
  int best_rank = 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    if (!views[i].usable)
      continue;
    eseal__rev_answer candidate;
    blank(&candidate);
    if (views[i].is_delta)
      answer_delta(&views[i], cert, &candidate);
    else
      answer_pair(&views[i], delta_for(&views[i], views, n), views, n, cert, &candidate);
    /* A delta alone that lists nothing has nothing to say. */
    if (!views[i].is_delta || candidate.status == ESEAL__REV_REVOKED)
      keep_better(out, &best_rank, &candidate);
    else
      snprintf(views[i].why, sizeof views[i].why,
               "a delta CRL that does not list the certificate, without a usable complete CRL");
  }
  if (rc == 0 && best_rank == 0)
    explain_none(out, views, n);
  for (int i = 0; i < n; i++) {
    ASN1_INTEGER_free(views[i].number);
    ASN1_INTEGER_free(views[i].base_number);
  }
  eseal__free(views);
  ERR_clear_error();
  return rc;
}
