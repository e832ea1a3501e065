#include "key.h"

#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../asn1/sigval.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "digest.h"
#include "pkey.h"

ESEAL_EXTERN(void) eseal_crypto_backend_init(eseal_crypto_backend *backend) {
  if (backend)
    *backend = (eseal_crypto_backend)ESEAL_CRYPTO_BACKEND_INIT;
}

static const char *known_algorithm(const char *name) {
  static const char *const names[] = {"SM2-SM3", "ECDSA-SHA256", "RSA-SHA256"};
  for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0)
      return names[i];
  return NULL;
}

ESEAL_EXTERN(int) eseal_key_from_backend(eseal_key **out, const eseal_crypto_backend *backend,
                                         void *backend_key) {
  if (out == NULL || backend == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_key_from_backend: NULL argument");
  *out = NULL;
  if (backend->version != ESEAL_CRYPTO_BACKEND_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_crypto_backend: unknown version %u",
                            backend->version);
  if (!backend->key_algorithm || !backend->sign_input || !backend->public_key || !backend->sign)
    return eseal__error_set(ESEAL_EINVAL, "crypto backend %s lacks a required function",
                            backend->name ? backend->name : "(unnamed)");
  const char *alg = known_algorithm(backend->key_algorithm(backend, backend_key));
  if (alg == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the backend key has no supported signature algorithm");
  eseal_buf spki = ESEAL_BUF_INIT;
  int rc = backend->public_key(backend, backend_key, &spki);
  if (rc)
    return rc < 0 ? rc : eseal__error_set(ESEAL_ECRYPTO, "backend could not give the public key");
  const unsigned char *p = spki.ptr;
  EVP_PKEY *pub = spki.size <= LONG_MAX ? d2i_PUBKEY(NULL, &p, (long)spki.size) : NULL;
  eseal_buf_dispose(&spki);
  ERR_clear_error();
  if (pub == NULL || strcmp(eseal__pkey_algorithm(pub) ? eseal__pkey_algorithm(pub) : "", alg)) {
    EVP_PKEY_free(pub);
    return eseal__error_set(ESEAL_EINVAL, "the backend's public key does not fit %s", alg);
  }
  eseal_key *k = eseal__calloc(1, sizeof *k);
  if (k == NULL) {
    EVP_PKEY_free(pub);
    return eseal__error_oom();
  }
  k->backend = backend;
  k->handle = backend_key;
  k->algorithm = alg;
  k->pub = pub;
  *out = k;
  return 0;
}

ESEAL_EXTERN(void) eseal_key_free(eseal_key *key) {
  if (key == NULL)
    return;
  if (key->backend->key_free)
    key->backend->key_free(key->backend, key->handle);
  EVP_PKEY_free(key->pub);
  eseal__free(key);
}

ESEAL_EXTERN(const char *) eseal_key_algorithm(const eseal_key *key) {
  return key ? key->algorithm : NULL;
}

ESEAL_EXTERN(const char *) eseal_key_backend_name(const eseal_key *key) {
  return key && key->backend->name ? key->backend->name : "";
}

int eseal__key_sign(eseal_key *key, const uint8_t *sm2_id, size_t id_len, const uint8_t *msg,
                    size_t len, eseal_buf *sig_der) {
  const eseal_crypto_backend *be = key->backend;
  uint8_t digest[ESEAL__DIGEST_MAX];
  size_t digest_len = 0;
  const uint8_t *input = msg;
  size_t input_len = len;
  int rc = 0;
  if (be->sign_input(be, key->handle) == ESEAL_SIGN_INPUT_DIGEST) {
    if (strcmp(key->algorithm, "SM2-SM3") == 0) {
      rc = eseal__sm2_e(key->pub, sm2_id, id_len, msg, len, digest);
      digest_len = 32;
    } else {
      rc = eseal__digest(EVP_sha256(), msg, len, digest, &digest_len);
    }
    if (rc)
      return rc;
    input = digest;
    input_len = digest_len;
  }
  eseal_buf raw = ESEAL_BUF_INIT;
  rc = be->sign(be, key->handle, input, input_len, sm2_id, id_len, &raw);
  if (rc) {
    eseal_buf_dispose(&raw);
    return rc < 0 ? rc : eseal__error_set(ESEAL_ECRYPTO, "backend signing failed");
  }
  if (strncmp(key->algorithm, "RSA", 3) == 0) {
    *sig_der = raw;
    return 0;
  }
  /* Devices often return raw r ‖ s; seals carry DER. */
  eseal__sigval v;
  const char *why = NULL;
  rc = eseal__sigval_normalise(raw.ptr, raw.size, &v, &why);
  eseal_buf_dispose(&raw);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc)
    return eseal__error_set(ESEAL_ECRYPTO, "backend returned an unusable signature: %s", why);
  return eseal__dbuf_finish(&v.der, sig_der);
}
