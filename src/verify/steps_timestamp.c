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
 * way that touches genTime: judged like a signer, with genTime as the claim,
 * at `when` (NULL: the validation time, against the best signature time).
 * Returns the judgement's rank; the message in `j`.
 */
static int tsa_revocation(eseal__verifier *v, const eseal__tst_result *t,
                          const eseal__rev_when *when, eseal__judgement *j) {
  j->msg[0] = 0;
  if (t->chain == NULL || sk_X509_num(t->chain) < 2)
    return 0;
  int rc = eseal__judge_chain_revocation(v, t->chain, ESEAL_CERT_CLASS_TSA, "TSA", t->gen_time,
                                         "timestamp time", when, j);
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
  int rank = t.status == ESEAL_CHECK_OK ? tsa_revocation(v, &t, NULL, &j) : 0;
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

/* The end of the validity of a token's TSA certificate (0: unknown). */
static int64_t tsa_end(const eseal__tst_result *t) {
  int64_t end = 0;
  eseal_cert *c = NULL;
  if (t->tsa_cert && X509_up_ref(t->tsa_cert) == 1 && eseal__cert_from_x509(&c, t->tsa_cert) == 0)
    end = c->not_after;
  eseal_cert_free(c);
  return end;
}

/*
 * Judges token i of the verified chain `t` (n tokens). A renewed token's TSA
 * is judged at the time its renewal proves (the next token's genTime plus
 * accuracy): sources current then, and a revocation after it harmless, since
 * the renewal shows the token existed before. The last token is judged at
 * the validation time. Returns 1 when the chain stops here (reported).
 */
static int judge_token(eseal__verifier *v, const eseal__tst_result *t, size_t i, size_t n,
                       const char *what, int *failed) {
  char gen[21], end[21], label[120];
  eseal__judgement j;
  if (t[i].status != ESEAL_CHECK_OK) {
    report_unverified(v, "poe.token", &t[i], what);
    return 1;
  }
  eseal__rev_when renewal = {0, 0, label};
  if (i + 1 < n && t[i + 1].status == ESEAL_CHECK_OK) {
    renewal.at = renewal.best = t[i + 1].gen_time + t[i + 1].accuracy;
    snprintf(label, sizeof label, "the renewal by POE token %zu of %zu", i + 2, n);
  }
  int rank = tsa_revocation(v, &t[i], renewal.at ? &renewal : NULL, &j);
  if (rank < 0) {
    *failed = ESEAL_ENOMEM;
    return 1;
  }
  if (rank >= 2) {
    eseal__report_check(v->report, "poe.token", ESEAL_CHECK_NOT_OK, j.ind, j.sub,
                        "%s verifies but its TSA is revoked: %s", what, j.msg);
    return 1;
  }
  int64_t previous_end = i > 0 ? tsa_end(&t[i - 1]) : 0;
  if (i > 0 && t[i].gen_time + t[i].accuracy > previous_end) {
    eseal__report_check(v->report, "poe.token", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_OUT_OF_BOUNDS_NO_POE,
                        "%s renews the previous token at %s, after the previous TSA's "
                        "certificate expired (%s): the chain of tokens is broken",
                        what, eseal__iso(t[i].gen_time, gen), eseal__iso(previous_end, end));
    return 1;
  }
  return 0;
}

int eseal__step_poe_tokens(eseal__verifier *v, const eseal_signature *sig) {
  size_t n = v->opts.poe_token_count;
  if (n == 0)
    return 0;
  /* All of them first: a token's TSA is judged at the time the next one proves. */
  eseal__tst_result t[ESEAL_MAX_POE_TOKENS];
  size_t verified = 0;
  int rc = 0;
  char what[64], gen[21];
  for (; rc == 0 && verified < n; verified++) {
    if ((rc = verify_one(v, sig, verified, &t[verified])) != 0)
      break;
    snprintf(what, sizeof what, "POE token %zu of %zu", verified + 1, n);
    record(v, &t[verified], v->opts.poe_tokens[verified], v->opts.poe_token_lens[verified], what);
  }
  int stop = 0;
  for (size_t i = 0; rc == 0 && !stop && i < n; i++) {
    snprintf(what, sizeof what, "POE token %zu of %zu", i + 1, n);
    stop = judge_token(v, t, i, n, what, &rc);
  }
  /* Within its accuracy, as for the signature's own. */
  int64_t first = rc == 0 ? t[0].gen_time + t[0].accuracy : 0;
  for (size_t i = 0; i < verified; i++)
    eseal__tst_result_release(&t[i]);
  if (rc || stop)
    return rc;
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
