#include "pkey.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "sm2_fast.h"

int eseal__pkey_is_sm2(EVP_PKEY *pkey) {
  if (EVP_PKEY_is_a(pkey, "SM2"))
    return 1;
  char group[64];
  size_t n = 0;
  return EVP_PKEY_is_a(pkey, "EC") &&
         EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                        &n) == 1 &&
         strcmp(group, "SM2") == 0;
}

const char *eseal__pkey_algorithm(EVP_PKEY *pkey) {
  if (pkey == NULL)
    return NULL;
  if (eseal__pkey_is_sm2(pkey))
    return "SM2-SM3";
  if (EVP_PKEY_is_a(pkey, "RSA"))
    return "RSA-SHA256";
  char group[64];
  size_t n = 0;
  if (EVP_PKEY_is_a(pkey, "EC") &&
      EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &n) ==
          1 &&
      (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0))
    return "ECDSA-SHA256";
  return NULL;
}

const EVP_MD *eseal__algorithm_digest(const char *name) {
  static const struct {
    const char *name;
    const char *digest;
  } table[] = {
      {"SM2-SM3", "SM3"},           {"RSA-SM3", "SM3"},           {"ECDSA-SHA256", "SHA256"},
      {"RSA-SHA256", "SHA256"},     {"ECDSA-SHA384", "SHA384"},   {"ECDSA-SHA512", "SHA512"},
      {"ECDSA-SHA1", "SHA1"},       {"RSA-SHA1", "SHA1"},
  };
  for (size_t i = 0; name && i < sizeof table / sizeof table[0]; i++)
    if (strcmp(name, table[i].name) == 0)
      return EVP_get_digestbyname(table[i].digest);
  return NULL;
}

/* Whether the algorithm's key family matches the key. */
static int algorithm_fits(EVP_PKEY *key, const char *alg_name) {
  if (strcmp(alg_name, "SM2-SM3") == 0)
    return eseal__pkey_is_sm2(key);
  if (strncmp(alg_name, "ECDSA-", 6) == 0)
    return EVP_PKEY_is_a(key, "EC") && !eseal__pkey_is_sm2(key);
  if (strncmp(alg_name, "RSA-", 4) == 0)
    return EVP_PKEY_is_a(key, "RSA");
  return 0;
}

int eseal__pkey_md_init(EVP_MD_CTX *md, EVP_PKEY *key, const char *alg_name, const uint8_t *sm2_id,
                        size_t id_len, int for_signing) {
  const EVP_MD *digest = eseal__algorithm_digest(alg_name);
  if (digest == NULL || !algorithm_fits(key, alg_name))
    return eseal__error_set(ESEAL_EUNSUPPORTED, "algorithm %s does not fit this %s key",
                            alg_name ? alg_name : "(unknown)", EVP_PKEY_get0_type_name(key));
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, NULL);
  if (pctx == NULL)
    return eseal__error_oom();
  /* OpenSSL 3.0 signs SM2 with an empty ID unless told; seals use GM/T 0009's. */
  if (strcmp(alg_name, "SM2-SM3") == 0 &&
      EVP_PKEY_CTX_set1_id(pctx, sm2_id, id_len) != 1) {
    EVP_PKEY_CTX_free(pctx);
    return eseal__error_set(ESEAL_ECRYPTO, "could not set the SM2 ID");
  }
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  int ok = for_signing ? EVP_DigestSignInit(md, NULL, digest, NULL, key)
                       : EVP_DigestVerifyInit(md, NULL, digest, NULL, key);
  if (ok != 1) {
    EVP_MD_CTX_set_pkey_ctx(md, NULL);
    EVP_PKEY_CTX_free(pctx);
    ERR_clear_error();
    return eseal__error_set(ESEAL_ECRYPTO, "could not start %s with this key", alg_name);
  }
  return 0;
}

/* The EVP_MD_CTX does not own a pkey ctx set with EVP_MD_CTX_set_pkey_ctx(). */
void eseal__pkey_md_free(EVP_MD_CTX *md) {
  if (md == NULL)
    return;
  EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(md);
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
}

int eseal__pkey_verify(EVP_PKEY *pub, const char *alg_name, const uint8_t *sm2_id, size_t id_len,
                       const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len) {
  return eseal__pkey_verify_by(pub, alg_name, sm2_id, id_len, msg, len, sig, sig_len,
                               ESEAL_SM2_VERIFIER_BUILTIN);
}

int eseal__pkey_uses_builtin_sm2(EVP_PKEY *pub, const char *alg_name,
                                 eseal_sm2_verifier sm2_verifier) {
  return sm2_verifier == ESEAL_SM2_VERIFIER_BUILTIN && alg_name != NULL &&
         strcmp(alg_name, "SM2-SM3") == 0 && eseal__pkey_is_sm2(pub);
}

int eseal__pkey_verify_by(EVP_PKEY *pub, const char *alg_name, const uint8_t *sm2_id, size_t id_len,
                          const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
                          eseal_sm2_verifier sm2_verifier) {
  /* X509_get0_pubkey() gives NULL for a certificate whose key cannot be read. */
  if (pub == NULL)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the certificate's public key cannot be read");
  if (eseal__pkey_uses_builtin_sm2(pub, alg_name, sm2_verifier))
    return eseal__sm2_verify_message(pub, sm2_id, id_len, msg, len, sig, sig_len);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (md == NULL)
    return eseal__error_oom();
  int rc = eseal__pkey_md_init(md, pub, alg_name, sm2_id, id_len, 0);
  if (rc) {
    EVP_MD_CTX_free(md);
    return rc;
  }
  int ok = EVP_DigestVerify(md, sig, sig_len, msg, len);
  eseal__pkey_md_free(md);
  ERR_clear_error();
  return ok == 1;
}

int eseal__pkey_sign(EVP_PKEY *priv, const char *alg_name, const uint8_t *sm2_id, size_t id_len,
                     const uint8_t *msg, size_t len, eseal_buf *sig) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (md == NULL)
    return eseal__error_oom();
  int rc = eseal__pkey_md_init(md, priv, alg_name, sm2_id, id_len, 1);
  if (rc) {
    EVP_MD_CTX_free(md);
    return rc;
  }
  uint8_t out[1024];
  size_t out_len = sizeof out;
  if (EVP_DigestSign(md, NULL, &out_len, msg, len) != 1 || out_len > sizeof out ||
      EVP_DigestSign(md, out, &out_len, msg, len) != 1) {
    eseal__pkey_md_free(md);
    ERR_clear_error();
    return eseal__error_set(ESEAL_ECRYPTO, "%s signing failed", alg_name);
  }
  eseal__pkey_md_free(md);
  return eseal_buf_set(sig, out, out_len);
}
