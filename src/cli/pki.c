/* eseal pki init: a throwaway SM2 PKI for demos and tests. Never for production. */
#include "pki.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "core/text.h"
#include "pki_trust_list.h"
#include "x509/issue.h"

/* Writes `cert` (and `second`, when given, after it) or `key` as PEM. */
static int write_pem(const char *dir, const char *name, X509 *cert, X509 *second, EVP_PKEY *key) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  BIO *bio = BIO_new(BIO_s_mem());
  int ok = bio && (cert ? PEM_write_bio_X509(bio, cert) &&
                              (second == NULL || PEM_write_bio_X509(bio, second))
                        : PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL));
  char *data = NULL;
  long len = ok ? BIO_get_mem_data(bio, &data) : 0;
  int rc = ok ? cli_write_file("pki", path, (const uint8_t *)data, (size_t)len) : EXIT_ERROR;
  if (rc == 0 && key)
    chmod(path, 0600);
  BIO_free(bio);
  return rc;
}

typedef struct party {
  EVP_PKEY *key;
  X509 *cert;
} party;

static void party_free(party *p) {
  EVP_PKEY_free(p->key);
  X509_free(p->cert);
}

static int issue(party *p, const char *cn, const char *org, int64_t from, int64_t to, int ca,
                 uint64_t serial, const party *issuer) {
  p->key = eseal__sm2_generate();
  if (p->key == NULL)
    return -1;
  eseal__cert_spec spec = {
      cn, org, from, to, ca,
      ca ? KU_KEY_CERT_SIGN | KU_CRL_SIGN : KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION,
      serial, p->key, issuer ? issuer->cert : NULL, issuer ? issuer->key : NULL};
  p->cert = eseal__issue_cert(&spec, (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                              strlen(ESEAL_SM2_DEFAULT_ID));
  return p->cert ? 0 : -1;
}

int pki_make(const char *dir, const char *organisation, int64_t now, int days) {
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
    fprintf(stderr, "eseal pki: cannot create %s: %s; check that its parent folder exists\n", dir,
            strerror(errno));
    return EXIT_ERROR;
  }
  int64_t from = now - 86400, to = now + (int64_t)days * 86400, ca_to = now + 3650LL * 86400;
  party maker_ca = {0}, signer_ca = {0}, maker = {0}, signer = {0}, operator = {0};
  int rc = EXIT_ERROR;
  /* Two CAs, so that a signer's certificate can never pass as a seal maker's. */
  if (issue(&maker_ca, "libeseal Test Seal Maker CA", "libeseal test PKI", from, ca_to, 1, 1,
            NULL) == 0 &&
      issue(&signer_ca, "libeseal Test Signer CA", "libeseal test PKI", from, ca_to, 1, 2,
            NULL) == 0 &&
      issue(&maker, "libeseal Test Seal Maker", "libeseal test PKI", from, to, 0, 3, &maker_ca) ==
          0 &&
      issue(&signer, "Test Signer", organisation, from, to, 0, 4, &signer_ca) == 0 &&
      issue(&operator, "libeseal Test Trust-List Operator", "libeseal test PKI", from, ca_to, 0, 5,
            NULL) == 0) {
    rc = write_pem(dir, PKI_MAKER_CA_CERT, maker_ca.cert, NULL, NULL);
    if (!rc)
      rc = write_pem(dir, PKI_SIGNER_CA_CERT, signer_ca.cert, NULL, NULL);
    if (!rc)
      rc = write_pem(dir, PKI_MAKER_CA_KEY, NULL, NULL, maker_ca.key);
    if (!rc)
      rc = write_pem(dir, PKI_SIGNER_CA_KEY, NULL, NULL, signer_ca.key);
    if (!rc)
      rc = write_pem(dir, PKI_ROOT_CERT, maker_ca.cert, signer_ca.cert, NULL);
    if (!rc)
      rc = write_pem(dir, PKI_MAKER_CERT, maker.cert, NULL, NULL);
    if (!rc)
      rc = write_pem(dir, PKI_MAKER_KEY, NULL, NULL, maker.key);
    if (!rc)
      rc = write_pem(dir, PKI_SIGNER_CERT, signer.cert, NULL, NULL);
    if (!rc)
      rc = write_pem(dir, PKI_SIGNER_KEY, NULL, NULL, signer.key);
    if (!rc)
      rc = write_pem(dir, PKI_OPERATOR_CERT, operator.cert, NULL, NULL);
    if (!rc)
      rc = write_pem(dir, PKI_OPERATOR_KEY, NULL, NULL, operator.key);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, PKI_TRUST_LIST);
    if (!rc)
      rc = pki_write_trust_list(path, maker_ca.cert, signer_ca.cert, operator.key, now, days);
  } else {
    cli_fail("pki", "issuing the test certificates");
  }
  party_free(&maker_ca);
  party_free(&signer_ca);
  party_free(&maker);
  party_free(&signer);
  party_free(&operator);
  return rc;
}

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal pki init [--organisation NAME] [--days N] [--force] DIR\n"
          "       eseal pki revoke [--reason REASON] [--at TIME] DIR CERT\n\n"
          "Makes a throwaway SM2 test PKI in DIR, for demos and tests only:\n"
          "  " PKI_MAKER_CA_CERT "  seal-maker CA (eseal verify --trust-maker)\n"
          "  " PKI_SIGNER_CA_CERT " signer CA (eseal verify --trust-signer)\n"
          "  " PKI_MAKER_CA_KEY ", " PKI_SIGNER_CA_KEY " their keys (for pki revoke)\n"
          "  " PKI_ROOT_CERT "      both CAs in one bundle (--trust: default roles, no\n"
          "                separation between makers and signers)\n"
          "  " PKI_MAKER_CERT "     seal maker certificate, " PKI_MAKER_KEY " its key\n"
          "  " PKI_SIGNER_CERT "    signer certificate, " PKI_SIGNER_KEY " its key\n"
          "  " PKI_TRUST_LIST " both CAs with their roles, signed by the trust-list\n"
          "                operator " PKI_OPERATOR_CERT " (" PKI_OPERATOR_KEY " its key):\n"
          "                eseal verify --trust-list " PKI_TRUST_LIST
          " --trust-list-operator " PKI_OPERATOR_CERT "\n"
          "Keys are unencrypted PKCS#8 PEM files readable only by you.\n\n"
          "  --organisation NAME  the signer's organisation (O=), drawn on generated seals\n"
          "                       (default: 示例科技有限公司)\n"
          "  --days N             validity of the maker and signer certificates (default 825)\n\n"
          "  --force              overwrite the files of an earlier PKI in DIR (without it,\n"
          "                       pki init refuses to touch existing keys and certificates)\n\n"
          "pki revoke adds CERT (issued by one of DIR's CAs) to that CA's revocation list and\n"
          "writes its CRL, DIR/maker-ca.crl or DIR/signer-ca.crl, valid for 7 days\n"
          "(eseal verify --crl, doc/revocation.md):\n"
          "  --reason REASON      keyCompromise (default), superseded, cessationOfOperation,\n"
          "                       affiliationChanged, unspecified, …\n"
          "  --at TIME            when it was revoked (default now)\n\n"
          "Exit status: 0 done, 6 files exist (give --force), " CLI_EXIT_HELP_ERRORS ".\n");
}

/*
 * EXIT_EXISTS, naming them, when any file pki init writes exists in `dir`: a
 * key overwritten by mistake cannot be had back.
 */
static int refuse_existing(const char *dir) {
  static const char *const names[] = {PKI_MAKER_CA_CERT, PKI_SIGNER_CA_CERT, PKI_MAKER_CA_KEY,
                                      PKI_SIGNER_CA_KEY, PKI_ROOT_CERT,      PKI_MAKER_CERT,
                                      PKI_MAKER_KEY,     PKI_SIGNER_CERT,    PKI_SIGNER_KEY,
                                      PKI_TRUST_LIST,    PKI_OPERATOR_CERT,  PKI_OPERATOR_KEY};
  int found = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (lstat(path, &st) != 0)
      continue;
    fprintf(stderr, "%s%s", found++ ? ", " : "eseal pki: would overwrite ", names[i]);
  }
  if (!found)
    return 0;
  fputs(" in ", stderr);
  eseal__text_escape_fputs(stderr, dir);
  fputs("; give --force to overwrite them, or another DIR\n", stderr);
  return EXIT_EXISTS;
}

/* The CRLReason named `name`, or -2. */
static int reason_named(const char *name) {
  for (int r = 0; r <= 10; r++)
    if (eseal_revocation_reason_name(r) && strcmp(eseal_revocation_reason_name(r), name) == 0)
      return r;
  return -2;
}

static int revoke(const char *dir, const char *cert, const char *reason_text, const char *at_text) {
  int reason = reason_text ? reason_named(reason_text) : 1;
  int64_t now = (int64_t)time(NULL), at = now;
  if (reason < -1 || reason == 7 || (at_text && cli_parse_time(at_text, &at) != 0)) {
    fprintf(stderr, "eseal pki revoke: %s is not a %s (see eseal pki --help)\n",
            reason < -1 || reason == 7 ? "--reason" : "--at",
            reason < -1 || reason == 7 ? "CRLReason name" : "time");
    return EXIT_USAGE;
  }
  char crl[4096];
  int rc = pki_revoke(dir, cert, reason, at, now, crl, sizeof crl);
  if (rc == 0)
    cli_say("revoked; the CA's CRL is %s (eseal verify --crl %s)\n", crl, crl);
  return rc;
}

static int run(int argc, char **argv) {
  const char *org = "示例科技有限公司", *days_text = NULL, *pos[3], *reason = NULL, *at = NULL;
  int force = 0;
  const cli_opt opts[] = {{"--organisation", CLI_VALUE, &org},
                          {"--days", CLI_VALUE, &days_text},
                          {"--force", CLI_FLAG, &force},
                          {"--reason", CLI_VALUE, &reason},
                          {"--at", CLI_VALUE, &at},
                          {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("pki", argc, argv, opts, pos, 3, &n);
  if (rc)
    return rc;
  if (n == 3 && strcmp(pos[0], "revoke") == 0)
    return revoke(pos[1], pos[2], reason, at);
  if (n != 2 || strcmp(pos[0], "init") != 0) {
    usage(stderr);
    return EXIT_USAGE;
  }
  int days = days_text ? atoi(days_text) : 825;
  if (days < 1 || days > 36500) {
    fprintf(stderr, "eseal pki: --days must be 1..36500\n");
    return EXIT_USAGE;
  }
  if (!force && (rc = refuse_existing(pos[1])) != 0)
    return rc;
  rc = pki_make(pos[1], org, (int64_t)time(NULL), days);
  if (rc == 0)
    cli_say("test PKI written to %s (trust: --trust-list %s/" PKI_TRUST_LIST
            " --trust-list-operator %s/" PKI_OPERATOR_CERT ")\n",
            pos[1], pos[1], pos[1]);
  return rc;
}

const cli_command cli_pki = {"pki", "make a throwaway SM2 test PKI (two CAs, maker, signer)", run,
                             usage};
