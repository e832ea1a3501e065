/*
 * Matching an OCSP CertID (RFC 6960 §4.1.1) against a certificate and its
 * issuer: the hash algorithm, the hashes of the issuer's name and key, and
 * the serial number must all match. The hashes are computed here for every
 * accepted algorithm, not taken from OpenSSL's SHA-1 shortcut.
 */
#include <string.h>

#include <openssl/err.h>

#include "ocsp_internal.h"
#include "../crypto/digest.h"

void eseal__ocsp_issuer_hashes_init(eseal__ocsp_issuer_hashes *h, X509 *issuer) {
  static const struct {
    int nid;
    const char *name;
  } algs[3] = {{NID_sha1, "SHA1"}, {NID_sha256, "SHA256"}, {NID_sm3, "SM3"}};
  memset(h, 0, sizeof *h);
  /* The name as encoded in the issuer's certificate (OpenSSL keeps those bytes). */
  unsigned char *name = NULL;
  int name_len = i2d_X509_NAME(X509_get_subject_name(issuer), &name);
  const ASN1_BIT_STRING *key = X509_get0_pubkey_bitstr(issuer);
  for (size_t i = 0; i < 3; i++) {
    h->alg[i].nid = algs[i].nid;
    const EVP_MD *md = eseal__digest_by_name(algs[i].name);
    size_t n1 = 0, n2 = 0;
    if (md == NULL || name_len <= 0 || key == NULL ||
        eseal__digest(md, name, (size_t)name_len, h->alg[i].name, &n1) != 0 ||
        eseal__digest(md, ASN1_STRING_get0_data(key), (size_t)ASN1_STRING_length(key),
                      h->alg[i].key, &n2) != 0)
      continue;
    h->alg[i].len = n1;
  }
  OPENSSL_free(name);
  ERR_clear_error();
}

static int same(const ASN1_OCTET_STRING *s, const uint8_t *v, size_t len) {
  return s && (size_t)ASN1_STRING_length(s) == len && memcmp(ASN1_STRING_get0_data(s), v, len) == 0;
}

int eseal__ocsp_certid_match(const OCSP_CERTID *id, X509 *cert,
                             const eseal__ocsp_issuer_hashes *h, const char **why) {
  ASN1_OCTET_STRING *name_hash = NULL, *key_hash = NULL;
  ASN1_OBJECT *alg = NULL;
  ASN1_INTEGER *serial = NULL;
  /* OCSP_id_get0_info() takes a non-const CertID but only reads it. */
  if (OCSP_id_get0_info(&name_hash, &alg, &key_hash, &serial, (OCSP_CERTID *)id) != 1) {
    *why = "the CertID cannot be read";
    return 0;
  }
  int nid = OBJ_obj2nid(alg);
  size_t i = 0;
  while (i < 3 && !(h->alg[i].nid == nid && h->alg[i].len > 0))
    i++;
  if (nid == NID_undef || i == 3) {
    *why = "its CertID hash algorithm is not SHA-1, SHA-256 or SM3";
    return -1;
  }
  if (!same(name_hash, h->alg[i].name, h->alg[i].len)) {
    *why = "its CertID issuerNameHash is not the issuer's";
    return 0;
  }
  if (!same(key_hash, h->alg[i].key, h->alg[i].len)) {
    *why = "its CertID issuerKeyHash is not the issuer's";
    return 0;
  }
  if (serial == NULL || ASN1_INTEGER_cmp(serial, X509_get0_serialNumber(cert)) != 0) {
    *why = "its CertID serialNumber is not the certificate's";
    return 0;
  }
  return 1;
}
