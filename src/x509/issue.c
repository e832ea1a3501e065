#include "issue.h"

#include <openssl/err.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../crypto/pkey.h"

EVP_PKEY *eseal__sm2_generate(void) {
  EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
  if (k == NULL) {
    ERR_clear_error();
    eseal__error_set(ESEAL_ECRYPTO, "SM2 key generation failed");
  }
  return k;
}

static int add_ext(X509 *x, X509 *issuer, int nid, const char *value) {
  X509V3_CTX v3;
  X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
  X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
  int ok = e && X509_add_ext(x, e, -1);
  X509_EXTENSION_free(e);
  return ok;
}

static int add_key_usage(X509 *x, unsigned int usage) {
  static const struct {
    unsigned int bit;
    const char *name;
  } names[] = {{KU_DIGITAL_SIGNATURE, "digitalSignature"}, {KU_NON_REPUDIATION, "nonRepudiation"},
               {KU_KEY_CERT_SIGN, "keyCertSign"},         {KU_CRL_SIGN, "cRLSign"},
               {KU_KEY_ENCIPHERMENT, "keyEncipherment"}};
  char value[160] = "critical";
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (usage & names[i].bit) {
      strcat(value, ",");
      strcat(value, names[i].name);
    }
  return add_ext(x, NULL, NID_key_usage, value);
}

static int fill(X509 *x, const eseal__cert_spec *s) {
  X509_NAME *name = X509_get_subject_name(x);
  if (s->organisation &&
      !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)s->organisation,
                                  -1, -1, 0))
    return 0;
  if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                  (const unsigned char *)s->common_name, -1, -1, 0) ||
      !X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)"CN", -1, 0, 0))
    return 0;
  X509 *issuer = s->issuer;
  return X509_set_version(x, 2) && ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), s->serial) &&
         X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) &&
         ASN1_TIME_set(X509_getm_notBefore(x), (time_t)s->not_before) &&
         ASN1_TIME_set(X509_getm_notAfter(x), (time_t)s->not_after) &&
         X509_set_pubkey(x, s->key) &&
         add_ext(x, issuer, NID_basic_constraints, s->is_ca ? "critical,CA:TRUE" : "CA:FALSE") &&
         add_ext(x, issuer, NID_subject_key_identifier, "hash") &&
         add_ext(x, issuer, NID_authority_key_identifier, "keyid:always") &&
         (s->key_usage == 0 || add_key_usage(x, s->key_usage)) &&
         (s->extended_key_usage == NULL ||
          add_ext(x, issuer, NID_ext_key_usage, s->extended_key_usage));
}

X509 *eseal__issue_cert(const eseal__cert_spec *s, const uint8_t *id, size_t id_len) {
  X509 *x = X509_new();
  EVP_PKEY *signing_key = s->issuer_key ? s->issuer_key : s->key;
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = x && md && fill(x, s) &&
           eseal__pkey_md_init(md, signing_key, s->algorithm ? s->algorithm : "SM2-SM3", id, id_len,
                               1) == 0 &&
           X509_sign_ctx(x, md) > 0;
  eseal__pkey_md_free(md);
  ERR_clear_error();
  if (!ok) {
    X509_free(x);
    eseal__error_set(ESEAL_ECRYPTO, "issuing the certificate for %s failed", s->common_name);
    return NULL;
  }
  return x;
}
