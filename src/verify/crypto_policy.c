/*
 * The crypto policy (doc/verification.md, "Crypto policy"). The steps note
 * what falls short while they run; crypto.policy reports it once: NOT_OK /
 * INDETERMINATE under the default policy, a WARNING under the legacy one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../asn1/oid.h"
#include "../codec/model.h"
#include "../crypto/digest.h"
#include "../crypto/pkey.h"
#include "../x509/cert.h"
#include "steps.h"

static void note(eseal__verifier *v, const char *fmt, ...) ESEAL__PRINTF(2, 3);
static void note(eseal__verifier *v, const char *fmt, ...) {
  char text[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  for (size_t i = 0; i < v->finding_count; i++)
    if (strcmp(v->findings[i], text) == 0)
      return;
  /* The last slot says that more were found. */
  if (v->finding_count == ESEAL__POLICY_FINDINGS - 1)
    snprintf(text, sizeof text, "and more");
  if (v->finding_count < ESEAL__POLICY_FINDINGS)
    snprintf(v->findings[v->finding_count++], sizeof v->findings[0], "%s", text);
}

/* A digest weaker than SHA-256 (SHA-1, MD5): its name, or NULL. */
static const char *weak_digest(const EVP_MD *md) {
  return md && EVP_MD_get_size(md) < 32 ? EVP_MD_get0_name(md) : NULL;
}

static void check_key(eseal__verifier *v, const char *what, EVP_PKEY *key) {
  if (key == NULL || eseal__pkey_is_sm2(key))
    return;
  if (EVP_PKEY_is_a(key, "RSA")) {
    if (EVP_PKEY_get_bits(key) < 2048)
      note(v, "%s: RSA key of %d bits (2048 at least)", what, EVP_PKEY_get_bits(key));
    return;
  }
  char group[64] = "";
  size_t n = 0;
  if (EVP_PKEY_is_a(key, "EC") &&
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &n) ==
          1 &&
      (strcmp(group, "prime256v1") == 0 || strcmp(group, "secp384r1") == 0 ||
       strcmp(group, "secp521r1") == 0))
    return;
  note(v, "%s: key %s%s%s is not SM2, RSA or ECDSA on P-256/384/521", what,
       EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "?", *group ? " " : "",
       group);
}

void eseal__policy_signature(eseal__verifier *v, const char *what, const char *alg_oid,
                             const eseal_cert *cert) {
  const char *alg = eseal__oid_name(alg_oid);
  const char *weak = weak_digest(eseal__algorithm_digest(alg));
  if (weak)
    note(v, "%s uses %s with %s", what, alg, weak);
  if (cert)
    check_key(v, what, X509_get0_pubkey(cert->x509));
}

void eseal__policy_chain(eseal__verifier *v, const char *what, const eseal_cert *leaf,
                         STACK_OF(X509) *chain) {
  char label[96];
  if (chain == NULL) {
    snprintf(label, sizeof label, "the %s certificate", what);
    check_key(v, label, X509_get0_pubkey(leaf->x509));
    return;
  }
  int n = sk_X509_num(chain);
  for (int i = 0; i < n; i++) {
    X509 *x = sk_X509_value(chain, i);
    snprintf(label, sizeof label, i ? "a CA certificate of the %s chain" : "the %s certificate",
             what);
    check_key(v, label, X509_get0_pubkey(x));
    /* The anchor's own signature is not relied on; every other one is. */
    int md_nid = NID_undef, pk_nid = NID_undef, bits = 0;
    uint32_t flags = 0;
    if (i + 1 < n && X509_get_signature_info(x, &md_nid, &pk_nid, &bits, &flags) == 1 &&
        md_nid != NID_undef && md_nid != NID_sm3 && bits < 128)
      note(v, "%s is signed with %s", label, OBJ_nid2sn(md_nid));
  }
}

void eseal__policy_seal_digests(eseal__verifier *v, const eseal_seal *seal) {
  if (eseal_seal_cert_list_type(seal) != ESEAL_CERT_LIST_DIGESTS)
    return;
  for (size_t i = 0; i < eseal_seal_cert_count(seal); i++) {
    const char *type = eseal_seal_cert_digest_type(seal, i);
    const char *weak = weak_digest(eseal__digest_by_name(type));
    if (weak)
      note(v, "certDigestList entry %zu uses %s", i + 1, weak);
  }
}

void eseal__policy_data_hash(eseal__verifier *v, const char *alg_oid, size_t hash_len,
                             const EVP_MD *used) {
  const EVP_MD *implied = eseal__algorithm_digest(eseal__oid_name(alg_oid));
  if (implied == NULL)
    return;
  if (used && EVP_MD_get_type(implied) != EVP_MD_get_type(used))
    note(v, "dataHash is the %s of the data, but %s implies %s", EVP_MD_get0_name(used),
         eseal__oid_name(alg_oid), EVP_MD_get0_name(implied));
  else if (used == NULL && hash_len != (size_t)EVP_MD_get_size(implied))
    note(v, "dataHash has %zu bytes, but %s implies %s", hash_len, eseal__oid_name(alg_oid),
         EVP_MD_get0_name(implied));
}

void eseal__step_crypto_policy(eseal__verifier *v) {
  const char *policy = eseal_crypto_policy_name(v->opts.crypto_policy);
  if (v->finding_count == 0) {
    eseal__report_ok(v->report, "crypto.policy",
                     "algorithms and keys meet the %s crypto policy", policy);
    return;
  }
  char all[ESEAL__POLICY_FINDINGS * 162] = "";
  size_t used = 0;
  for (size_t i = 0; i < v->finding_count; i++)
    used += (size_t)snprintf(all + used, sizeof all - used, "%s%s", i ? "; " : "",
                             v->findings[i]);
  if (v->opts.crypto_policy == ESEAL_CRYPTO_POLICY_LEGACY)
    eseal__report_check(v->report, "crypto.policy", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE, "accepted under the legacy crypto policy: %s", all);
  else
    eseal__report_check(v->report, "crypto.policy", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                        "below the default crypto policy: %s", all);
}
