/*
 * The PKCS#11 backend's parts: loaded modules (pkcs11_module.c, found by
 * name through p11-kit's configuration in pkcs11_p11kit.c), token and
 * login (pkcs11_token.c), objects and public keys (pkcs11_object.c), signing
 * with a session pool (pkcs11_sign.c), and eseal_key_from_pkcs11()
 * (pkcs11_key.c), which ties them together.
 */
#ifndef ESEAL_CRYPTO_PKCS11_INTERNAL_H
#define ESEAL_CRYPTO_PKCS11_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "eseal/pkcs11.h"
#include "pkcs11_uri.h"

/* A loaded, initialised module, shared by every key that uses it. */
typedef struct eseal__p11module eseal__p11module;

/*
 * Loads and initialises the module at `path`, or takes another reference to
 * it when already loaded in this process. ESEAL_EMODULE when it cannot be.
 */
int eseal__p11module_acquire(eseal__p11module **out, const char *path);

/* Drops a reference; the last one finalises and unloads the module. */
void eseal__p11module_release(eseal__p11module *m);

/* The module's function list. */
CK_FUNCTION_LIST *eseal__p11module_functions(const eseal__p11module *m);

/*
 * The library p11-kit's module configuration names for `name` (the URI's
 * module-name) into `path`. ESEAL_EMODULE when the name is not a plain file
 * name or no configuration names it.
 */
int eseal__p11kit_module_path(const char *name, char *path, size_t size);

/* Maps a PKCS#11 return value to an eseal code and message; returns the code. */
int eseal__p11_error(CK_RV rv, const char *what);

/* The one slot whose token matches the URI's token and slot attributes. */
int eseal__p11_find_slot(CK_FUNCTION_LIST *f, const eseal__p11uri *uri, CK_SLOT_ID *slot,
                         CK_TOKEN_INFO *info);

/* Logs the session's token in when it needs it, with the PIN chosen as pkcs11.h says. */
int eseal__p11_login(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const CK_TOKEN_INFO *info,
                     const eseal__p11uri *uri, const eseal_pkcs11_options *opts);

/* The one object of class `cko` matching the URI's object and id attributes. */
int eseal__p11_find_object(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const eseal__p11uri *uri,
                           CK_OBJECT_CLASS cko, CK_OBJECT_HANDLE *obj);

/*
 * Reads attribute `type` of `obj` into a new buffer (at most 16 KiB).
 * ESEAL_ENOTFOUND when the object has no such attribute or hides it.
 */
int eseal__p11_attribute(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj,
                         CK_ATTRIBUTE_TYPE type, uint8_t **value, size_t *len);

/* A CK_BBOOL attribute: 1, 0, or `absent` when the object has no such attribute. */
int eseal__p11_bool(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj,
                    CK_ATTRIBUTE_TYPE type, int absent);

/*
 * The key pair's public key as DER SubjectPublicKeyInfo, from the public key
 * object with the private key's CKA_ID, or for RSA the private key's own
 * modulus and exponent. *algorithm gets "ECDSA-SHA256", "SM2-SM3" or "RSA-SHA256".
 */
int eseal__p11_public_key(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv,
                          uint8_t **spki, size_t *spki_len, const char **algorithm);

/* A PKCS#11 key: the backend's key handle. */
typedef struct eseal__p11key {
  eseal__p11module *module;
  CK_FUNCTION_LIST *f;
  CK_SLOT_ID slot;
  /* Kept open for the key's life: a token logs out when its last session closes. */
  CK_SESSION_HANDLE login_session;
  CK_OBJECT_HANDLE obj;
  const char *algorithm;
  uint8_t *spki;
  size_t spki_len;
  int non_extractable;
  CK_MECHANISM_TYPE mechanism;
  int signs_digest; /* the token signs a digest (ECDSA, SM2 e) rather than the message */
  int raw_output;   /* EC signatures come back as r ‖ s rather than DER */
  /* SM2 only: the public key, to check each signature of the vendor mechanism. */
  struct evp_pkey_st *sm2_pub;
  /* Idle sessions for reuse, guarded by `lock`. */
  pthread_mutex_t lock;
  CK_SESSION_HANDLE *idle;
  size_t idle_count, idle_max;
} eseal__p11key;

/* The backend's function table (keys are eseal__p11key *). */
const struct eseal_crypto_backend *eseal__p11_backend(void);

/* Closes the key's sessions and releases its module. */
void eseal__p11key_free(eseal__p11key *k);

#endif
