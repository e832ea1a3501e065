/* A certificate as JSON: its DER plus what OpenSSL reads from it. */
#ifndef ESEAL_JSON_CERT_JSON_H
#define ESEAL_JSON_CERT_JSON_H

#include "json.h"

/* Writes an object with base64 DER, SM3 fingerprint, subject, issuer, serial and validity. */
void eseal__json_cert(eseal__json *j, const uint8_t *der, size_t len);

#endif
