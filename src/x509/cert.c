#include "cert.h"

#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "eseal/context.h"
#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/file.h"
#include "../crypto/pkey.h"

static void serial_hex(char *out, size_t cap, const ASN1_INTEGER *serial) {
  static const char digits[] = "0123456789ABCDEF";
  const uint8_t *p = ASN1_STRING_get0_data(serial);
  size_t n = 0, len = (size_t)ASN1_STRING_length(serial);
  for (size_t i = 0; i < len && n + 2 < cap; i++) {
    out[n++] = digits[p[i] >> 4];
    out[n++] = digits[p[i] & 15];
  }
  out[n] = 0;
}

/*
 * A certificate signed with SM2 (1.2.156.10197.1.501) carries the GM/T 0009
 * SM2 ID for the check of its own signature, which certification authorities
 * sign with; OpenSSL 3.0 would otherwise use an empty ID and reject standard
 * SM2 chains. No other certificate may carry one: OpenSSL then tries to give
 * the ID to the RSA or ECDSA issuer key, fails, and rejects the signature.
 */
static int is_sm2_signed(const X509 *x) {
  return X509_get_signature_nid(x) == NID_SM2_with_SM3;
}

static int set_default_sm2_id(X509 *x) {
  ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();
  if (v == NULL || ASN1_OCTET_STRING_set(v, (const unsigned char *)ESEAL_SM2_DEFAULT_ID,
                                         (int)strlen(ESEAL_SM2_DEFAULT_ID)) != 1) {
    ASN1_OCTET_STRING_free(v);
    return -1;
  }
  X509_set0_distinguishing_id(x, v);
  return 0;
}

/*
 * Readies a certificate for threads that read it at once: the SM2 ID above,
 * and the extension cache OpenSSL otherwise fills in, writing to the
 * certificate, on first use. Writes nothing to a certificate that is ready:
 * a context's trust anchors and intermediates are, and verifications wrap
 * them for their reports while other threads verify with them.
 */
static int make_ready(X509 *x) {
  if (is_sm2_signed(x) && X509_get0_distinguishing_id(x) == NULL && set_default_sm2_id(x) != 0)
    return -1;
  /* -1: no purpose; only the cache is filled. Bad extensions are flagged for later checks. */
  X509_check_purpose(x, -1, 0);
  ERR_clear_error();
  return 0;
}

/* Wraps `x509` (taking ownership) with its DER: `der` when given, else its encoding. */
static int cert_wrap(eseal_cert **out, X509 *x509, const uint8_t *der, size_t der_len) {
  *out = NULL;
  unsigned char *encoded = NULL;
  if (der == NULL) {
    int len = i2d_X509(x509, &encoded);
    if (len <= 0) {
      X509_free(x509);
      ERR_clear_error();
      return eseal__error_set(ESEAL_EFORMAT, "certificate cannot be encoded");
    }
    der = encoded;
    der_len = (size_t)len;
  }
  eseal_cert *c = eseal__calloc(1, sizeof *c);
  uint8_t *copy = c ? eseal__malloc(der_len) : NULL;
  if (copy == NULL || make_ready(x509) != 0) {
    OPENSSL_free(encoded);
    X509_free(x509);
    eseal__free(copy);
    eseal__free(c);
    return eseal__error_oom();
  }
  memcpy(copy, der, der_len);
  OPENSSL_free(encoded);
  c->der = copy;
  c->der_len = der_len;
  c->x509 = x509;
  atomic_init(&c->refs, 1);
  eseal__name_text(c->subject, sizeof c->subject, X509_get_subject_name(x509));
  eseal__name_text(c->issuer, sizeof c->issuer, X509_get_issuer_name(x509));
  serial_hex(c->serial_hex, sizeof c->serial_hex, X509_get0_serialNumber(x509));
  if (eseal__asn1_time_utc(X509_get0_notBefore(x509), &c->not_before) != 0 ||
      eseal__asn1_time_utc(X509_get0_notAfter(x509), &c->not_after) != 0) {
    eseal_cert_free(c);
    return eseal__error_set(ESEAL_EFORMAT, "certificate validity dates are unreadable");
  }
  *out = c;
  return 0;
}

int eseal__cert_from_x509(eseal_cert **out, X509 *x509) {
  return cert_wrap(out, x509, NULL, 0);
}

int eseal__cert_from_der(eseal_cert **out, const uint8_t *der, size_t len) {
  *out = NULL;
  if (len > ESEAL_MAX_CERT_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "certificate of %zu bytes exceeds the %u-byte limit",
                            len, ESEAL_MAX_CERT_SIZE);
  const unsigned char *p = der;
  X509 *x = d2i_X509(NULL, &p, (long)len);
  ERR_clear_error();
  if (x == NULL || p != der + len) {
    X509_free(x);
    return eseal__error_set(ESEAL_EFORMAT, "not a DER X.509 certificate");
  }
  return cert_wrap(out, x, der, len);
}

static int looks_like_pem(const uint8_t *data, size_t len) {
  static const char marker[] = "-----BEGIN";
  for (size_t i = 0; i + sizeof marker - 1 <= len; i++)
    if (memcmp(data + i, marker, sizeof marker - 1) == 0)
      return 1;
  return 0;
}

int eseal__cert_load_all(const uint8_t *data, size_t len,
                         int (*add)(void *payload, eseal_cert *cert), void *payload,
                         size_t *found) {
  *found = 0;
  if (len > ESEAL_MAX_INPUT_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "certificate input exceeds %u bytes",
                            ESEAL_MAX_INPUT_SIZE);
  if (!looks_like_pem(data, len)) {
    eseal_cert *c = NULL;
    int rc = eseal__cert_from_der(&c, data, len);
    if (rc == ESEAL_EFORMAT)
      rc = eseal__error_set(ESEAL_ENOTFOUND, "neither a PEM bundle nor a DER certificate");
    if (rc)
      return rc;
    *found = 1;
    return add(payload, c);
  }
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  if (bio == NULL)
    return eseal__error_oom();
  /* Block by block, so that a damaged certificate block refuses the whole
   * bundle instead of silently dropping it and every block after it. Blocks
   * of other kinds (keys, CRLs) are passed over. */
  int rc = 0;
  char *name = NULL, *header = NULL;
  unsigned char *body = NULL;
  long body_len = 0;
  for (size_t block = 1; rc == 0; block++) {
    if (PEM_read_bio(bio, &name, &header, &body, &body_len) != 1) {
      unsigned long err = ERR_peek_last_error();
      if (ERR_GET_LIB(err) != ERR_LIB_PEM || ERR_GET_REASON(err) != PEM_R_NO_START_LINE)
        rc = eseal__error_set(ESEAL_EFORMAT, "PEM block %zu is damaged", block);
      break;
    }
    if (strcmp(name, PEM_STRING_X509) == 0 || strcmp(name, PEM_STRING_X509_OLD) == 0) {
      eseal_cert *c = NULL;
      rc = eseal__cert_from_der(&c, body, (size_t)body_len);
      if (rc == ESEAL_EFORMAT)
        rc = eseal__error_set(rc, "PEM block %zu is not a readable certificate", block);
      if (rc == 0) {
        ++*found;
        rc = add(payload, c);
      }
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(body);
    name = header = NULL;
    body = NULL;
  }
  ERR_clear_error();
  BIO_free(bio);
  if (rc == 0 && *found == 0)
    return eseal__error_set(ESEAL_ENOTFOUND, "no PEM certificate found");
  return rc;
}

static int keep_first(void *payload, eseal_cert *cert) {
  eseal_cert **slot = payload;
  if (*slot == NULL)
    *slot = cert;
  else
    eseal_cert_free(cert);
  return 0;
}

ESEAL_EXTERN(int) eseal_cert_load(eseal_cert **out, const uint8_t *data, size_t len) {
  if (out == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_cert_load: NULL argument");
  *out = NULL;
  size_t found = 0;
  eseal_cert *first = NULL;
  int rc = eseal__cert_load_all(data, len, keep_first, &first, &found);
  if (rc == ESEAL_ENOTFOUND)
    rc = eseal__error_set(ESEAL_EFORMAT, "no certificate found");
  if (rc) {
    eseal_cert_free(first);
    return rc;
  }
  *out = first;
  return 0;
}

ESEAL_EXTERN(int) eseal_cert_load_file(eseal_cert **out, const char *path) {
  if (out == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_cert_load_file: NULL argument");
  *out = NULL;
  eseal_buf buf = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&buf, path);
  if (rc == 0)
    rc = eseal_cert_load(out, buf.ptr, buf.size);
  eseal_buf_dispose(&buf);
  return rc;
}

ESEAL_EXTERN(eseal_cert *) eseal_cert_ref(const eseal_cert *cert) {
  eseal_cert *c = (eseal_cert *)cert;
  if (c)
    atomic_fetch_add(&c->refs, 1);
  return c;
}

ESEAL_EXTERN(void) eseal_cert_free(eseal_cert *cert) {
  if (cert == NULL || atomic_fetch_sub(&cert->refs, 1) != 1)
    return;
  X509_free(cert->x509);
  eseal__free(cert->der);
  eseal__free(cert);
}

ESEAL_EXTERN(const uint8_t *) eseal_cert_der(const eseal_cert *cert, size_t *len) {
  if (len)
    *len = cert ? cert->der_len : 0;
  return cert ? cert->der : NULL;
}

ESEAL_EXTERN(const char *) eseal_cert_subject(const eseal_cert *cert) {
  return cert ? cert->subject : NULL;
}

ESEAL_EXTERN(const char *) eseal_cert_issuer(const eseal_cert *cert) {
  return cert ? cert->issuer : NULL;
}

ESEAL_EXTERN(const char *) eseal_cert_serial_hex(const eseal_cert *cert) {
  return cert ? cert->serial_hex : NULL;
}

ESEAL_EXTERN(int64_t) eseal_cert_not_before(const eseal_cert *cert) {
  return cert ? cert->not_before : 0;
}

ESEAL_EXTERN(int64_t) eseal_cert_not_after(const eseal_cert *cert) {
  return cert ? cert->not_after : 0;
}

ESEAL_EXTERN(const char *) eseal_cert_key_algorithm(const eseal_cert *cert) {
  return cert ? eseal__pkey_algorithm(X509_get0_pubkey(cert->x509)) : NULL;
}

int eseal__cert_can_sign(const eseal_cert *cert) {
  uint32_t usage = X509_get_key_usage(cert->x509);
  return (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}
