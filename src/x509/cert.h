/* The eseal_cert object: a shared, immutable X.509 certificate. */
#ifndef ESEAL_X509_CERT_H
#define ESEAL_X509_CERT_H

#include <stdatomic.h>

#include <openssl/x509.h>

#include "eseal/cert.h"
#include "cert_summary.h"

struct eseal_cert {
  atomic_int refs;
  /* Never written to once wrapped, so threads may share it: it carries the
   * default SM2 ID when signed with SM2, so it can go into chains as it is,
   * and OpenSSL's extension cache is filled in. */
  X509 *x509;
  uint8_t *der;
  size_t der_len;
  char subject[512];
  char issuer[512];
  char serial_hex[132];
  int64_t not_before;
  int64_t not_after;
};

/* A certificate from exactly `len` bytes of DER (no PEM); ESEAL_EFORMAT otherwise. */
int eseal__cert_from_der(eseal_cert **out, const uint8_t *der, size_t len);

/*
 * Wraps an X509, taking over the caller's reference (also on failure). One
 * the caller alone holds is readied for sharing; one that is shared already
 * must come from an eseal_cert (a context's anchors and intermediates do),
 * and is then only read, never written to.
 */
int eseal__cert_from_x509(eseal_cert **out, X509 *x509);

/* 1 when the key usage allows digitalSignature or nonRepudiation (or is unrestricted). */
int eseal__cert_can_sign(const eseal_cert *cert);

/*
 * Every certificate in a PEM bundle or a DER file, passed to `add`; count in
 * *found. ESEAL_ENOTFOUND when the input holds no certificate at all,
 * ESEAL_EFORMAT when a certificate block is damaged.
 */
int eseal__cert_load_all(const uint8_t *data, size_t len,
                         int (*add)(void *payload, eseal_cert *cert), void *payload,
                         size_t *found);

#endif
