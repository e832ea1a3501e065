/*
 * timestamp and poe.token: timestamp tokens over the signature, verified
 * (src/timestamp/) and, when they hold, turned into proofs of existence.
 * doc/timestamps.md says what counts.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../codec/model.h"
#include "../timestamp/tst.h"
#include "../x509/cert.h"
#include "steps.h"

/* Keeps the TSA's certificates as evidence and the token as validation data. */
static void record(eseal__verifier *v, const eseal__tst_result *t, const uint8_t *token,
                   size_t len, const char *about) {
  eseal__report_validation(v->report, "timestamp", token, len, about);
  for (int i = 0; t->chain && i < sk_X509_num(t->chain); i++) {
    X509 *x = sk_X509_value(t->chain, i);
    eseal_cert *c = NULL;
    if (X509_up_ref(x) != 1 || eseal__cert_from_x509(&c, x) != 0) {
      v->report->failed = 1;
      return;
    }
    eseal__report_cert(v->report, i == 0 ? "tsa" : "tsa-chain", c);
    eseal_cert_free(c);
  }
}

/*
 * A token that verified still proves nothing when its TSA was revoked in a
 * way that touches genTime: judged like a signer, with genTime as the claim.
 * Returns the judgement's rank; the message in `j`.
 */
static int tsa_revocation(eseal__verifier *v, const eseal__tst_result *t, eseal__judgement *j) {
  j->msg[0] = 0;
  if (t->chain == NULL || sk_X509_num(t->chain) < 2)
    return 0;
  int rc = eseal__judge_chain_revocation(v, t->chain, ESEAL_CERT_CLASS_TSA, "TSA", t->gen_time,
                                         "timestamp time", j);
  if (rc)
    return -1;
  return j->status == ESEAL_CHECK_OK ? 0 : j->status == ESEAL_CHECK_WARNING ? 1 : 2;
}

/* The verdict of a token that did not verify: a forged or damaged token fails, an unknown TSA proves nothing. */
static void report_unverified(eseal__verifier *v, const char *id, const eseal__tst_result *t,
                              const char *what) {
  if (t->sub == ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND)
    eseal__report_check(v->report, id, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "%s proves nothing here: %s", what, t->message);
  else
    eseal__report_check(v->report, id, ESEAL_CHECK_NOT_OK, t->indication, t->sub, "%s: %s", what,
                        t->message);
}

int eseal__step_timestamp(eseal__verifier *v, const eseal_signature *sig) {
  if (sig->timestamp.ptr == NULL) {
    eseal__report_check(v->report, "timestamp", ESEAL_CHECK_SKIPPED, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE, "no timestamp token");
    return 0;
  }
  eseal__tst_result t;
  int rc = eseal__tst_verify(v->ctx, sig->timestamp.ptr, sig->timestamp.len, sig->sigval.ptr,
                             sig->sigval.len, NULL, 0, &t);
  if (rc)
    return rc;
  record(v, &t, sig->timestamp.ptr, sig->timestamp.len, "the signature's timestamp");
  char gen[21], claim[21], label[200];
  eseal__judgement j;
  int rank = t.status == ESEAL_CHECK_OK ? tsa_revocation(v, &t, &j) : 0;
  if (rank < 0) {
    rc = ESEAL_ENOMEM;
  } else if (t.status != ESEAL_CHECK_OK) {
    report_unverified(v, "timestamp", &t, "the timestamp token");
  } else if (rank >= 2) {
    eseal__report_check(v->report, "timestamp", ESEAL_CHECK_NOT_OK, j.ind, j.sub,
                        "the timestamp token verifies but its TSA is revoked: %s", j.msg);
  } else if (sig->has_time && sig->time_utc > t.gen_time + t.accuracy + v->clock_skew) {
    eseal__report_check(v->report, "timestamp", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                        "the claimed signing time %s lies after the timestamp's time %s (beyond "
                        "the clock skew): the signature cannot have been made after it was "
                        "timestamped",
                        eseal__iso(sig->time_utc, claim), eseal__iso(t.gen_time, gen));
  } else {
    eseal__report_time(v->report, ESEAL_TIME_TIMESTAMP, t.gen_time);
    snprintf(label, sizeof label, "the signature's timestamp of %s (accuracy %lld s)",
             eseal__iso(t.gen_time, gen), (long long)t.accuracy);
    /* The TSA vouches for genTime within its accuracy: the latest end is the proof. */
    eseal__verifier_lower_poe(v, t.gen_time + t.accuracy, label);
    eseal__report_check(v->report, "timestamp", rank ? ESEAL_CHECK_WARNING : ESEAL_CHECK_OK,
                        ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "%s%s%s", t.message,
                        rank ? "; " : "", rank ? j.msg : "");
  }
  eseal__tst_result_release(&t);
  return rc;
}

/* Verifies token `i` over what it covers: the signature (DER, then its value) or the previous token. */
static int verify_one(eseal__verifier *v, const eseal_signature *sig, size_t i,
                      eseal__tst_result *t) {
  const uint8_t *token = v->opts.poe_tokens[i];
  size_t len = v->opts.poe_token_lens[i];
  if (i > 0)
    return eseal__tst_verify(v->ctx, token, len, v->opts.poe_tokens[i - 1],
                             v->opts.poe_token_lens[i - 1], NULL, 0, t);
  int rc = eseal__tst_verify(v->ctx, token, len, sig->bytes.ptr, sig->bytes.len, NULL, 0, t);
  if (rc == 0 && t->sub == ESEAL_SUB_HASH_FAILURE) {
    eseal__tst_result_release(t);
    rc = eseal__tst_verify(v->ctx, token, len, sig->sigval.ptr, sig->sigval.len, NULL, 0, t);
  }
  return rc;
}

int eseal__step_poe_tokens(eseal__verifier *v, const eseal_signature *sig) {
  size_t n = v->opts.poe_token_count;
  if (n == 0)
    return 0;
  int64_t first = 0, previous_tsa_end = 0;
  char what[64], gen[21], end[21];
  for (size_t i = 0; i < n; i++) {
    eseal__tst_result t;
    int rc = verify_one(v, sig, i, &t);
    if (rc)
      return rc;
    snprintf(what, sizeof what, "POE token %zu of %zu", i + 1, n);
    record(v, &t, v->opts.poe_tokens[i], v->opts.poe_token_lens[i], what);
    eseal__judgement j;
    int rank = t.status == ESEAL_CHECK_OK ? tsa_revocation(v, &t, &j) : 0;
    int stop = 1;
    if (rank < 0)
      rc = ESEAL_ENOMEM;
    else if (t.status != ESEAL_CHECK_OK)
      report_unverified(v, "poe.token", &t, what);
    else if (rank >= 2)
      eseal__report_check(v->report, "poe.token", ESEAL_CHECK_NOT_OK, j.ind, j.sub,
                          "%s verifies but its TSA is revoked: %s", what, j.msg);
    else if (i > 0 && t.gen_time + t.accuracy > previous_tsa_end)
      eseal__report_check(v->report, "poe.token", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                          ESEAL_SUB_OUT_OF_BOUNDS_NO_POE,
                          "%s renews the previous token at %s, after the previous TSA's "
                          "certificate expired (%s): the chain of tokens is broken",
                          what, eseal__iso(t.gen_time, gen), eseal__iso(previous_tsa_end, end));
    else
      stop = 0;
    if (i == 0)
      first = t.gen_time + t.accuracy; /* within its accuracy, as for the signature's own */
    previous_tsa_end = 0;
    if (t.tsa_cert) {
      eseal_cert *c = NULL;
      if (X509_up_ref(t.tsa_cert) == 1 && eseal__cert_from_x509(&c, t.tsa_cert) == 0)
        previous_tsa_end = c->not_after;
      eseal_cert_free(c);
    }
    eseal__tst_result_release(&t);
    if (rc || stop)
      return rc;
  }
  /* As for the signature's own token: a signature is not made after it was timestamped. */
  if (sig->has_time && sig->time_utc > first + v->clock_skew) {
    char claim[21];
    eseal__report_check(v->report, "poe.token", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                        "the claimed signing time %s lies after the first token's time %s "
                        "(beyond the clock skew): the signature cannot have been made after it "
                        "was timestamped",
                        eseal__iso(sig->time_utc, claim), eseal__iso(first, gen));
    return 0;
  }
  char label[200];
  snprintf(label, sizeof label, "the caller's timestamp token of %s%s", eseal__iso(first, gen),
           n > 1 ? ", renewed" : "");
  eseal__verifier_lower_poe(v, first, label);
  eseal__report_ok(v->report, "poe.token",
                   "%zu token%s verified: the signature existed at %s", n, n > 1 ? "s" : "", gen);
  return 0;
}
