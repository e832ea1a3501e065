/* Software signing and verification with OpenSSL keys, by algorithm name. */
#ifndef ESEAL_CRYPTO_PKEY_H
#define ESEAL_CRYPTO_PKEY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "eseal/common.h"
#include "eseal/context.h"

/* "SM2-SM3" (SM2 curve), "ECDSA-SHA256" (P-256), "RSA-SHA256", or NULL for other keys. */
const char *eseal__pkey_algorithm(EVP_PKEY *pkey);

/* 1 when the key is on the SM2 curve. */
int eseal__pkey_is_sm2(EVP_PKEY *pkey);

/* The digest an algorithm name signs with ("SM2-SM3" -> SM3), or NULL. */
const EVP_MD *eseal__algorithm_digest(const char *name);

/*
 * Verifies `sig` (DER for EC algorithms) over `msg` with the public key and
 * the algorithm named by `alg_name`; SM2 with the library's own verifier.
 * Returns 1 when valid, 0 when not, and
 * ESEAL_EUNSUPPORTED (raised) when the algorithm does not fit the key, or
 * `pub` is NULL (a certificate whose key cannot be read).
 */
int eseal__pkey_verify(EVP_PKEY *pub, const char *alg_name, const uint8_t *sm2_id, size_t id_len,
                       const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len);

/*
 * 1 when eseal__pkey_verify_by() verifies with the library's own SM2 code
 * (sm2_fast.h): SM2-SM3 with an SM2 key and the built-in verifier chosen.
 */
int eseal__pkey_uses_builtin_sm2(EVP_PKEY *pub, const char *alg_name,
                                 eseal_sm2_verifier sm2_verifier);

/* The same, choosing the SM2 implementation (the other algorithms always go through OpenSSL). */
int eseal__pkey_verify_by(EVP_PKEY *pub, const char *alg_name, const uint8_t *sm2_id, size_t id_len,
                          const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
                          eseal_sm2_verifier sm2_verifier);

/* Signs `msg` with a private key; EC signatures come out as DER. */
int eseal__pkey_sign(EVP_PKEY *priv, const char *alg_name, const uint8_t *sm2_id, size_t id_len,
                     const uint8_t *msg, size_t len, eseal_buf *sig);

/* Prepares an EVP_MD_CTX for signing or verifying with the SM2 ID where it applies. */
int eseal__pkey_md_init(EVP_MD_CTX *md, EVP_PKEY *key, const char *alg_name, const uint8_t *sm2_id,
                        size_t id_len, int for_signing);

/* Frees an EVP_MD_CTX prepared by eseal__pkey_md_init() and its pkey context. */
void eseal__pkey_md_free(EVP_MD_CTX *md);

#endif
