/* Certificate chains to the context's trust anchors, through OpenSSL's X509_STORE. */
#ifndef ESEAL_X509_CHAIN_H
#define ESEAL_X509_CHAIN_H

#include <openssl/x509.h>

#include "eseal/context.h"
#include "eseal/report.h"

typedef struct eseal__chain_result {
  /* 1 when the chain verified. */
  int ok;
  /* When not: OpenSSL's X509_V_ERR_* and the depth it concerns. */
  int error;
  int error_depth;
  /* The chain built, leaf first (owned; may be NULL). */
  STACK_OF(X509) *chain;
} eseal__chain_result;

/*
 * Verifies `leaf` against the trust anchors. With `check_time` 0 the
 * validity periods are ignored (structure, signatures and CA constraints
 * only); otherwise every certificate must be valid at `at`. Every
 * certificate carries the context's SM2 ID. Returns 0 (verdict in *out) or
 * ESEAL_ENOMEM.
 */
int eseal__chain_verify(const eseal_ctx *ctx, const eseal_cert *leaf, int check_time, int64_t at,
                        eseal__chain_result *out);

void eseal__chain_result_release(eseal__chain_result *r);

/* The report sub-indication for a chain error. */
eseal_sub_indication eseal__chain_sub_indication(int x509_error);

#endif
