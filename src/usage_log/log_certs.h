/*
 * The log-signer certificates of a tenant ("usage.logcert": SM3 of the DER ->
 * DER), announced in the log by ESEAL_USAGE_LOG_KEY records.
 */
#ifndef ESEAL_USAGE_LOG_LOG_CERTS_H
#define ESEAL_USAGE_LOG_LOG_CERTS_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/cert.h"
#include "../storage/store.h"

typedef struct eseal__log_certs {
  eseal_cert **cert;
  uint8_t (*hash)[32];
  size_t count;
} eseal__log_certs;

/* SM3 of the certificate's DER. */
int eseal__log_cert_hash(const eseal_cert *cert, uint8_t out[32]);

/* "log-" and the first 8 bytes of the certificate's hash in hex: its checkpoint key name. */
int eseal__log_cert_key_name(const eseal_cert *cert, char out[24]);

/* Every stored log-signer certificate; ESEAL_ETAMPERED when one is not the certificate its key names. */
int eseal__log_certs_load(eseal__txn *txn, const char *tenant, eseal__log_certs *out);

void eseal__log_certs_release(eseal__log_certs *certs);

#endif
