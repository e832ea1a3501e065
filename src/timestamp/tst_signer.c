/*
 * What a token's SignerInfo says about its signer: the signature algorithm it
 * names, and whether the TSA certificate is one for timestamping.
 */
#include <string.h>

#include <openssl/x509v3.h>

#include "tst_parts.h"

/*
 * digestEncryptionAlgorithm with the SignerInfo's digest, to the names
 * eseal__pkey_verify takes. A SignerInfo names either the combined algorithm
 * or the key algorithm (OpenSSL's TS code writes rsaEncryption; GB/T 35275
 * writes SM2-1). SHA-1 signatures are not listed: too weak for a TSA.
 */
static const struct {
  const char *signature, *digest, *name;
} algorithms[] = {
    {"1.2.156.10197.1.501", "SM3", "SM2-SM3"},
    {"1.2.156.10197.1.301.1", "SM3", "SM2-SM3"},
    {"1.2.156.10197.1.301", "SM3", "SM2-SM3"},
    {"1.2.840.113549.1.1.1", "SHA256", "RSA-SHA256"},
    {"1.2.840.113549.1.1.11", "SHA256", "RSA-SHA256"},
    {"1.2.840.113549.1.1.1", "SM3", "RSA-SM3"},
    {"1.2.156.10197.1.504", "SM3", "RSA-SM3"},
    {"1.2.840.10045.2.1", "SHA256", "ECDSA-SHA256"},
    {"1.2.840.10045.4.3.2", "SHA256", "ECDSA-SHA256"},
    {"1.2.840.10045.2.1", "SHA384", "ECDSA-SHA384"},
    {"1.2.840.10045.4.3.3", "SHA384", "ECDSA-SHA384"},
    {"1.2.840.10045.2.1", "SHA512", "ECDSA-SHA512"},
    {"1.2.840.10045.4.3.4", "SHA512", "ECDSA-SHA512"},
};

const char *eseal__tst_signature_name(const char *signature_oid, const char *digest) {
  for (size_t i = 0; digest && i < sizeof algorithms / sizeof algorithms[0]; i++)
    if (strcmp(signature_oid, algorithms[i].signature) == 0 &&
        strcmp(digest, algorithms[i].digest) == 0)
      return algorithms[i].name;
  return NULL;
}

int eseal__tst_has_timestamping(X509 *cert, int *critical) {
  *critical = 0;
  if (!(X509_get_extension_flags(cert) & EXFLAG_XKUSAGE) ||
      !(X509_get_extended_key_usage(cert) & XKU_TIMESTAMP))
    return 0;
  int at = X509_get_ext_by_NID(cert, NID_ext_key_usage, -1);
  *critical = at >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, at));
  return 1;
}
