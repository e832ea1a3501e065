/* The eseal_key handle: a backend and its key, with the public key kept in software. */
#ifndef ESEAL_CRYPTO_KEY_H
#define ESEAL_CRYPTO_KEY_H

#include <openssl/evp.h>

#include "eseal/key.h"
#include "eseal/sys/crypto_backend.h"

struct eseal_key {
  const eseal_crypto_backend *backend;
  void *handle;
  const char *algorithm;
  EVP_PKEY *pub;
};

/*
 * Signs `msg` with the key's algorithm. For SM2, `sm2_id` is the
 * distinguishing ID; a backend that asks for a digest gets SM3(Z ‖ msg).
 * The result is DER SEQUENCE{r, s} for EC keys and the PKCS#1 value for RSA.
 */
int eseal__key_sign(eseal_key *key, const uint8_t *sm2_id, size_t id_len, const uint8_t *msg,
                    size_t len, eseal_buf *sig_der);

/* The software backend's table (keys are EVP_PKEY *). */
const eseal_crypto_backend *eseal__openssl_backend(void);

#endif
