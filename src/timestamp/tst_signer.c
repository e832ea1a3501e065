/*
 * What a token's SignerInfo says about its signer: the signature algorithm it
 * names, and whether the TSA certificate is one for timestamping only.
 */
#include <string.h>

#include <openssl/err.h>
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

const char *eseal__tst_usage_problem(X509 *cert) {
  int crit = 0;
  EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(cert, NID_ext_key_usage, &crit, NULL);
  const char *why = NULL;
  if (eku == NULL)
    why = crit == -1 ? "has no extendedKeyUsage id-kp-timeStamping"
                     : "has an unreadable or repeated extendedKeyUsage";
  else if (sk_ASN1_OBJECT_num(eku) != 1 ||
           OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, 0)) != NID_time_stamp)
    why = "has an extendedKeyUsage other than id-kp-timeStamping alone";
  else if (!crit)
    why = "has an extendedKeyUsage id-kp-timeStamping that is not critical";
  EXTENDED_KEY_USAGE_free(eku);
  ERR_clear_error();
  return why;
}
