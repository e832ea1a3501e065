/*
 * The signed trust list of `eseal pki init` (doc/trust-list.md): the seal-maker
 * CA for the seal-maker role, the signer CA for the signer-ca role, signed by
 * a test trust-list operator.
 */
#include "pki_trust_list.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "asn1/timefmt.h"
#include "core/dbuf.h"
#include "crypto/pkey.h"

static int append_entry(eseal__dbuf *b, const char *label, const char *roles, X509 *cert) {
  BIO *bio = BIO_new(BIO_s_mem());
  char *pem = NULL;
  long len = bio && PEM_write_bio_X509(bio, cert) ? BIO_get_mem_data(bio, &pem) : 0;
  eseal__dbuf_appendf(b, "\nanchor: %s\nroles: %s\n", label, roles);
  if (len > 0)
    eseal__dbuf_append(b, pem, (size_t)len);
  BIO_free(bio);
  return len > 0 ? eseal__dbuf_status(b) : -1;
}

int pki_write_trust_list(const char *path, X509 *maker_ca, X509 *signer_ca, EVP_PKEY *operator_key,
                         int64_t now, int days) {
  char issued[21], next[21];
  if (eseal__time_format_iso(now - 3600, issued) != 0 ||
      eseal__time_format_iso(now + (int64_t)days * 86400, next) != 0)
    return EXIT_ERROR;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal_buf sig = ESEAL_BUF_INIT;
  eseal__dbuf_appendf(&b,
                      "eseal-trust-list 1\nname: libeseal test PKI\nsequence: 1\n"
                      "issued: %s\nnext-update: %s\nanchors: 2\n",
                      issued, next);
  int rc = append_entry(&b, "libeseal Test Seal Maker CA", "seal-maker", maker_ca);
  if (rc == 0)
    rc = append_entry(&b, "libeseal Test Signer CA", "signer-ca", signer_ca);
  if (rc == 0)
    rc = eseal__pkey_sign(operator_key, "SM2-SM3", (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                          strlen(ESEAL_SM2_DEFAULT_ID), b.ptr, b.len, &sig);
  unsigned char base64[512];
  if (rc == 0 && sig.size <= 300) {
    EVP_EncodeBlock(base64, sig.ptr, (int)sig.size);
    eseal__dbuf_appendf(&b, "signature: SM2-SM3 %s\n", (const char *)base64);
    rc = eseal__dbuf_status(&b);
  } else if (rc == 0) {
    rc = -1;
  }
  rc = rc == 0 ? cli_write_file("pki", path, b.ptr, b.len) : cli_fail("pki", "the trust list");
  eseal_buf_dispose(&sig);
  eseal__dbuf_release(&b);
  return rc;
}
