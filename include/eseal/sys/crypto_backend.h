/*
 * libeseal — the crypto backend interface, for keys held outside the library:
 * PKCS#11 tokens, SKF and SDF devices, remote signing services.
 *
 * A backend signs through opaque key handles and never hands out private key
 * material. It tells the library, per key and algorithm, whether it wants the
 * message or a precomputed digest. For SM2-SM3 the digest is
 * e = SM3(Z ‖ M), with Z computed by the library from the public key and the
 * distinguishing ID (GB/T 32918.2 §5.5), which is what most SM2 tokens sign.
 * Verification always runs in software, over public keys.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SYS_CRYPTO_BACKEND_H
#define ESEAL_SYS_CRYPTO_BACKEND_H

#include "../common.h"
#include "../key.h"

ESEAL_BEGIN_DECL

/** What a backend's sign() receives. */
typedef enum eseal_sign_input {
  /** The whole message; the backend hashes (and for SM2 computes Z) itself. */
  ESEAL_SIGN_INPUT_MESSAGE = 1,
  /** The digest: SM3(Z ‖ M) for SM2-SM3, SHA-256(M) for ECDSA-SHA256 and RSA-SHA256. */
  ESEAL_SIGN_INPUT_DIGEST = 2
} eseal_sign_input;

#define ESEAL_CRYPTO_BACKEND_VERSION 1

/**
 * A backend's function table. Start from ESEAL_CRYPTO_BACKEND_INIT; fields are
 * only ever added at the end. Every function receives the table itself (so a
 * backend can reach its `payload`) and the backend's own key handle.
 */
typedef struct eseal_crypto_backend {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /** A short name for reports and errors ("pkcs11", "skf", …). */
  const char *name;

  /**
   * The algorithm the key signs with: "SM2-SM3", "ECDSA-SHA256" or "RSA-SHA256".
   * Returns a static string, or NULL when the key cannot sign.
   */
  const char *(*key_algorithm)(const struct eseal_crypto_backend *self, void *key);

  /** ESEAL_SIGN_INPUT_MESSAGE or ESEAL_SIGN_INPUT_DIGEST for this key. */
  eseal_sign_input (*sign_input)(const struct eseal_crypto_backend *self, void *key);

  /**
   * The key's public key as DER SubjectPublicKeyInfo, stored into `spki`
   * with eseal_buf_set(). 0 or a negative code.
   */
  int (*public_key)(const struct eseal_crypto_backend *self, void *key, eseal_buf *spki);

  /**
   * Signs `input` (message or digest, see sign_input). For SM2 with the
   * message input, `sm2_id` is the distinguishing ID to use. The signature
   * goes into `signature` with eseal_buf_set(), as DER
   * SEQUENCE{r, s} or raw 64-byte r ‖ s for EC keys, PKCS#1 v1.5 for RSA.
   * 0 or a negative code (ESEAL_ECRYPTO, ESEAL_EPASSWORD for a locked token…).
   */
  int (*sign)(const struct eseal_crypto_backend *self, void *key, const uint8_t *input,
              size_t input_len, const uint8_t *sm2_id, size_t sm2_id_len, eseal_buf *signature);

  /** Releases the backend's key handle when the eseal_key is freed; may be NULL. */
  void (*key_free)(const struct eseal_crypto_backend *self, void *key);

  /** The backend's own data. */
  void *payload;
} eseal_crypto_backend;

#define ESEAL_CRYPTO_BACKEND_INIT {ESEAL_CRYPTO_BACKEND_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/** Fills `backend` as ESEAL_CRYPTO_BACKEND_INIT does (for bindings). */
ESEAL_EXTERN(void) eseal_crypto_backend_init(eseal_crypto_backend *backend);

/**
 * Wraps a backend key handle in an eseal_key. The backend table must stay
 * valid while the key lives; the key handle is released through key_free().
 * ESEAL_EVERSION for an unknown table version, ESEAL_EINVAL when a required
 * function is missing or the key has no usable algorithm or public key.
 */
ESEAL_EXTERN(int) eseal_key_from_backend(eseal_key **out, const eseal_crypto_backend *backend,
                                         void *backend_key);

ESEAL_END_DECL

#endif
