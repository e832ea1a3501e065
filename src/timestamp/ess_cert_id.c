/*
 * ESSCertID (RFC 2634 §5.4, SHA-1) and ESSCertIDv2 (RFC 5035 §3, SHA-256 by
 * default): the signed attribute that binds a token to its TSA certificate,
 * so that another certificate with the same key or name cannot be put in its
 * place. The first entry names the signer's certificate.
 *
 *   SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }
 *   ESSCertID   ::= SEQUENCE { certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
 *   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING,
 *                              issuerSerial IssuerSerial OPTIONAL }
 *   IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "tst_parts.h"

#define NAME_DIRECTORY (DER_CONTEXT | DER_CONSTRUCTED | 4)

static int no(char why[256], const char *v, const char *detail) {
  snprintf(why, 256, "the %s attribute %s", v, detail);
  return 0;
}

/* 1 when one of the GeneralNames is the directoryName `name` (DER). */
static int names_issuer(const eseal__tlv *names, const uint8_t *name, size_t name_len) {
  eseal__der_iter in;
  eseal__tlv g;
  const char *bad = NULL;
  eseal__der_iter_init(&in, names->val, names->val_len);
  while (!eseal__der_iter_done(&in)) {
    if (eseal__der_iter_next(&in, &g, &bad) != 0)
      return 0;
    if (g.tag == NAME_DIRECTORY && g.val_len == name_len && memcmp(g.val, name, name_len) == 0)
      return 1;
  }
  return 0;
}

/* IssuerSerial against the certificate: 1 match, 0 not (or malformed), ESEAL_ENOMEM. */
static int issuer_serial(const eseal__tlv *is, X509 *cert) {
  eseal__der_iter in;
  eseal__tlv names, serial;
  const char *bad = NULL;
  eseal__der_iter_init(&in, is->val, is->val_len);
  if (eseal__der_iter_next(&in, &names, &bad) != 0 || names.tag != DER_SEQUENCE ||
      eseal__der_iter_next(&in, &serial, &bad) != 0 || serial.tag != DER_INTEGER ||
      !eseal__der_iter_done(&in))
    return 0;
  unsigned char *name = NULL, *number = NULL;
  int name_len = i2d_X509_NAME(X509_get_issuer_name(cert), &name);
  int number_len = i2d_ASN1_INTEGER(X509_get0_serialNumber(cert), &number);
  int rc = name_len <= 0 || number_len <= 0 ? eseal__error_oom() : 0;
  if (rc == 0)
    rc = (size_t)number_len == serial.tlv_len &&
         memcmp(number, serial.tlv, serial.tlv_len) == 0 &&
         names_issuer(&names, name, (size_t)name_len);
  OPENSSL_free(name);
  OPENSSL_free(number);
  return rc;
}

/* The hash algorithm of an ESSCertIDv2, which may be left out (SHA-256). */
static const char *v2_algorithm(eseal__der_iter *in) {
  eseal__tlv alg, oid;
  eseal__der_iter a;
  const char *bad = NULL;
  if (eseal__der_iter_optional(in, DER_SEQUENCE, &alg, &bad) != 1)
    return "SHA256";
  char text[ESEAL__OID_TEXT_CAPACITY];
  eseal__der_iter_init(&a, alg.val, alg.val_len);
  if (eseal__der_iter_next(&a, &oid, &bad) != 0 || oid.tag != DER_OID ||
      eseal__oid_to_text(oid.val, oid.val_len, text, sizeof text, &bad) != 0)
    return NULL;
  return eseal__tst_digest_name(text);
}

int eseal__ess_names_cert(const eseal__bytes *value, int v2, X509 *cert, char why[256]) {
  const char *v = v2 ? "signingCertificateV2" : "signingCertificate";
  eseal__der_iter top, certs, id;
  eseal__tlv seq, list, first, hash, is;
  const char *bad = NULL;
  eseal__der_iter_init(&top, value->ptr, value->len);
  if (eseal__der_iter_next(&top, &seq, &bad) != 0 || seq.tag != DER_SEQUENCE)
    return no(why, v, "is malformed");
  eseal__der_iter_init(&certs, seq.val, seq.val_len);
  if (eseal__der_iter_next(&certs, &list, &bad) != 0 || list.tag != DER_SEQUENCE)
    return no(why, v, "is malformed");
  eseal__der_iter_init(&certs, list.val, list.val_len);
  if (eseal__der_iter_next(&certs, &first, &bad) != 0 || first.tag != DER_SEQUENCE)
    return no(why, v, "names no certificate");
  eseal__der_iter_init(&id, first.val, first.val_len);
  const char *md_name = v2 ? v2_algorithm(&id) : "SHA1";
  const EVP_MD *md = eseal__digest_by_name(md_name);
  if (md == NULL)
    return no(why, v, "uses an unknown hash algorithm");
  if (eseal__der_iter_next(&id, &hash, &bad) != 0 || hash.tag != DER_OCTET_STRING)
    return no(why, v, "is malformed");
  unsigned char *der = NULL;
  int der_len = i2d_X509(cert, &der);
  if (der_len <= 0)
    return eseal__error_oom();
  uint8_t digest[ESEAL__DIGEST_MAX];
  size_t digest_len = 0;
  int rc = eseal__digest(md, der, (size_t)der_len, digest, &digest_len);
  OPENSSL_free(der);
  if (rc)
    return rc;
  if (hash.val_len != digest_len || memcmp(hash.val, digest, digest_len) != 0)
    return no(why, v, "names another certificate (its hash differs)");
  if (eseal__der_iter_done(&id))
    return 1;
  if (eseal__der_iter_next(&id, &is, &bad) != 0 || is.tag != DER_SEQUENCE ||
      !eseal__der_iter_done(&id))
    return no(why, v, "is malformed");
  rc = issuer_serial(&is, cert);
  if (rc < 0)
    return rc;
  return rc ? 1 : no(why, v, "names another issuer and serial number");
}
