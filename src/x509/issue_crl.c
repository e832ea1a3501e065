/* Issuing CRLs for the test PKI (`eseal pki revoke`, the demo): SM2-signed, one CA's revocations. */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../crypto/pkey.h"
#include "issue.h"

static int add_entry(X509_CRL *crl, const eseal__crl_entry *e) {
  X509_REVOKED *r = X509_REVOKED_new();
  ASN1_TIME *when = ASN1_TIME_set(NULL, (time_t)e->revoked_at);
  ASN1_ENUMERATED *reason = e->reason >= 0 ? ASN1_ENUMERATED_new() : NULL;
  int ok = r && when && X509_REVOKED_set_serialNumber(r, (ASN1_INTEGER *)e->serial) &&
           X509_REVOKED_set_revocationDate(r, when) &&
           (e->reason < 0 || (reason && ASN1_ENUMERATED_set(reason, e->reason) &&
                              X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, reason, 0, 0))) &&
           X509_CRL_add0_revoked(crl, r);
  ASN1_ENUMERATED_free(reason);
  ASN1_TIME_free(when);
  if (!ok)
    X509_REVOKED_free(r);
  return ok;
}

static int add_extensions(X509_CRL *crl, X509 *issuer, uint64_t number) {
  X509V3_CTX v3;
  X509V3_set_ctx(&v3, issuer, NULL, NULL, crl, 0);
  X509_EXTENSION *akid = X509V3_EXT_conf_nid(NULL, &v3, NID_authority_key_identifier,
                                             "keyid:always");
  ASN1_INTEGER *n = ASN1_INTEGER_new();
  int ok = akid && X509_CRL_add_ext(crl, akid, -1) && n && ASN1_INTEGER_set_uint64(n, number) &&
           X509_CRL_add1_ext_i2d(crl, NID_crl_number, n, 0, 0);
  X509_EXTENSION_free(akid);
  ASN1_INTEGER_free(n);
  return ok;
}

X509_CRL *eseal__issue_crl(X509 *issuer, EVP_PKEY *key, const eseal__crl_entry *entries,
                           size_t count, int64_t this_update, int64_t next_update,
                           uint64_t number, const uint8_t *id, size_t id_len) {
  X509_CRL *crl = X509_CRL_new();
  ASN1_TIME *from = ASN1_TIME_set(NULL, (time_t)this_update);
  ASN1_TIME *until = ASN1_TIME_set(NULL, (time_t)next_update);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = crl && from && until && md && X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
           X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) &&
           X509_CRL_set1_lastUpdate(crl, from) && X509_CRL_set1_nextUpdate(crl, until);
  for (size_t i = 0; ok && i < count; i++)
    ok = add_entry(crl, &entries[i]);
  ok = ok && X509_CRL_sort(crl) && add_extensions(crl, issuer, number) &&
       eseal__pkey_md_init(md, key, "SM2-SM3", id, id_len, 1) == 0 &&
       X509_CRL_sign_ctx(crl, md) > 0;
  eseal__pkey_md_free(md);
  ASN1_TIME_free(from);
  ASN1_TIME_free(until);
  ERR_clear_error();
  if (!ok) {
    X509_CRL_free(crl);
    eseal__error_set(ESEAL_ECRYPTO, "issuing the CRL failed");
    return NULL;
  }
  return crl;
}
