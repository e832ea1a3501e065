/*
 * eseal pki revoke: the test PKI's CAs revoke a certificate and publish a
 * CRL. Each CA keeps its revocations in DIR/<ca>.revoked, one line per
 * certificate ("SERIAL-HEX UTC-SECONDS REASON"), and every revocation
 * rewrites DIR/<ca>.crl from that list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/pem.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "pki.h"
#include "x509/issue.h"

/* Revocations a CA's list holds at most. */
#define MAX_REVOKED 256
#define CRL_DAYS 7

typedef struct revoked {
  char serial[80];
  long long at;
  int reason;
} revoked;

typedef struct ca {
  const char *stem;
  X509 *cert;
  EVP_PKEY *key;
} ca;

static X509 *read_cert(const char *path) {
  BIO *bio = BIO_new_file(path, "rb");
  X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
  if (x == NULL && bio && BIO_reset(bio) == 0)
    x = d2i_X509_bio(bio, NULL);
  BIO_free(bio);
  return x;
}

/* The CA of `dir` that issued `cert` (by name), with its key. 0 or an exit status. */
static int find_ca(const char *dir, X509 *cert, ca *out) {
  static const char *const stems[] = {"signer-ca", "maker-ca"};
  for (size_t i = 0; i < 2; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.crt", dir, stems[i]);
    X509 *c = read_cert(path);
    if (c && X509_NAME_cmp(X509_get_issuer_name(cert), X509_get_subject_name(c)) == 0) {
      snprintf(path, sizeof path, "%s/%s.key", dir, stems[i]);
      BIO *bio = BIO_new_file(path, "rb");
      out->key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
      BIO_free(bio);
      if (out->key == NULL) {
        X509_free(c);
        fprintf(stderr, "eseal pki revoke: cannot read %s (made by an older pki init?)\n", path);
        return EXIT_ERROR;
      }
      out->stem = stems[i];
      out->cert = c;
      return 0;
    }
    X509_free(c);
  }
  fprintf(stderr, "eseal pki revoke: the certificate was not issued by a CA of %s\n", dir);
  return EXIT_ERROR;
}

/* The CA's list, with `entry` added (or replacing the same serial). The count, or -1. */
static int read_list(const char *path, const revoked *entry, revoked *list) {
  int n = 0;
  FILE *f = fopen(path, "r");
  char line[200];
  while (f && n < MAX_REVOKED - 1 && fgets(line, sizeof line, f)) {
    revoked r;
    if (sscanf(line, "%79s %lld %d", r.serial, &r.at, &r.reason) == 3 &&
        strcmp(r.serial, entry->serial) != 0)
      list[n++] = r;
  }
  if (f)
    fclose(f);
  list[n++] = *entry;
  return n;
}

static int write_list(const char *path, const revoked *list, int n) {
  char text[MAX_REVOKED * 120];
  size_t used = 0;
  for (int i = 0; i < n; i++)
    used += (size_t)snprintf(text + used, sizeof text - used, "%s %lld %d\n", list[i].serial,
                             list[i].at, list[i].reason);
  return cli_write_file("pki revoke", path, (const uint8_t *)text, used);
}

static int write_crl(const char *path, const ca *c, const revoked *list, int n, int64_t now) {
  eseal__crl_entry entries[MAX_REVOKED];
  ASN1_INTEGER *serials[MAX_REVOKED] = {0};
  int ok = 1;
  for (int i = 0; ok && i < n; i++) {
    BIGNUM *bn = NULL;
    ok = BN_hex2bn(&bn, list[i].serial) > 0 && (serials[i] = BN_to_ASN1_INTEGER(bn, NULL)) != NULL;
    BN_free(bn);
    entries[i] = (eseal__crl_entry){serials[i], list[i].at, list[i].reason};
  }
  X509_CRL *crl = ok ? eseal__issue_crl(c->cert, c->key, entries, (size_t)n, now,
                                        now + CRL_DAYS * 86400LL, (uint64_t)now,
                                        (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                                        strlen(ESEAL_SM2_DEFAULT_ID))
                     : NULL;
  for (int i = 0; i < n; i++)
    ASN1_INTEGER_free(serials[i]);
  BIO *bio = BIO_new(BIO_s_mem());
  char *pem = NULL;
  long len = crl && bio && PEM_write_bio_X509_CRL(bio, crl) ? BIO_get_mem_data(bio, &pem) : 0;
  int rc = len > 0 ? cli_write_file("pki revoke", path, (const uint8_t *)pem, (size_t)len)
                   : cli_fail("pki revoke", "issuing the CRL");
  BIO_free(bio);
  X509_CRL_free(crl);
  return rc;
}

int pki_revoke(const char *dir, const char *cert_path, int reason, int64_t at, int64_t now,
               char *crl_path, size_t cap) {
  X509 *cert = read_cert(cert_path);
  if (cert == NULL) {
    fprintf(stderr, "eseal pki revoke: cannot read the certificate %s\n", cert_path);
    return EXIT_ERROR;
  }
  ca c = {0};
  int rc = find_ca(dir, cert, &c);
  if (rc == 0) {
    revoked entry = {"", (long long)at, reason};
    char *hex = NULL;
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    if (bn && (hex = BN_bn2hex(bn)) != NULL)
      snprintf(entry.serial, sizeof entry.serial, "%s", hex);
    OPENSSL_free(hex);
    BN_free(bn);
    char list_path[4096];
    snprintf(list_path, sizeof list_path, "%s/%s.revoked", dir, c.stem);
    snprintf(crl_path, cap, "%s/%s.crl", dir, c.stem);
    static revoked list[MAX_REVOKED];
    int n = entry.serial[0] ? read_list(list_path, &entry, list) : -1;
    rc = n < 0 ? cli_fail("pki revoke", "reading the serial number") : write_crl(crl_path, &c, list, n, now);
    if (rc == 0)
      rc = write_list(list_path, list, n);
  }
  X509_free(c.cert);
  EVP_PKEY_free(c.key);
  X509_free(cert);
  return rc;
}
