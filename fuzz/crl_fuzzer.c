/*
 * CRL reading and checking (src/revocation/crl*.c) on outside bytes: each
 * input is read with eseal__crl_read and, when it holds CRLs, judged with
 * eseal__crl_status for a fixed leaf against its SM2 CA and a CRL signer the
 * CA certified. The seeds of corpus/crl (complete, delta, IDP, indirect CRLs,
 * a two-CRL PEM) were signed by these certificates' keys, which were made
 * with tests/support/crl_builder.h and not kept. A finding: a crash, a leak,
 * an error other than ENOMEM from the status, or an answer out of contract.
 */
#include <string.h>

#include <openssl/pem.h>

#include "fuzz_common.h"
#include "revocation/crl.h"

/* 2027-01-01T00:00:00Z: the seeds are current then. */
#define FUZZ_CRL_CLOCK 1798761600

/* SM2, CA, cRLSign; serial 1000. */
static const char kCa[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBkTCCATagAwIBAgICA+gwCgYIKoEcz1UBg3UwLzEXMBUGA1UECgwObGliZXNl\n"
    "YWwgdGVzdHMxFDASBgNVBAMMC0Z1enogQ1JMIENBMB4XDTI2MDEwMTAwMDAwMFoX\n"
    "DTQ2MTIyNzAwMDAwMFowLzEXMBUGA1UECgwObGliZXNlYWwgdGVzdHMxFDASBgNV\n"
    "BAMMC0Z1enogQ1JMIENBMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE9Tt7e4Ip\n"
    "Bolrb99DTFgAq6M6Lrewq0gjcs/ihbmOyCmwUZkQQcyNt2myul2AzdYLIW5ZZTbY\n"
    "2A6pCCMhKT10R6NCMEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw\n"
    "HQYDVR0OBBYEFChH9qfj6iPLUm0JLXC8A7ilZjHlMAoGCCqBHM9VAYN1A0kAMEYC\n"
    "IQDolYKwlVL9XBSE7vS9SmedsKqR9nh+9beD22tJ6ZerMgIhAKZ/Sh1k377zrUDE\n"
    "eiIusdjfECHLrdVDfQn9DUzFMpKL\n"
    "-----END CERTIFICATE-----\n";

/* "Fuzz CRL Signer", issued by the CA, cRLSign only: the indirect CRL's signer. */
static const char kSigner[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBlTCCATqgAwIBAgICA+kwCgYIKoEcz1UBg3UwLzEXMBUGA1UECgwObGliZXNl\n"
    "YWwgdGVzdHMxFDASBgNVBAMMC0Z1enogQ1JMIENBMB4XDTI2MDEwMTAwMDAwMFoX\n"
    "DTQ2MTIyNzAwMDAwMFowMzEXMBUGA1UECgwObGliZXNlYWwgdGVzdHMxGDAWBgNV\n"
    "BAMMD0Z1enogQ1JMIFNpZ25lcjBZMBMGByqGSM49AgEGCCqBHM9VAYItA0IABAIF\n"
    "mb+mZf35wy9BuR89Z3JLCl7lDUDRT/Nnj8ffCH7FCKl2AHqcTGuUa5gH0pnUDJAF\n"
    "1JSyq07Wwq9PgAgRkhGjQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQD\n"
    "AgECMB0GA1UdDgQWBBTxaffS71kYpa3klg1sba/6FVGHJzAKBggqgRzPVQGDdQNJ\n"
    "ADBGAiEAgnJJzfhwzvyLccMZq4LDgJKyy1LLHM+LZKbD/4Hu5dMCIQD5Tv7F2Ypp\n"
    "htfivmbPipg2hPX77zi0ubTsMkS1BbtoFQ==\n"
    "-----END CERTIFICATE-----\n";

/* Serial 7; CRL distribution points http://crl.example/ca.crl and cRLIssuer "Fuzz CRL Signer". */
static const char kLeaf[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIB8zCCAZmgAwIBAgIBBzAKBggqgRzPVQGDdTAvMRcwFQYDVQQKDA5saWJlc2Vh\n"
    "bCB0ZXN0czEUMBIGA1UEAwwLRnV6eiBDUkwgQ0EwHhcNMjYwMTAxMDAwMDAwWhcN\n"
    "NDYxMjI3MDAwMDAwWjAtMRcwFQYDVQQKDA5saWJlc2VhbCB0ZXN0czESMBAGA1UE\n"
    "AwwJRnV6eiBsZWFmMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE0a5SJVfktNXA\n"
    "QzDnVW/WzsjPNC/6y3lvxYhYwdxpp2K5iACcGPulANl3in9xbVOZTf5SK6FWJi1H\n"
    "Eoie+iyZzKOBpzCBpDAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDAdBgNV\n"
    "HQ4EFgQUY4+GZPOK06luA1QW7SNU5zEK3IYwZQYDVR0fBF4wXDAfoB2gG4YZaHR0\n"
    "cDovL2NybC5leGFtcGxlL2NhLmNybDA5ojekNTAzMRcwFQYDVQQKDA5saWJlc2Vh\n"
    "bCB0ZXN0czEYMBYGA1UEAwwPRnV6eiBDUkwgU2lnbmVyMAoGCCqBHM9VAYN1A0gA\n"
    "MEUCIAViNzrUNL7pxeJpv8xyK9oG68qAxisxixCd9K9ftEj4AiEA0iTq3HG7INHz\n"
    "B26fJbFfgkI4YOEbXjR+4RsQdNWlVkU=\n"
    "-----END CERTIFICATE-----\n";

static X509 *cert(const char *pem) {
  BIO *bio = BIO_new_mem_buf(pem, -1);
  X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
  BIO_free(bio);
  FUZZ_CHECK(x != NULL);
  return x;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static X509 *ca, *leaf;
  static STACK_OF(X509) *signers;
  if (ca == NULL) {
    ca = cert(kCa);
    leaf = cert(kLeaf);
    signers = sk_X509_new_null();
    FUZZ_CHECK(signers != NULL && sk_X509_push(signers, cert(kSigner)) == 1);
  }
  STACK_OF(X509_CRL) *crls = NULL;
  int rc = eseal__crl_read(data, size, &crls);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_EFORMAT || rc == ESEAL_ENOMEM || rc == ESEAL_ELIMIT);
  FUZZ_CHECK(rc != 0 || sk_X509_CRL_num(crls) > 0);
  if (rc == 0) {
    eseal__rev_answer a;
    rc = eseal__crl_status(crls, leaf, ca, signers, (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                           strlen(ESEAL_SM2_DEFAULT_ID), FUZZ_CRL_CLOCK, 300, &a);
    FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
    if (rc == 0) {
      FUZZ_CHECK(a.status == ESEAL__REV_GOOD || a.status == ESEAL__REV_REVOKED ||
                 a.status == ESEAL__REV_UNUSABLE);
      FUZZ_CHECK(memchr(a.detail, 0, sizeof a.detail) != NULL && a.detail[0] != 0);
      FUZZ_CHECK(strcmp(a.source, "crl") == 0 || strcmp(a.source, "delta-crl") == 0);
      /* Only a CRL dated no later than the clock (plus the skew) may answer. */
      FUZZ_CHECK(a.status == ESEAL__REV_UNUSABLE || a.this_update <= FUZZ_CRL_CLOCK + 300);
    }
  }
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
  return 0;
}
