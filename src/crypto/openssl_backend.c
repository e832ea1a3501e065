/* The built-in software backend: private keys held as OpenSSL EVP_PKEYs in memory. */
#include <openssl/err.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "key.h"
#include "pkey.h"

static const char *soft_algorithm(const eseal_crypto_backend *self, void *key) {
  (void)self;
  return eseal__pkey_algorithm(key);
}

static eseal_sign_input soft_sign_input(const eseal_crypto_backend *self, void *key) {
  (void)self;
  (void)key;
  return ESEAL_SIGN_INPUT_MESSAGE;
}

static int soft_public_key(const eseal_crypto_backend *self, void *key, eseal_buf *spki) {
  (void)self;
  unsigned char *der = NULL;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) {
    ERR_clear_error();
    return eseal__error_set(ESEAL_ECRYPTO, "the public key cannot be encoded");
  }
  int rc = eseal_buf_set(spki, der, (size_t)len);
  OPENSSL_free(der);
  return rc;
}

static int soft_sign(const eseal_crypto_backend *self, void *key, const uint8_t *input,
                     size_t input_len, const uint8_t *sm2_id, size_t sm2_id_len,
                     eseal_buf *signature) {
  (void)self;
  return eseal__pkey_sign(key, eseal__pkey_algorithm(key), sm2_id, sm2_id_len, input, input_len,
                          signature);
}

static void soft_key_free(const eseal_crypto_backend *self, void *key) {
  (void)self;
  EVP_PKEY_free(key);
}

static const eseal_crypto_backend openssl_backend = {
    ESEAL_CRYPTO_BACKEND_VERSION, "openssl",    soft_algorithm, soft_sign_input,
    soft_public_key,              soft_sign,    soft_key_free,  NULL,
};

const eseal_crypto_backend *eseal__openssl_backend(void) {
  return &openssl_backend;
}
