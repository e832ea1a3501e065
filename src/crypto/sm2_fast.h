/*
 * SM2 signature verification in variable time (GB/T 32918.2 §7), several
 * times faster than OpenSSL 3.0's generic code on x86-64.
 *
 * A deliberate exception to "use well-kept libraries": verification has
 * only public inputs, so variable time is safe; signing stays with the
 * crypto backend. doc/performance.md says how this code is held to
 * OpenSSL's answers (differential tests, fuzzing, branch coverage).
 */
#ifndef ESEAL_CRYPTO_SM2_FAST_H
#define ESEAL_CRYPTO_SM2_FAST_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/*
 * Verifies the signature (r, s) of the digest e = SM3(Z ‖ M) under the public
 * key (x, y); all values big-endian, 32 bytes each. Returns 1 when valid and 0
 * otherwise: r or s outside [1, n-1], r + s ≡ 0 (mod n), a public key off the
 * curve or with a coordinate ≥ p, or a wrong signature.
 */
int eseal__sm2_verify_fast(const uint8_t x[32], const uint8_t y[32], const uint8_t e[32],
                           const uint8_t r[32], const uint8_t s[32]);

/*
 * Verifies the DER signature `sig` over `msg` with the SM2 public key `pub`
 * and the distinguishing ID, as OpenSSL's EVP SM2 verification does: the
 * signature must be exactly the DER encoding of SEQUENCE{r, s} with
 * non-negative r and s. Returns 1 when valid, 0 when not, and a negative
 * code (raised) when the key is not an SM2 key or an ID is unusable.
 */
int eseal__sm2_verify_message(EVP_PKEY *pub, const uint8_t *id, size_t id_len, const uint8_t *msg,
                              size_t len, const uint8_t *sig, size_t sig_len);

/* The same with the digest e = SM3(Z ‖ msg) computed by the caller. */
int eseal__sm2_verify_e(EVP_PKEY *pub, const uint8_t e[32], const uint8_t *sig, size_t sig_len);

#endif
