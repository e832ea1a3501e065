/*
 * The context's caches (bounded, thread-safe; memo.h), which spare work that
 * gives the same answer every time for the same bytes: parsed certificates by
 * their DER, chains built for a certificate under the context's trust (with
 * validity periods and revocation still judged by each verification), the
 * maker signature check of a seal by the seal's bytes and the SM2 ID, and
 * SM3's state after the start that a seal's stamps share (prefix_digest.c).
 * A cache never changes an answer; eseal_ctx_set_caches() turns them off.
 */
#ifndef ESEAL_CONTEXT_CACHES_H
#define ESEAL_CONTEXT_CACHES_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "eseal/context.h"
#include "../x509/chain.h"

/* Slots of each cache. */
#define ESEAL__CACHE_CERT_SLOTS 1024
#define ESEAL__CACHE_CHAIN_SLOTS 1024
#define ESEAL__CACHE_SEAL_SLOTS 256
#define ESEAL__CACHE_PREFIX_SLOTS 256
/*
 * The longest bytes the seal and prefix caches keep a copy of to compare
 * (real seals are 15-20 KB): at most 256 x 64 KiB = 16 MiB each. A longer
 * seal is checked every time.
 */
#define ESEAL__CACHE_MAX_BYTES (64u * 1024u)

int eseal__ctx_caches_init(eseal_ctx *ctx);
void eseal__ctx_caches_free(eseal_ctx *ctx);

/*
 * A cache key for bytes `b` too long to hash at every lookup: SHA-256 over
 * `tag`, `number`, `a`, b's length and its first 16 and last 256 bytes. The
 * cache must compare all of `b` (memo.h, `matches`). 0 or ESEAL_ENOMEM.
 */
int eseal__ctx_sampled_key(const eseal_ctx *ctx, const char *tag, uint32_t number,
                           const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                           uint8_t key[32]);

/* Makes ctx->prefix_cache (prefix_digest.c). 0 or ESEAL_ENOMEM. */
int eseal__ctx_prefix_cache_new(eseal_ctx *ctx);

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
 * The remembered answer of the maker signature check of the seal whose bytes
 * as received are `seal` (compared whole), under the context's SM2 ID and
 * verifier: 1 with it in *out, 0 when none (the caches off, no bytes, or
 * more than ESEAL__CACHE_MAX_BYTES), or ESEAL_ENOMEM.
 */
int eseal__ctx_seal_check_get(const eseal_ctx *ctx, const uint8_t *seal, size_t len,
                              eseal__seal_check *out);
/* Remembers `check` for `seal` (nothing when get would not look). */
void eseal__ctx_seal_check_put(const eseal_ctx *ctx, const uint8_t *seal, size_t len,
                               const eseal__seal_check *check);

/*
 * e = SM3(Z ‖ msg) for the SM2 public key `pub` under the context's SM2 ID,
 * where the first `shared` bytes of msg start many messages (a seal's stamps
 * all start their TBS_Sign with the seal): SM3's state after Z and those
 * bytes is remembered by them (compared whole). 0 or an error raised.
 */
int eseal__ctx_sm2_e(const eseal_ctx *ctx, EVP_PKEY *pub, const uint8_t *msg, size_t len,
                     size_t shared, uint8_t e[32]);

#endif
