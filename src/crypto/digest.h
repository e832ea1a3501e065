/* Message digests and the SM2 signing digest e = SM3(Z ‖ M). */
#ifndef ESEAL_CRYPTO_DIGEST_H
#define ESEAL_CRYPTO_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define ESEAL__DIGEST_MAX 64

/* The OpenSSL digest for "SM3", "SHA256", "SHA384", "SHA512", "SHA1" (also "SHA-256",
 * "sm3"…), or NULL. */
const EVP_MD *eseal__digest_by_name(const char *name);

/* `md` over `data`; the length in *out_len. 0, or ESEAL_ECRYPTO raised. */
int eseal__digest(const EVP_MD *md, const uint8_t *data, size_t len, uint8_t out[ESEAL__DIGEST_MAX],
                  size_t *out_len);

/* The public point of `pub` as 04 ‖ x ‖ y. 0, or ESEAL_ECRYPTO raised when it has none of that form. */
int eseal__sm2_public_point(EVP_PKEY *pub, uint8_t point[65]);

/*
 * The SM2 Z value (GB/T 32918.2 §5.5) of public key `pub` (an SM2 key) with
 * distinguishing ID `id`. 0, or ESEAL_ECRYPTO / ESEAL_EINVAL raised.
 */
int eseal__sm2_z(EVP_PKEY *pub, const uint8_t *id, size_t id_len, uint8_t z[32]);

/* e = SM3(Z ‖ msg). */
int eseal__sm2_e(EVP_PKEY *pub, const uint8_t *id, size_t id_len, const uint8_t *msg, size_t len,
                 uint8_t e[32]);

#endif
