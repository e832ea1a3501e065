/*
 * libeseal — X.509 certificates (maker, signer, trust anchors).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_CERT_H
#define ESEAL_CERT_H

#include "common.h"

ESEAL_BEGIN_DECL

/** An X.509 certificate, immutable once loaded. */
typedef struct eseal_cert eseal_cert;

/**
 * Loads one certificate from DER or PEM bytes (the first PEM block is used).
 * ESEAL_EFORMAT when the bytes are not a certificate; ESEAL_ELIMIT above ESEAL_MAX_CERT_SIZE.
 */
ESEAL_EXTERN(int) eseal_cert_load(eseal_cert **out, const uint8_t *data, size_t len);

/** eseal_cert_load() on the contents of a file; ESEAL_EIO when it cannot be read. */
ESEAL_EXTERN(int) eseal_cert_load_file(eseal_cert **out, const char *path);

/** A new reference to the same certificate (certificates are shared, never copied). */
ESEAL_EXTERN(eseal_cert *) eseal_cert_ref(const eseal_cert *cert);

/** Drops a reference; NULL is accepted. */
ESEAL_EXTERN(void) eseal_cert_free(eseal_cert *cert);

/** The DER encoding, borrowed. */
ESEAL_EXTERN(const uint8_t *) eseal_cert_der(const eseal_cert *cert, size_t *len);

/** Subject and issuer as one line ("CN=…, O=…, C=CN"), UTF-8, borrowed. */
ESEAL_EXTERN(const char *) eseal_cert_subject(const eseal_cert *cert);
ESEAL_EXTERN(const char *) eseal_cert_issuer(const eseal_cert *cert);

/** Serial number in upper-case hex, borrowed. */
ESEAL_EXTERN(const char *) eseal_cert_serial_hex(const eseal_cert *cert);

/** Validity bounds, in seconds since the epoch (UTC). */
ESEAL_EXTERN(int64_t) eseal_cert_not_before(const eseal_cert *cert);
ESEAL_EXTERN(int64_t) eseal_cert_not_after(const eseal_cert *cert);

/** The signature algorithm name its key signs with in seals ("SM2-SM3", "ECDSA-SHA256", "RSA-SHA256"), or NULL. */
ESEAL_EXTERN(const char *) eseal_cert_key_algorithm(const eseal_cert *cert);

ESEAL_END_DECL

#endif
