/*
 * Issuing X.509 certificates with SM2 keys: the throwaway test PKI of
 * `eseal pki init` and the tests. Not part of the public API.
 */
#ifndef ESEAL_X509_ISSUE_H
#define ESEAL_X509_ISSUE_H

#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

typedef struct eseal__cert_spec {
  const char *common_name;
  /* May be NULL. */
  const char *organisation;
  int64_t not_before;
  int64_t not_after;
  int is_ca;
  /* X509v3 KU_* bits; 0 writes no keyUsage extension. */
  unsigned int key_usage;
  uint64_t serial;
  /* The subject's key. */
  EVP_PKEY *key;
  /* NULL for a self-signed certificate. */
  X509 *issuer;
  EVP_PKEY *issuer_key;
  /* An extendedKeyUsage value as openssl.cnf writes it ("serverAuth,clientAuth"); NULL: none. */
  const char *extended_key_usage;
  /* The signing algorithm ("SM2-SM3", "RSA-SHA256", "ECDSA-SHA1", ...); NULL: SM2-SM3. */
  const char *algorithm;
} eseal__cert_spec;

/* A fresh SM2 key pair, or NULL. */
EVP_PKEY *eseal__sm2_generate(void);

/*
 * Issues a certificate signed with spec->algorithm (SM2 with the SM2 ID `id`);
 * NULL (error raised) on failure.
 */
X509 *eseal__issue_cert(const eseal__cert_spec *spec, const uint8_t *id, size_t id_len);

/* One revoked certificate of a CRL to issue. */
typedef struct eseal__crl_entry {
  const ASN1_INTEGER *serial;
  int64_t revoked_at;
  /* CRLReason, or -1 for none. */
  int reason;
} eseal__crl_entry;

/*
 * Issues a CRL of `issuer` listing `entries`, valid from this_update to
 * next_update, with CRL number `number` and the authority key identifier,
 * signed with `key` by SM2-SM3 with the SM2 ID `id`. NULL (error raised) on failure.
 */
X509_CRL *eseal__issue_crl(X509 *issuer, EVP_PKEY *key, const eseal__crl_entry *entries,
                           size_t count, int64_t this_update, int64_t next_update,
                           uint64_t number, const uint8_t *id, size_t id_len);

#endif
