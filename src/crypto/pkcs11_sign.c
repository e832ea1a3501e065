/*
 * Signing on the token. A PKCS#11 session runs one operation at a time, so
 * each signature takes a session from the key's pool (or opens one) and gives
 * it back; several threads can sign with one key at once. Object handles and
 * the login are shared by all of the application's sessions with the token.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "eseal/errors.h"
#include "eseal/sys/crypto_backend.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "pkcs11_internal.h"

/* Longest signature accepted from a token: RSA-8192. */
#define SIGNATURE_MAX 1024

static int take_session(eseal__p11key *k, CK_SESSION_HANDLE *s) {
  pthread_mutex_lock(&k->lock);
  int have = k->idle_count > 0;
  if (have)
    *s = k->idle[--k->idle_count];
  pthread_mutex_unlock(&k->lock);
  if (have)
    return 0;
  CK_RV rv = k->f->C_OpenSession(k->slot, CKF_SERIAL_SESSION, NULL, NULL, s);
  return rv == CKR_OK ? 0 : eseal__p11_error(rv, "C_OpenSession");
}

/* Returns a session to the pool, or closes it when the pool is full or it broke. */
static void give_session(eseal__p11key *k, CK_SESSION_HANDLE s, int broken) {
  pthread_mutex_lock(&k->lock);
  int keep = !broken && k->idle_count < k->idle_max;
  if (keep)
    k->idle[k->idle_count++] = s;
  pthread_mutex_unlock(&k->lock);
  if (!keep)
    k->f->C_CloseSession(s);
}

/* 64 bytes r ‖ s as DER SEQUENCE{r, s}. */
static int raw_to_der(const uint8_t *raw, eseal_buf *out) {
  ECDSA_SIG *sig = ECDSA_SIG_new();
  BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
  unsigned char *der = NULL;
  int len = 0, rc = ESEAL_ECRYPTO;
  if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
    r = s = NULL; /* owned by sig now */
    len = i2d_ECDSA_SIG(sig, &der);
    if (len > 0)
      rc = eseal_buf_set(out, der, (size_t)len);
  }
  ERR_clear_error();
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  BN_free(r);
  BN_free(s);
  return rc == ESEAL_ECRYPTO ? eseal__error_set(rc, "cannot encode the token's signature") : rc;
}

/* The token's EC signature as DER, checked against the configured output form. */
static int ec_output(const eseal__p11key *k, const uint8_t *sig, size_t len, eseal_buf *out) {
  if (k->raw_output) {
    if (len != 64)
      return eseal__error_set(ESEAL_ECRYPTO, "the token returned %zu bytes, not a 64-byte r‖s",
                              len);
    return raw_to_der(sig, out);
  }
  const unsigned char *p = sig;
  ECDSA_SIG *parsed = len <= 128 ? d2i_ECDSA_SIG(NULL, &p, (long)len) : NULL;
  ERR_clear_error();
  int whole = parsed != NULL && p == sig + len;
  ECDSA_SIG_free(parsed);
  if (!whole)
    return eseal__error_set(ESEAL_ECRYPTO, "the token's signature is not DER SEQUENCE{r, s}");
  return eseal_buf_set(out, sig, len);
}

/*
 * A vendor SM2 mechanism set up with the wrong input or output form would
 * make stamps that never verify; each signature is checked here instead
 * (one verification, cheap next to a token's signing).
 */
static int sm2_check(const eseal__p11key *k, const uint8_t *input, size_t input_len,
                     const eseal_buf *der) {
  int ok = 0;
  if (k->signs_digest) {
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(k->sm2_pub, NULL);
    ok = pctx && EVP_PKEY_verify_init(pctx) == 1 &&
         EVP_PKEY_verify(pctx, der->ptr, der->size, input, input_len) == 1;
    EVP_PKEY_CTX_free(pctx);
  } else {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(k->sm2_pub, NULL);
    if (md && pctx && EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16) == 1) {
      EVP_MD_CTX_set_pkey_ctx(md, pctx);
      ok = EVP_DigestVerifyInit(md, NULL, EVP_sm3(), NULL, k->sm2_pub) == 1 &&
           EVP_DigestVerify(md, der->ptr, der->size, input, input_len) == 1;
    }
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
  }
  ERR_clear_error();
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "the token's SM2 signature does not verify: "
                                                  "check the mechanism's input and output forms");
}

static int p11_sign(const eseal_crypto_backend *self, void *key, const uint8_t *input,
                    size_t input_len, const uint8_t *sm2_id, size_t sm2_id_len,
                    eseal_buf *signature) {
  (void)self;
  eseal__p11key *k = key;
  if (!k->signs_digest && strcmp(k->algorithm, "SM2-SM3") == 0 &&
      (sm2_id_len != 16 || memcmp(sm2_id, "1234567812345678", 16) != 0))
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the token computes Z with the default SM2 ID "
                                                "only; this signature needs another ID");
  CK_SESSION_HANDLE s;
  int rc = take_session(k, &s);
  if (rc)
    return rc;
  CK_MECHANISM mech = {k->mechanism, NULL, 0};
  uint8_t sig[SIGNATURE_MAX];
  CK_ULONG sig_len = sizeof sig;
  CK_RV rv = k->f->C_SignInit(s, &mech, k->obj);
  if (rv == CKR_OK)
    rv = k->f->C_Sign(s, (CK_BYTE *)input, (CK_ULONG)input_len, sig, &sig_len);
  give_session(k, s, rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED ||
                         rv == CKR_DEVICE_REMOVED || rv == CKR_BUFFER_TOO_SMALL);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, rv == CKR_BUFFER_TOO_SMALL ? "C_Sign (signature over 1024 bytes)"
                                                           : "C_Sign");
  if (strcmp(k->algorithm, "RSA-SHA256") == 0)
    return eseal_buf_set(signature, sig, sig_len);
  int rc2 = ec_output(k, sig, sig_len, signature);
  if (rc2 == 0 && k->sm2_pub)
    rc2 = sm2_check(k, input, input_len, signature);
  return rc2;
}

static const char *p11_algorithm(const eseal_crypto_backend *self, void *key) {
  (void)self;
  return ((eseal__p11key *)key)->algorithm;
}

static eseal_sign_input p11_sign_input(const eseal_crypto_backend *self, void *key) {
  (void)self;
  return ((eseal__p11key *)key)->signs_digest ? ESEAL_SIGN_INPUT_DIGEST : ESEAL_SIGN_INPUT_MESSAGE;
}

static int p11_public_key(const eseal_crypto_backend *self, void *key, eseal_buf *spki) {
  (void)self;
  eseal__p11key *k = key;
  return eseal_buf_set(spki, k->spki, k->spki_len);
}

static void p11_key_free(const eseal_crypto_backend *self, void *key) {
  (void)self;
  eseal__p11key_free(key);
}

static const eseal_crypto_backend p11_backend = {
    ESEAL_CRYPTO_BACKEND_VERSION, "pkcs11",       p11_algorithm, p11_sign_input,
    p11_public_key,               p11_sign,       p11_key_free,  NULL,
};

const eseal_crypto_backend *eseal__p11_backend(void) {
  return &p11_backend;
}

void eseal__p11key_free(eseal__p11key *k) {
  if (k == NULL)
    return;
  if (k->f) {
    for (size_t i = 0; i < k->idle_count; i++)
      k->f->C_CloseSession(k->idle[i]);
    if (k->login_session != CK_INVALID_HANDLE)
      k->f->C_CloseSession(k->login_session);
  }
  pthread_mutex_destroy(&k->lock);
  eseal__free(k->idle);
  eseal__free(k->spki);
  EVP_PKEY_free(k->sm2_pub);
  eseal__p11module_release(k->module);
  eseal__free(k);
}
