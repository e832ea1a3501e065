/*
 * Certificate checks: the chain to an anchor trusted for the role, what the
 * certificate may act as, and its validity (with its chain's) at a time.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../asn1/timefmt.h"
#include "../context/caches.h"
#include "../context/context.h"
#include "../revocation/aia.h"
#include "../x509/cert.h"
#include "../x509/chain.h"
#include "steps.h"

STACK_OF(X509) *eseal__verifier_untrusted(const eseal__verifier *v) {
  return v->untrusted ? v->untrusted : v->ctx->intermediates;
}

void eseal__verifier_end(eseal__verifier *v) {
  sk_X509_pop_free(v->untrusted, X509_free);
  v->untrusted = NULL;
}

/*
 * Online, when the issuer is missing: the issuers `cert` names in AIA
 * caIssuers join this verification's untrusted certificates. 1 when some
 * were added, 0 when not, or ESEAL_ENOMEM.
 */
static int fetch_issuers(eseal__verifier *v, const eseal_cert *cert) {
  if (v->untrusted == NULL) {
    v->untrusted = sk_X509_dup(v->ctx->intermediates);
    for (int i = 0; v->untrusted && i < sk_X509_num(v->untrusted); i++)
      X509_up_ref(sk_X509_value(v->untrusted, i));
    if (v->untrusted == NULL)
      return eseal__error_oom();
  }
  int added = eseal__aia_fetch_issuers(v->ctx, cert->x509, v->untrusted);
  return added < 0 ? added : added > 0;
}

static int issuer_missing(int error) {
  return error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
}

const char *eseal__iso(int64_t utc, char out[21]) {
  if (eseal__time_format_iso(utc, out) != 0)
    snprintf(out, 21, "(out of range)");
  return out;
}

/* What the certificate cache (or parsing) answered, as the steps want it. */
static int read_cert_answer(int rc, char why[256]) {
  if (rc == ESEAL_ENOMEM)
    return rc;
  snprintf(why, 256, "%s", rc ? eseal_error_last()->message : "");
  return 0;
}

int eseal__steps_read_cert_cached(const eseal_ctx *ctx, const uint8_t *der, size_t len,
                                  eseal_cert **out, char why[256]) {
  return read_cert_answer(eseal__ctx_cert_from_der(ctx, out, der, len), why);
}

/* Records the chain's CA certificates as evidence; evidence that cannot be
 * kept fails the whole verification rather than leave a report without it. */
static void record_chain(eseal__verifier *v, eseal__chain_result *chain, const char *role) {
  if (eseal__chain_wrap(chain) != 0) {
    v->report->failed = 1;
    return;
  }
  for (int i = 1; chain->chain && i < sk_X509_num(chain->chain); i++)
    eseal__report_cert(v->report, role, chain->certs[i]);
}

/* The subject of the chain's certificate i: as wrapped when it is (a cached chain), else read into `buf`. */
static const char *subject_of(const eseal__chain_result *chain, int i, char *buf, size_t cap) {
  if (chain->certs)
    return chain->certs[i]->subject;
  eseal__name_text(buf, cap, X509_get_subject_name(sk_X509_value(chain->chain, i)));
  return buf;
}

/* "seal-maker,signer-ca" */
static const char *roles_text(unsigned int roles, char *out, size_t cap) {
  size_t used = 0;
  out[0] = 0;
  for (unsigned int bit = 1; bit <= ESEAL_ROLES_ALL; bit <<= 1)
    if ((roles & bit) && used < cap)
      used += (size_t)snprintf(out + used, cap - used, "%s%s", used ? "," : "",
                               eseal_trust_role_name(bit));
  return out;
}

/* "CN=Root (roles seal-maker,signer-ca; from trust path roots.pem)" */
static void describe_anchor(const eseal__anchor *a, const char *name, char *out, size_t cap) {
  char roles[160];
  if (a == NULL) {
    snprintf(out, cap, "%s", name);
    return;
  }
  snprintf(out, cap, "%s (roles %s; from %s%s)", name, roles_text(a->roles, roles, sizeof roles),
           a->source, a->unsigned_list ? ", a trust list without a signature" : "");
}

int eseal__steps_chain(const eseal__verifier *v, unsigned int store_id, X509_STORE *anchors,
                       const eseal_cert *cert, eseal__chain_result *out) {
  if (v->untrusted)
    return eseal__chain_verify(anchors, v->untrusted, cert, out);
  return eseal__ctx_chain_verify(v->ctx, store_id, anchors, cert, out);
}

/* Tells "no chain at all" from "a chain to an anchor without the role". */
static int report_no_chain(eseal__verifier *v, const eseal_cert *cert,
                           const eseal__cert_checks *c, const eseal__chain_result *chain) {
  eseal_report *r = v->report;
  eseal__chain_result any = {0};
  int rc = eseal__steps_chain(v, 0, v->ctx->store, cert, &any);
  if (rc)
    return rc;
  if (any.ok) {
    X509 *top = sk_X509_value(any.chain, sk_X509_num(any.chain) - 1);
    char anchor[900], name[512];
    eseal__name_text(name, sizeof name, X509_get_subject_name(top));
    describe_anchor(eseal__ctx_find_anchor(v->ctx, top), name, anchor, sizeof anchor);
    eseal__report_check(r, c->chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                        "the %s certificate chains to the anchor %s, which is not trusted for the "
                        "%s role",
                        c->role, anchor, eseal_trust_role_name(c->trust_role));
  } else {
    eseal__report_check(r, c->chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        eseal__chain_sub_indication(chain->error),
                        "no valid chain from the %s certificate to an anchor trusted for the %s "
                        "role: %s (depth %d)",
                        c->role, eseal_trust_role_name(c->trust_role),
                        X509_verify_cert_error_string(chain->error), chain->error_depth);
  }
  eseal__chain_result_release(&any);
  return 0;
}

static int check_chain(eseal__verifier *v, const eseal_cert *cert, const eseal__cert_checks *c,
                       int64_t at, const char *at_label, eseal__chain_result *chain) {
  eseal_report *r = v->report;
  if (v->ctx->anchor_count == 0) {
    eseal__report_check(r, c->chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                        "no trust anchors are configured, so the %s certificate cannot be trusted",
                        c->role);
    return 0;
  }
  X509_STORE *anchors = eseal__ctx_role_store(v->ctx, c->trust_role);
  int rc = eseal__steps_chain(v, c->trust_role, anchors, cert, chain);
  if (rc == 0 && !chain->ok && issuer_missing(chain->error) &&
      (rc = fetch_issuers(v, cert)) == 1) {
    eseal__chain_result_release(chain);
    rc = eseal__chain_verify(anchors, eseal__verifier_untrusted(v), cert, chain);
  }
  if (rc)
    return rc;
  if (!chain->ok)
    return report_no_chain(v, cert, c, chain);
  if (!eseal__cert_can_sign(cert)) {
    eseal__report_fail(r, c->chain_id, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                       "the %s certificate lacks the digitalSignature and nonRepudiation key "
                       "usages",
                       c->role);
    return 0;
  }
  int last = sk_X509_num(chain->chain) - 1;
  X509 *top = sk_X509_value(chain->chain, last);
  const eseal__anchor *a = eseal__ctx_find_anchor(v->ctx, top);
  char anchor[900], when[21], from[21], until[21], name[512];
  describe_anchor(a, subject_of(chain, last, name, sizeof name), anchor, sizeof anchor);
  if (a && ((a->trusted_from && at < a->trusted_from) ||
            (a->trusted_until && at > a->trusted_until))) {
    eseal__report_check(r, c->chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                        "the anchor %s is trusted from %s until %s, and the %s (%s) lies outside",
                        anchor, a->trusted_from ? eseal__iso(a->trusted_from, from) : "any time",
                        a->trusted_until ? eseal__iso(a->trusted_until, until) : "any time",
                        at_label, eseal__iso(at, when));
    return 0;
  }
  /* A window that closed before the best signature time: a backdated claim
   * must not revive a distrusted anchor (the POE policy, as for expiry). */
  if (a && a->trusted_until && v->poe > a->trusted_until &&
      v->opts.time_policy == ESEAL_TIME_POLICY_POE) {
    eseal__report_check(r, c->chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_OUT_OF_BOUNDS_NO_POE,
                        "the anchor %s is trusted until %s, and nothing proves the signature "
                        "existed by then (best signature time %s, %s)",
                        anchor, eseal__iso(a->trusted_until, until), eseal__iso(v->poe, when),
                        v->poe_label);
    return 0;
  }
  eseal__report_check(r, c->chain_id, a && a->unsigned_list ? ESEAL_CHECK_WARNING : ESEAL_CHECK_OK,
                      ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                      "the %s certificate chains to the anchor %s (%d certificates)", c->role,
                      anchor, sk_X509_num(chain->chain));
  return 0;
}

/* Extended key usages that fit signing documents (RFC 9336 and the common vendor ones). */
static int eku_fits_documents(const char *oid) {
  static const char *const accepted[] = {
      "2.5.29.37.0",               /* anyExtendedKeyUsage */
      "1.3.6.1.5.5.7.3.2",         /* clientAuth */
      "1.3.6.1.5.5.7.3.4",         /* emailProtection */
      "1.3.6.1.5.5.7.3.36",        /* documentSigning (RFC 9336) */
      "1.3.6.1.4.1.311.10.3.12",   /* Microsoft document signing */
      "1.2.840.113583.1.1.5",      /* Adobe Authentic Documents Trust */
  };
  for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
    if (strcmp(oid, accepted[i]) == 0)
      return 1;
  return 0;
}

#define EKU_ABSENT 0
#define EKU_FITS 1
/* A single usage that real seal-making systems put on maker certificates:
 * serverAuth (a provincial government's system) or timeStamping (a vendor's
 * test CA). A reported quirk for makers, never enough for signers. */
#define EKU_MAKER_QUIRK 2
#define EKU_UNFIT 3

static int eku_class(const eseal_cert *cert, char quirk[32]) {
  EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(cert->x509, NID_ext_key_usage, NULL, NULL);
  if (eku == NULL)
    return EKU_ABSENT;
  int fits = 0, n = sk_ASN1_OBJECT_num(eku);
  char oid[128] = "";
  for (int i = 0; i < n; i++) {
    OBJ_obj2txt(oid, sizeof oid, sk_ASN1_OBJECT_value(eku, i), 1);
    fits |= eku_fits_documents(oid);
  }
  EXTENDED_KEY_USAGE_free(eku);
  if (fits)
    return EKU_FITS;
  if (n == 1 && strcmp(oid, "1.3.6.1.5.5.7.3.1") == 0)
    snprintf(quirk, 32, "serverAuth");
  else if (n == 1 && strcmp(oid, "1.3.6.1.5.5.7.3.8") == 0)
    snprintf(quirk, 32, "timeStamping");
  else
    return EKU_UNFIT;
  return EKU_MAKER_QUIRK;
}

static void check_role(eseal__verifier *v, const eseal_cert *cert, const eseal__cert_checks *c) {
  eseal_report *r = v->report;
  uint32_t flags = X509_get_extension_flags(cert->x509);
  if ((flags & EXFLAG_BCONS) && (flags & EXFLAG_CA)) {
    eseal__report_fail(r, c->role_id, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                       "the %s certificate is a CA certificate (basicConstraints CA:TRUE); a CA "
                       "may not act as %s",
                       c->role, c->role);
    return;
  }
  if (c->maker_der && c->maker_der_len == cert->der_len &&
      memcmp(c->maker_der, cert->der, cert->der_len) == 0) {
    eseal__report_fail(r, c->role_id, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                       "the signer certificate is the seal's maker certificate; a maker may not "
                       "stamp with a seal it made for itself");
    return;
  }
  char quirk[32] = "";
  switch (eku_class(cert, quirk)) {
  case EKU_ABSENT:
    eseal__report_ok(r, c->role_id, "the %s certificate is an end-entity certificate with no "
                                    "extended key usage restriction",
                     c->role);
    return;
  case EKU_FITS:
    eseal__report_ok(r, c->role_id,
                     "the %s certificate is an end-entity certificate whose extended key usage "
                     "allows signing documents",
                     c->role);
    return;
  case EKU_MAKER_QUIRK:
    if (c->trust_role == ESEAL_ROLE_SEAL_MAKER && !(v->opts.flags & ESEAL_VERIFY_STRICT)) {
      eseal__report_check(r, c->role_id, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                          "quirk: the maker certificate's extended key usage is %s only, as some "
                          "seal-making systems issue; accepted, refused in strict mode",
                          quirk);
      return;
    }
    break;
  }
  eseal__report_fail(r, c->role_id, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                     "the %s certificate's extended key usage allows none of "
                     "anyExtendedKeyUsage, clientAuth, emailProtection or documentSigning",
                     c->role);
}

/* 0 OK, 1 WARNING, 2 INDETERMINATE, 3 TOTAL_FAILED. */
static int rank(const eseal__judgement *j) {
  if (j->status == ESEAL_CHECK_NOT_OK)
    return j->ind == ESEAL_TOTAL_FAILED ? 3 : 2;
  return j->status == ESEAL_CHECK_WARNING ? 1 : 0;
}

static void check_validity(eseal__verifier *v, const eseal_cert *cert, const eseal__cert_checks *c,
                           const eseal__chain_result *chain, int64_t at, const char *at_label) {
  eseal__judgement worst, j;
  if (c->failure) {
    char bound[21];
    worst = (eseal__judgement){ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, ""};
    snprintf(worst.msg, sizeof worst.msg, "%s (the maker certificate expired %s)", c->failure,
             eseal__iso(cert->not_after, bound));
    eseal__report_judgement(v, c->validity_id, &worst);
    return;
  }
  char what[400];
  snprintf(what, sizeof what, "the %s certificate", c->role);
  eseal__judge_window(v, what, cert->not_before, cert->not_after, at, at_label, &worst);
  /* The CA certificates of a built chain must have been valid then too. */
  for (int i = 1; chain->ok && i < sk_X509_num(chain->chain); i++) {
    X509 *ca = sk_X509_value(chain->chain, i);
    char name[512];
    int64_t nb = 0, na = 0;
    snprintf(what, sizeof what, "the CA certificate %.255s of the %s chain",
             subject_of(chain, i, name, sizeof name), c->role);
    if (eseal__asn1_time_utc(X509_get0_notBefore(ca), &nb) != 0 ||
        eseal__asn1_time_utc(X509_get0_notAfter(ca), &na) != 0) {
      j = (eseal__judgement){ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, ""};
      snprintf(j.msg, sizeof j.msg, "%s has unreadable validity dates", what);
    } else {
      eseal__judge_window(v, what, nb, na, at, at_label, &j);
    }
    if (rank(&j) > rank(&worst))
      worst = j;
  }
  if (c->warning && rank(&worst) == 0) {
    worst.status = ESEAL_CHECK_WARNING;
    size_t n = strlen(worst.msg);
    snprintf(worst.msg + n, sizeof worst.msg - n, " (quirk: %s)", c->warning);
  }
  eseal__report_judgement(v, c->validity_id, &worst);
}

int eseal__steps_cert(eseal__verifier *v, const eseal_cert *cert, const eseal__cert_checks *c,
                      int64_t at, const char *at_label) {
  eseal__chain_result chain = {0};
  eseal__report_cert(v->report, c->role, cert);
  int rc = check_chain(v, cert, c, at, at_label, &chain);
  if (rc == 0) {
    record_chain(v, &chain,
                 c->trust_role == ESEAL_ROLE_SEAL_MAKER ? "maker-chain" : "signer-chain");
    check_role(v, cert, c);
    check_validity(v, cert, c, &chain, at, at_label);
    eseal__policy_chain(v, c->role, cert, chain.ok ? chain.chain : NULL);
  }
  eseal__chain_result_release(&chain);
  return rc;
}
