/*
 * Loading software keys: PEM and DER PKCS#8 (encrypted or not), traditional
 * PEM, and PKCS#12. Legacy PKCS#12 files (RC2-40, as many seal-making tools
 * still write) need OpenSSL's legacy provider, which is loaded on first need.
 */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../core/file.h"
#include "eseal/cert.h"
#include "key.h"
#include "pkey.h"

/* Hands the password to OpenSSL without ever prompting on a terminal. */
static int password_cb(char *buf, int size, int rwflag, void *u) {
  (void)rwflag;
  const char *pass = u;
  if (pass == NULL)
    return -1;
  size_t n = strlen(pass);
  if (n > (size_t)size)
    return -1;
  memcpy(buf, pass, n);
  return (int)n;
}

static int contains(const uint8_t *data, size_t len, const char *text) {
  size_t n = strlen(text);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(data + i, text, n) == 0)
      return 1;
  return 0;
}

static pthread_once_t legacy_once = PTHREAD_ONCE_INIT;
static int legacy_loaded;
/* Kept for the life of the process; OpenSSL unloads them at exit. */
static OSSL_PROVIDER *default_provider, *legacy_provider;

/*
 * Loading any provider into the default library context stops OpenSSL from
 * loading "default" implicitly, so both are loaded. This affects the process.
 */
static void load_legacy(void) {
  default_provider = OSSL_PROVIDER_try_load(NULL, "default", 1);
  legacy_provider = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
  legacy_loaded = default_provider != NULL && legacy_provider != NULL;
  ERR_clear_error();
}

static int parse_p12(PKCS12 *p12, const char *pass, EVP_PKEY **pkey, X509 **cert) {
  STACK_OF(X509) *ca = NULL;
  int ok = PKCS12_parse(p12, pass ? pass : "", pkey, cert, &ca);
  sk_X509_pop_free(ca, X509_free);
  return ok;
}

static int load_p12(const uint8_t *data, size_t len, const char *pass, EVP_PKEY **pkey,
                    X509 **cert) {
  const unsigned char *p = data;
  PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
  if (p12 == NULL)
    return ESEAL_EFORMAT;
  int rc = 0;
  if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, pass ? pass : "", -1)) {
    rc = ESEAL_EPASSWORD;
  } else if (!parse_p12(p12, pass, pkey, cert)) {
    ERR_clear_error();
    pthread_once(&legacy_once, load_legacy);
    if (!legacy_loaded || !parse_p12(p12, pass, pkey, cert))
      rc = ESEAL_EPASSWORD;
  }
  PKCS12_free(p12);
  ERR_clear_error();
  if (rc == ESEAL_EPASSWORD)
    return eseal__error_set(ESEAL_EPASSWORD,
                            "PKCS#12: wrong password, or a cipher this OpenSSL cannot run");
  if (*pkey == NULL) {
    X509_free(*cert);
    *cert = NULL;
    return eseal__error_set(ESEAL_EFORMAT, "PKCS#12 file holds no private key");
  }
  return 0;
}

static EVP_PKEY *load_pem(const uint8_t *data, size_t len, const char *pass) {
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  EVP_PKEY *k = bio ? PEM_read_bio_PrivateKey(bio, NULL, password_cb, (void *)pass) : NULL;
  BIO_free(bio);
  return k;
}

static EVP_PKEY *load_der(const uint8_t *data, size_t len, const char *pass, int *encrypted) {
  const unsigned char *p = data;
  X509_SIG *sig = d2i_X509_SIG(NULL, &p, (long)len);
  *encrypted = sig != NULL;
  X509_SIG_free(sig);
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  EVP_PKEY *k = NULL;
  if (bio && *encrypted) {
    k = d2i_PKCS8PrivateKey_bio(bio, NULL, password_cb, (void *)pass);
  } else if (bio) {
    p = data;
    k = d2i_AutoPrivateKey(NULL, &p, (long)len);
  }
  BIO_free(bio);
  return k;
}

static int read_any(const uint8_t *data, size_t len, const char *pass, EVP_PKEY **pkey,
                    X509 **cert) {
  *pkey = NULL;
  *cert = NULL;
  int encrypted = 0;
  if (contains(data, len, "-----BEGIN")) {
    encrypted = contains(data, len, "ENCRYPTED");
    *pkey = load_pem(data, len, pass);
  } else {
    *pkey = load_der(data, len, pass, &encrypted);
    if (*pkey == NULL && !encrypted) {
      ERR_clear_error();
      int rc = load_p12(data, len, pass, pkey, cert);
      if (rc != ESEAL_EFORMAT)
        return rc;
    }
  }
  ERR_clear_error();
  if (*pkey)
    return 0;
  if (encrypted)
    return eseal__error_set(ESEAL_EPASSWORD, "the key is encrypted: wrong or missing password");
  return eseal__error_set(ESEAL_EFORMAT, "not a private key (PEM, PKCS#8 or PKCS#12)");
}

/* The certificate that came with the key, through its DER (x509/ is a floor
 * above); frees `x509`. */
static int cert_from_x509(eseal_cert **out, X509 *x509) {
  unsigned char *der = NULL;
  int len = i2d_X509(x509, &der);
  X509_free(x509);
  if (len <= 0) {
    ERR_clear_error();
    return eseal__error_oom();
  }
  int rc = eseal_cert_load(out, der, (size_t)len);
  OPENSSL_free(der);
  return rc;
}

ESEAL_EXTERN(int) eseal_key_load(eseal_key **out, eseal_cert **cert_out, const uint8_t *data,
                                 size_t len, const char *password) {
  if (out == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_key_load: NULL argument");
  *out = NULL;
  if (cert_out)
    *cert_out = NULL;
  if (len > ESEAL_MAX_INPUT_SIZE || len > INT_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "key input exceeds %u bytes", ESEAL_MAX_INPUT_SIZE);
  EVP_PKEY *pkey = NULL;
  X509 *x509 = NULL;
  int rc = read_any(data, len, password, &pkey, &x509);
  if (rc)
    return rc;
  if (eseal__pkey_algorithm(pkey) == NULL) {
    EVP_PKEY_free(pkey);
    X509_free(x509);
    return eseal__error_set(ESEAL_EUNSUPPORTED, "a %s key: only SM2, EC P-256 and RSA sign seals",
                            EVP_PKEY_get0_type_name(pkey));
  }
  eseal_cert *cert = NULL;
  if (x509) {
    rc = cert_from_x509(&cert, x509);
    if (rc) {
      EVP_PKEY_free(pkey);
      return rc;
    }
  }
  rc = eseal_key_from_backend(out, eseal__openssl_backend(), pkey);
  if (rc) {
    EVP_PKEY_free(pkey);
    eseal_cert_free(cert);
    return rc;
  }
  if (cert_out)
    *cert_out = cert;
  else
    eseal_cert_free(cert);
  return 0;
}

ESEAL_EXTERN(int) eseal_key_load_file(eseal_key **out, eseal_cert **cert_out, const char *path,
                                      const char *password) {
  if (out == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_key_load_file: NULL argument");
  *out = NULL;
  if (cert_out)
    *cert_out = NULL;
  eseal_buf buf = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&buf, path);
  if (rc == 0)
    rc = eseal_key_load(out, cert_out, buf.ptr, buf.size, password);
  OPENSSL_cleanse(buf.ptr, buf.size);
  eseal_buf_dispose(&buf);
  return rc;
}
