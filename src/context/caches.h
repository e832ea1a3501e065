/*
 * The context's caches (bounded, thread-safe; memo.h), which spare work that
 * gives the same answer every time for the same bytes: parsed certificates by
 * their DER, chains built for a certificate under the context's trust (with
 * validity periods and revocation still judged by each verification), and
 * the maker signature check of a seal by the seal's bytes and the SM2 ID.
 * A cache never changes an answer; eseal_ctx_set_caches() turns them off.
 */
#ifndef ESEAL_CONTEXT_CACHES_H
#define ESEAL_CONTEXT_CACHES_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "eseal/context.h"
#include "../x509/chain.h"

/* Slots of each cache. */
#define ESEAL__CACHE_CERT_SLOTS 1024
#define ESEAL__CACHE_CHAIN_SLOTS 1024
#define ESEAL__CACHE_SEAL_SLOTS 1024

int eseal__ctx_caches_init(eseal_ctx *ctx);
void eseal__ctx_caches_free(eseal_ctx *ctx);

/* The anchors or intermediates changed: built chains are forgotten. */
void eseal__ctx_trust_changed(eseal_ctx *ctx);

/* eseal__cert_from_der(), sharing the certificate parsed before from the same DER. */
int eseal__ctx_cert_from_der(const eseal_ctx *ctx, eseal_cert **out, const uint8_t *der,
                             size_t len);

/*
 * eseal__chain_verify(anchors, the context's intermediates, leaf, out), the
 * answer remembered per leaf DER and `store_id` (which of the context's
 * stores `anchors` is: a role bit, or 0 for all anchors).
 */
int eseal__ctx_chain_verify(const eseal_ctx *ctx, unsigned int store_id, X509_STORE *anchors,
                            const eseal_cert *leaf, eseal__chain_result *out);

/*
 * The same with `extra` (may be NULL or empty) offered after the context's
 * intermediates, as certificates carried by a token or a signed object are:
 * the answer is remembered per leaf, `store_id` and the extra certificates
 * in order (their SHA-256), so other extra certificates are another key.
 */
int eseal__ctx_chain_verify_with(const eseal_ctx *ctx, unsigned int store_id,
                                 X509_STORE *anchors, STACK_OF(X509) *extra,
                                 const eseal_cert *leaf, eseal__chain_result *out);

/* A seal signature check's answer: what primitives.c reports. */
typedef struct eseal__seal_check {
  int outcome;
  char detail[256];
} eseal__seal_check;

/*
 * The key of a seal's maker signature check: SHA-256 over the context's SM2
 * ID and verifier and the seal's bytes as received. 0, or ESEAL_ENOTFOUND when the seal
 * has no bytes (a model not encoded) or the caches are off.
 */
int eseal__ctx_seal_key(const eseal_ctx *ctx, const uint8_t *seal, size_t len, uint8_t key[32]);
/* 1 with the remembered answer in *out, 0 when none, or ESEAL_ENOMEM. */
int eseal__ctx_seal_check_get(const eseal_ctx *ctx, const uint8_t key[32], eseal__seal_check *out);
void eseal__ctx_seal_check_put(const eseal_ctx *ctx, const uint8_t key[32],
                               const eseal__seal_check *check);

#endif
