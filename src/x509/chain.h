/* Certificate chains to trust anchors, through OpenSSL's X509_STORE. */
#ifndef ESEAL_X509_CHAIN_H
#define ESEAL_X509_CHAIN_H

#include <openssl/x509.h>

#include "eseal/cert.h"
#include "eseal/report.h"

typedef struct eseal__chain_result {
  /* 1 when the chain verified. */
  int ok;
  /* When not: OpenSSL's X509_V_ERR_* and the depth it concerns. */
  int error;
  int error_depth;
  /* The chain built, leaf first (owned; may be NULL). */
  STACK_OF(X509) *chain;
  /* The same certificates wrapped, their names read once (owned references;
   * NULL until eseal__chain_wrap()). */
  eseal_cert **certs;
} eseal__chain_result;

/*
 * Builds and verifies the chain from `leaf` to an anchor of `anchors`, with
 * `untrusted` certificates offered as intermediates: structure,
 * signatures and CA constraints, with validity periods left to the caller,
 * who judges them at the time that matters. Certificates signed with SM2
 * carry the GM/T 0009 SM2 ID, which CAs sign with whatever ID the context
 * uses for seals and signatures. Which anchors count (a role's) is the
 * caller's choice of `anchors`. Returns 0 (verdict in *out) or ESEAL_ENOMEM.
 */
int eseal__chain_verify(X509_STORE *anchors, STACK_OF(X509) *untrusted, const eseal_cert *leaf,
                        eseal__chain_result *out);

/* Fills r->certs when it is not filled yet. 0, ESEAL_ENOMEM, or ESEAL_EFORMAT for a
 * certificate whose validity dates cannot be read (r->certs stays NULL). */
int eseal__chain_wrap(eseal__chain_result *r);

/* A copy of `from` sharing its certificates (references taken). 0 or ESEAL_ENOMEM. */
int eseal__chain_result_copy(const eseal__chain_result *from, eseal__chain_result *to);

void eseal__chain_result_release(eseal__chain_result *r);

/* The chain built, taken out of `r` (the caller owns it; may be NULL); the rest is released. */
STACK_OF(X509) *eseal__chain_result_take(eseal__chain_result *r);

/* The report sub-indication for a chain error. */
eseal_sub_indication eseal__chain_sub_indication(int x509_error);

#endif
