/*
 * libeseal — signing keys. A key is a handle: software keys live in memory,
 * hardware keys (PKCS#11, SKF, SDF) stay in their device and are reached
 * through a crypto backend (see eseal/sys/crypto_backend.h).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_KEY_H
#define ESEAL_KEY_H

#include "cert.h"
#include "common.h"

ESEAL_BEGIN_DECL

/** A private-key handle. */
typedef struct eseal_key eseal_key;

/**
 * Loads a software private key with the built-in OpenSSL backend. Accepted:
 * PEM or DER PKCS#8 (encrypted or not), traditional PEM ("EC PRIVATE KEY",
 * "RSA PRIVATE KEY", encrypted or not) and PKCS#12, including legacy files
 * encrypted with RC2-40 or 3DES. `password` may be NULL for unencrypted keys.
 *
 * For PKCS#12, `cert_out` (may be NULL) receives the certificate that matches
 * the key; for other inputs it is set to NULL.
 *
 * Errors: ESEAL_EPASSWORD (wrong or missing password), ESEAL_EFORMAT (not a
 * key), ESEAL_EUNSUPPORTED (a key type other than SM2, EC P-256 or RSA).
 */
ESEAL_EXTERN(int) eseal_key_load(eseal_key **out, eseal_cert **cert_out, const uint8_t *data,
                                 size_t len, const char *password);

/** eseal_key_load() on the contents of a file; ESEAL_EIO when it cannot be read. */
ESEAL_EXTERN(int) eseal_key_load_file(eseal_key **out, eseal_cert **cert_out, const char *path,
                                      const char *password);

/** Releases a key handle; NULL is accepted. */
ESEAL_EXTERN(void) eseal_key_free(eseal_key *key);

/** The signature algorithm this key signs with: "SM2-SM3", "ECDSA-SHA256" or "RSA-SHA256". */
ESEAL_EXTERN(const char *) eseal_key_algorithm(const eseal_key *key);

/** The name of the backend that holds the key ("openssl", …). */
ESEAL_EXTERN(const char *) eseal_key_backend_name(const eseal_key *key);

/** 1 when `cert` carries this key's public key, 0 when not, negative on error. */
ESEAL_EXTERN(int) eseal_key_matches_cert(const eseal_key *key, const eseal_cert *cert);

ESEAL_END_DECL

#endif
