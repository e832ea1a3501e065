/*
 * Reading CRLs from DER or PEM (eseal__crl_read): every "X509 CRL" block of a
 * PEM bundle, or one DER CRL filling the input exactly.
 */
#include "crl.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "eseal/errors.h"
#include "../core/error.h"

/* One DER CRL that must fill `len` bytes exactly; NULL when it does not. */
static X509_CRL *crl_from_der(const uint8_t *der, long len) {
  const unsigned char *p = der;
  X509_CRL *crl = d2i_X509_CRL(NULL, &p, len);
  if (crl != NULL && p != der + len) {
    X509_CRL_free(crl);
    crl = NULL;
  }
  return crl;
}

/* A DER CRL starts with a SEQUENCE; anything else is read as PEM text. */
static int looks_like_pem(const uint8_t *data, size_t len) {
  return len > 0 && data[0] != 0x30;
}

/* The CRL blocks of a PEM text, in order; blocks of other types are skipped. */
static int read_pem(const uint8_t *data, size_t len, STACK_OF(X509_CRL) *into) {
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  if (bio == NULL)
    return eseal__error_oom();
  ERR_clear_error();
  int rc = 0;
  for (int block = 1; rc == 0; block++) {
    char *name = NULL, *header = NULL;
    unsigned char *der = NULL;
    long der_len = 0;
    if (PEM_read_bio(bio, &name, &header, &der, &der_len) != 1) {
      unsigned long e = ERR_peek_last_error();
      /* Running out of blocks ends the text; anything else is a damaged block. */
      if (ERR_GET_LIB(e) != ERR_LIB_PEM || ERR_GET_REASON(e) != PEM_R_NO_START_LINE)
        rc = eseal__error_set(ESEAL_EFORMAT, "PEM block %d is damaged", block);
      break;
    }
    if (strcmp(name, PEM_STRING_X509_CRL) == 0) {
      X509_CRL *crl = NULL;
      if (sk_X509_CRL_num(into) == ESEAL__CRL_MAX_PER_INPUT)
        rc = eseal__error_set(ESEAL_ELIMIT, "the PEM text holds more than %d CRLs",
                              ESEAL__CRL_MAX_PER_INPUT);
      else if ((crl = crl_from_der(der, der_len)) == NULL)
        rc = eseal__error_set(ESEAL_EFORMAT, "PEM block %d does not hold a CRL", block);
      else if (sk_X509_CRL_push(into, crl) == 0) {
        X509_CRL_free(crl);
        rc = eseal__error_oom();
      }
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(der);
  }
  BIO_free(bio);
  ERR_clear_error();
  return rc;
}

int eseal__crl_read(const uint8_t *data, size_t len, STACK_OF(X509_CRL) **crls) {
  if (len > ESEAL__CRL_MAX_BYTES)
    return eseal__error_set(ESEAL_ELIMIT, "the CRL is %zu bytes, more than the %u allowed", len,
                            ESEAL__CRL_MAX_BYTES);
  if (data == NULL || len == 0)
    return eseal__error_set(ESEAL_EFORMAT, "no CRL: the input is empty");
  /* Read into a stack of our own, so that a failure leaves *crls as it was. */
  STACK_OF(X509_CRL) *found = sk_X509_CRL_new_null();
  if (found == NULL)
    return eseal__error_oom();
  int rc = 0;
  if (looks_like_pem(data, len)) {
    rc = read_pem(data, len, found);
  } else {
    X509_CRL *crl = crl_from_der(data, (long)len);
    ERR_clear_error();
    if (crl == NULL)
      rc = eseal__error_set(ESEAL_EFORMAT, "the input is neither a DER CRL nor PEM");
    else if (sk_X509_CRL_push(found, crl) == 0) {
      X509_CRL_free(crl);
      rc = eseal__error_oom();
    }
  }
  if (rc == 0 && sk_X509_CRL_num(found) == 0)
    rc = eseal__error_set(ESEAL_EFORMAT, "no X509 CRL block in the PEM text");
  if (rc == 0 && *crls == NULL && (*crls = sk_X509_CRL_new_null()) == NULL)
    rc = eseal__error_oom();
  /* Room first, so the pushes below cannot fail half way. */
  if (rc == 0 &&
      !sk_X509_CRL_reserve(*crls, sk_X509_CRL_num(*crls) + sk_X509_CRL_num(found)))
    rc = eseal__error_oom();
  while (rc == 0 && sk_X509_CRL_num(found) > 0)
    sk_X509_CRL_push(*crls, sk_X509_CRL_shift(found));
  sk_X509_CRL_pop_free(found, X509_CRL_free);
  return rc;
}
