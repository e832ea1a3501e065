/*
 * Whether a key handle (floor 1, crypto/) belongs to a certificate: here on
 * floor 2, beside the certificate, so that crypto/ needs nothing from x509/.
 */
#include <openssl/err.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../crypto/key.h"
#include "cert.h"

ESEAL_EXTERN(int) eseal_key_matches_cert(const eseal_key *key, const eseal_cert *cert) {
  if (key == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_key_matches_cert: NULL argument");
  int eq = EVP_PKEY_eq(key->pub, X509_get0_pubkey(cert->x509));
  ERR_clear_error();
  return eq == 1;
}
