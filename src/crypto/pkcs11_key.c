/* eseal_key_from_pkcs11(): a pkcs11: URI to a signing key on a token. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "eseal/sys/crypto_backend.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "eseal/cert.h"
#include "key.h"
#include "pkcs11_internal.h"

#define IDLE_SESSIONS_DEFAULT 8
#define IDLE_SESSIONS_MAX 256

ESEAL_EXTERN(void) eseal_pkcs11_options_init(eseal_pkcs11_options *opts) {
  if (opts)
    *opts = (eseal_pkcs11_options)ESEAL_PKCS11_OPTIONS_INIT;
}

/*
 * The module to load: the options' path, else the URI's module-path (a file,
 * or a folder holding module-name.so), else the library p11-kit's module
 * configuration names for module-name.
 */
static int module_path(const eseal__p11uri *u, const eseal_pkcs11_options *o, char *path,
                       size_t size) {
  const char *p = o->module_path ? o->module_path : u->module_path.value;
  if (p == NULL && u->module_name.value)
    return eseal__p11kit_module_path(u->module_name.value, path, size);
  if (p == NULL)
    return eseal__error_set(ESEAL_EMODULE, "no PKCS#11 module: give its path (module-path in "
                                           "the URI) or its p11-kit name (module-name)");
  struct stat st;
  int n;
  if (o->module_path == NULL && u->module_name.value && stat(p, &st) == 0 && S_ISDIR(st.st_mode))
    n = snprintf(path, size, "%s/%s.so", p, u->module_name.value);
  else
    n = snprintf(path, size, "%s", p);
  if (n < 0 || (size_t)n >= size)
    return eseal__error_set(ESEAL_ELIMIT, "the PKCS#11 module path is too long");
  return 0;
}

/* The signing mechanism and its input and output forms for the key's algorithm. */
static int choose_mechanism(eseal__p11key *k, const eseal_pkcs11_options *o) {
  if (strcmp(k->algorithm, "RSA-SHA256") == 0) {
    k->mechanism = CKM_SHA256_RSA_PKCS;
    return 0;
  }
  if (strcmp(k->algorithm, "ECDSA-SHA256") == 0) {
    k->mechanism = CKM_ECDSA;
    k->signs_digest = 1;
    k->raw_output = 1; /* PKCS#11 EC signatures are r ‖ s */
    return 0;
  }
  if (o->sm2_mechanism == 0)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "an SM2 key on the token needs the vendor's SM2 "
                                                "mechanism (sm2_mechanism)");
  if ((o->sm2_input != ESEAL_PKCS11_SM2_SIGNS_DIGEST &&
       o->sm2_input != ESEAL_PKCS11_SM2_SIGNS_MESSAGE) ||
      (o->sm2_output != ESEAL_PKCS11_SM2_RAW && o->sm2_output != ESEAL_PKCS11_SM2_DER))
    return eseal__error_set(ESEAL_EINVAL, "eseal_pkcs11_options: bad sm2_input or sm2_output");
  k->mechanism = o->sm2_mechanism;
  k->signs_digest = o->sm2_input == ESEAL_PKCS11_SM2_SIGNS_DIGEST;
  k->raw_output = o->sm2_output == ESEAL_PKCS11_SM2_RAW;
  const unsigned char *p = k->spki;
  k->sm2_pub = d2i_PUBKEY(NULL, &p, (long)k->spki_len);
  ERR_clear_error();
  /* OpenSSL 3 reads a key on the SM2 curve as the SM2 type, which signs and verifies e. */
  if (k->sm2_pub && !EVP_PKEY_is_a(k->sm2_pub, "SM2")) {
    EVP_PKEY_free(k->sm2_pub);
    k->sm2_pub = NULL;
  }
  if (k->sm2_pub == NULL)
    return eseal__error_set(ESEAL_ECRYPTO, "the token's SM2 public key is unusable");
  return 0;
}

/* The certificate object with the key's CKA_ID, as an eseal_cert (NULL when none). */
static int token_cert(eseal__p11key *k, eseal_cert **out) {
  *out = NULL;
  uint8_t *id = NULL, *der = NULL;
  size_t id_len = 0, der_len = 0;
  if (eseal__p11_attribute(k->f, k->login_session, k->obj, CKA_ID, &id, &id_len))
    return 0;
  eseal__p11uri by_id;
  memset(&by_id, 0, sizeof by_id);
  by_id.id.value = (char *)id;
  by_id.id.len = id_len;
  CK_OBJECT_HANDLE obj;
  int rc = eseal__p11_find_object(k->f, k->login_session, &by_id, CKO_CERTIFICATE, &obj);
  eseal__free(id);
  if (rc == ESEAL_ENOTFOUND)
    return 0;
  if (rc == 0)
    rc = eseal__p11_attribute(k->f, k->login_session, obj, CKA_VALUE, &der, &der_len);
  if (rc == 0)
    rc = eseal_cert_load(out, der, der_len);
  eseal__free(der);
  return rc;
}

/* The public key from a certificate, for tokens that keep no EC public key object. */
static int spki_from_cert(eseal__p11key *k, const eseal_cert *cert) {
  size_t cert_len = 0;
  const unsigned char *p = eseal_cert_der(cert, &cert_len);
  X509 *x509 = d2i_X509(NULL, &p, (long)cert_len);
  unsigned char *der = NULL;
  int len = x509 ? i2d_PUBKEY(X509_get0_pubkey(x509), &der) : 0;
  X509_free(x509);
  ERR_clear_error();
  if (len <= 0)
    return eseal__error_set(ESEAL_ECRYPTO, "the token's certificate has no usable public key");
  k->spki = eseal__malloc((size_t)len);
  if (k->spki)
    memcpy(k->spki, der, (size_t)len);
  OPENSSL_free(der);
  if (k->spki == NULL)
    return eseal__error_oom();
  k->spki_len = (size_t)len;
  return 0;
}

/* Everything but the final wrapping; `k` is freed by the caller on failure. */
static int open_key(eseal__p11key *k, eseal_cert **cert, const eseal__p11uri *u,
                    const eseal_pkcs11_options *o) {
  char path[4096];
  int rc = module_path(u, o, path, sizeof path);
  if (rc == 0)
    rc = eseal__p11module_acquire(&k->module, path);
  if (rc)
    return rc;
  k->f = eseal__p11module_functions(k->module);
  CK_TOKEN_INFO info;
  rc = eseal__p11_find_slot(k->f, u, &k->slot, &info);
  if (rc)
    return rc;
  CK_RV rv = k->f->C_OpenSession(k->slot, CKF_SERIAL_SESSION, NULL, NULL, &k->login_session);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, "C_OpenSession");
  rc = eseal__p11_login(k->f, k->login_session, &info, u, o);
  if (rc == 0)
    rc = eseal__p11_find_object(k->f, k->login_session, u, CKO_PRIVATE_KEY, &k->obj);
  if (rc)
    return rc;
  if (eseal__p11_bool(k->f, k->login_session, k->obj, CKA_ALWAYS_AUTHENTICATE, 0))
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the key needs a PIN for every signature "
                                                "(CKA_ALWAYS_AUTHENTICATE)");
  /* An absent attribute counts against the key. */
  k->non_extractable = eseal__p11_bool(k->f, k->login_session, k->obj, CKA_SENSITIVE, 0) &&
                       !eseal__p11_bool(k->f, k->login_session, k->obj, CKA_EXTRACTABLE, 1);
  if (o->require_non_extractable && !k->non_extractable)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the token key can be extracted (CKA_SENSITIVE "
                                                "false or CKA_EXTRACTABLE true); the policy "
                                                "refuses it");
  rc = eseal__p11_public_key(k->f, k->login_session, k->obj, &k->spki, &k->spki_len,
                             &k->algorithm);
  if (rc && rc != ESEAL_ENOTFOUND)
    return rc;
  int need_spki = rc == ESEAL_ENOTFOUND;
  rc = token_cert(k, cert);
  if (rc)
    return rc;
  if (need_spki) {
    if (*cert == NULL)
      return eseal__error_set(ESEAL_ENOTFOUND, "the token holds neither the key's public key "
                                               "nor its certificate");
    rc = spki_from_cert(k, *cert);
    if (rc)
      return rc;
  }
  return choose_mechanism(k, o);
}

ESEAL_EXTERN(int) eseal_key_from_pkcs11(eseal_key **out, eseal_cert **cert_out, const char *uri,
                                        const eseal_pkcs11_options *opts) {
  if (out == NULL || uri == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_key_from_pkcs11: NULL argument");
  *out = NULL;
  if (cert_out)
    *cert_out = NULL;
  eseal_pkcs11_options defaults = ESEAL_PKCS11_OPTIONS_INIT;
  const eseal_pkcs11_options *o = opts ? opts : &defaults;
  if (o->version != ESEAL_PKCS11_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_pkcs11_options: unknown version %u",
                            o->version);
  eseal__p11uri u;
  int rc = eseal__p11uri_parse(&u, uri);
  if (rc)
    return rc;
  if (u.type != -1 && u.type != CKO_PRIVATE_KEY) {
    eseal__p11uri_clear(&u);
    return eseal__error_set(ESEAL_EINVAL, "the pkcs11 URI must name a private key (type=private)");
  }
  eseal__p11key *k = eseal__calloc(1, sizeof *k);
  size_t idle_max = o->max_idle_sessions ? o->max_idle_sessions : IDLE_SESSIONS_DEFAULT;
  idle_max = idle_max < IDLE_SESSIONS_MAX ? idle_max : IDLE_SESSIONS_MAX;
  if (k == NULL || (k->idle = eseal__calloc(idle_max, sizeof *k->idle)) == NULL) {
    eseal__free(k);
    eseal__p11uri_clear(&u);
    return eseal__error_oom();
  }
  k->idle_max = idle_max;
  k->login_session = CK_INVALID_HANDLE;
  pthread_mutex_init(&k->lock, NULL);
  eseal_cert *cert = NULL;
  rc = open_key(k, &cert, &u, o);
  eseal__p11uri_clear(&u);
  if (rc == 0)
    rc = eseal_key_from_backend(out, eseal__p11_backend(), k);
  if (rc == 0 && cert && eseal_key_matches_cert(*out, cert) != 1) {
    eseal_key_free(*out); /* frees k too */
    *out = NULL;
    k = NULL;
    rc = eseal__error_set(ESEAL_ECRYPTO, "the token's certificate with the key's CKA_ID holds "
                                         "another public key");
  }
  if (rc) {
    if (k)
      eseal__p11key_free(k);
    eseal_cert_free(cert);
    return rc;
  }
  if (cert_out)
    *cert_out = cert;
  else
    eseal_cert_free(cert);
  return 0;
}

ESEAL_EXTERN(int) eseal_key_pkcs11_non_extractable(const eseal_key *key) {
  if (key == NULL || key->backend != eseal__p11_backend())
    return eseal__error_set(ESEAL_EINVAL, "not a PKCS#11 key");
  return ((const eseal__p11key *)key->handle)->non_extractable;
}
