/* What people want to see of a certificate, read with OpenSSL. */
#ifndef ESEAL_X509_CERT_SUMMARY_H
#define ESEAL_X509_CERT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

typedef struct eseal__cert_summary {
  /* NULL when the bytes are a certificate; otherwise why not. */
  const char *error;
  /* RFC 2253 names, UTF-8; cut at the buffer size. */
  char subject[512];
  char issuer[512];
  char serial_hex[132];
  /* "YYYY-MM-DDThh:mm:ssZ", or empty when unreadable. */
  char not_before[21];
  char not_after[21];
  /* SM3 of the DER bytes. */
  char sm3_hex[65];
} eseal__cert_summary;

/* Fills `out`; always succeeds (out->error says when the bytes are not a certificate). */
void eseal__cert_summary_read(eseal__cert_summary *out, const uint8_t *der, size_t len);

/* UTC seconds of an ASN1_TIME; -1 when unreadable. */
int eseal__asn1_time_utc(const ASN1_TIME *t, int64_t *utc);

/* An X509_NAME as one RFC 2253 line, UTF-8, cut at `cap`. */
void eseal__name_text(char *out, size_t cap, const X509_NAME *name);

#endif
