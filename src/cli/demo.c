/*
 * eseal demo: the whole job on embedded defaults. A test PKI, a seal with a
 * picture drawn from its elements, a stamped file, its verification report,
 * then the same check after one byte of the file changed.
 */
/* nftw() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "demo_loss.h"
#include "demo_risk.h"
#include "demo_revoke.h"
#include "pki.h"
#include "verify_cmd.h"

static const char contract[] =
    "采购合同 / Purchase contract No. 2026-0001\n"
    "The buyer orders 100 units at 25.00 CNY each, 2,500.00 CNY in total.\n";

typedef struct demo {
  char dir[256];
  eseal_ctx *ctx;
  eseal_key *maker_key, *signer_key;
  eseal_cert *maker, *signer;
  eseal_seal *seal;
  eseal_signature *sig;
} demo;

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal demo [--risk] [--keep DIR]\n\n"
          "Runs the whole job on embedded defaults, in a temporary directory:\n"
          "  1. makes a throwaway SM2 PKI (seal-maker CA, signer CA, maker, signer)\n"
          "  2. makes a V4 seal whose picture is drawn from its own elements\n"
          "  3. stamps a contract file with it\n"
          "  4. verifies the signature and prints the report\n"
          "  5. changes one byte of the contract and verifies again: the data.hash check fails\n"
          "  6. registers the seal in a registry, reports it lost, and the next stamp is refused\n"
          "  7. the signer CA revokes the signer's certificate and publishes a CRL: the next\n"
          "     stamp is refused, and the contract's stamp now verifies as REVOKED\n\n"
          "  --risk      instead of 3-7, risk control (doc/risk-control.md): with a policy\n"
          "              of working hours at freeze level, a stamp at 23:00 is refused and\n"
          "              alerts and freezes the seal, the next stamp is refused, a\n"
          "              supervisor's signed order unfreezes it, stamping works again, and\n"
          "              the usage log is shown and verified\n"
          "  --keep DIR  write the files into DIR and keep them\n\n"
          "Exit status: 0 when the demo went as described, 1 otherwise, " CLI_EXIT_HELP_ERRORS
          ".\n");
}

static void path_of(const demo *d, const char *name, char *out, size_t cap) {
  snprintf(out, cap, "%s/%s", d->dir, name);
}

static int load(demo *d) {
  char key[512], cert[512];
  path_of(d, PKI_MAKER_KEY, key, sizeof key);
  path_of(d, PKI_MAKER_CERT, cert, sizeof cert);
  if (eseal_key_load_file(&d->maker_key, NULL, key, NULL) ||
      eseal_cert_load_file(&d->maker, cert))
    return cli_fail("demo", "loading the maker");
  path_of(d, PKI_SIGNER_KEY, key, sizeof key);
  path_of(d, PKI_SIGNER_CERT, cert, sizeof cert);
  if (eseal_key_load_file(&d->signer_key, NULL, key, NULL) ||
      eseal_cert_load_file(&d->signer, cert))
    return cli_fail("demo", "loading the signer");
  /* The trust list names each CA for its own role only; its operator signed it. */
  eseal_cert *operator_cert = NULL;
  char list[512];
  path_of(d, PKI_OPERATOR_CERT, cert, sizeof cert);
  path_of(d, PKI_TRUST_LIST, list, sizeof list);
  int rc = eseal_cert_load_file(&operator_cert, cert) ||
           eseal_ctx_load_trust_list_file(d->ctx, list, operator_cert);
  eseal_cert_free(operator_cert);
  return rc ? cli_fail("demo", "loading the trust list") : 0;
}

/* The organisation of the demo's signer certificate (O=), drawn on its seal. */
static const char demo_org[] = "示例科技有限公司";

/* The seal's picture again as a PNG, as OFD readers and V1 seals take it. */
static int write_png(demo *d) {
  eseal_picture_options po = ESEAL_PICTURE_OPTIONS_INIT;
  po.organisation = demo_org;
  po.name = eseal_seal_name(d->seal);
  po.code = eseal_seal_esid(d->seal);
  eseal_buf png = ESEAL_BUF_INIT;
  char path[512];
  path_of(d, "seal.png", path, sizeof path);
  int rc = eseal_picture_png(&png, &po, 300) ? cli_fail("demo", "drawing the PNG picture")
                                             : cli_write_file("demo", path, png.ptr, png.size);
  eseal_buf_dispose(&png);
  if (rc == 0)
    printf("   the same picture as PNG (300 dpi): %s\n", path);
  return rc;
}

static int make_seal(demo *d, int64_t now) {
  eseal_seal_builder *b = NULL;
  eseal_picture_options po = ESEAL_PICTURE_OPTIONS_INIT;
  po.diameter_mm = 42;
  int rc = 0;
  if (eseal_seal_builder_new(&b) || eseal_seal_builder_set_esid(b, "3201020012345") ||
      eseal_seal_builder_set_name(b, "合同专用章") || eseal_seal_builder_set_type(b, 3) ||
      eseal_seal_builder_add_signer_cert(b, d->signer) ||
      eseal_seal_builder_set_dates(b, now, now, now + 365LL * 86400) ||
      eseal_seal_builder_draw_picture(b, &po) ||
      eseal_seal_build(&d->seal, d->ctx, b, d->maker_key, d->maker))
    rc = cli_fail("demo", "making the seal");
  eseal_seal_builder_free(b);
  if (rc)
    return rc;
  char path[512];
  size_t len = 0;
  const uint8_t *bytes = eseal_seal_picture_data(d->seal, &len);
  path_of(d, "seal.svg", path, sizeof path);
  if ((rc = cli_write_file("demo", path, bytes, len)) != 0)
    return rc;
  bytes = eseal_seal_bytes(d->seal, &len);
  path_of(d, "seal.esl", path, sizeof path);
  if ((rc = cli_write_file("demo", path, bytes, len)) != 0)
    return rc;
  printf("2. seal \"%s\" (esID %s, V4, %zu bytes) made and signed by the maker: %s\n"
         "   its picture, drawn from the seal's elements: %s/seal.svg\n",
         eseal_seal_name(d->seal), eseal_seal_esid(d->seal), len, path, d->dir);
  return write_png(d);
}

static int stamp(demo *d) {
  char path[512];
  path_of(d, "contract.txt", path, sizeof path);
  int rc = cli_write_file("demo", path, (const uint8_t *)contract, sizeof contract - 1);
  if (rc)
    return rc;
  eseal_data *data = NULL;
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.property_info = "contract.txt";
  if (eseal_data_from_file(&data, path) ||
      eseal_stamp(&d->sig, d->ctx, d->seal, d->signer_key, d->signer, data, &so))
    rc = cli_fail("demo", "stamping");
  eseal_data_free(data);
  if (rc)
    return rc;
  size_t len = 0;
  const uint8_t *bytes = eseal_signature_bytes(d->sig, &len);
  path_of(d, "contract.sig", path, sizeof path);
  if ((rc = cli_write_file("demo", path, bytes, len)) != 0)
    return rc;
  printf("3. %s/contract.txt stamped by the signer: %s\n", d->dir, path);
  return 0;
}

/* Verifies the signature against the contract bytes; the report's indication, or -1. */
static int verify(demo *d, const char *contents, size_t len) {
  eseal_data *data = NULL;
  eseal_report *report = NULL;
  int result = -1;
  if (eseal_data_from_bytes(&data, (const uint8_t *)contents, len) ||
      eseal_verify(&report, d->ctx, d->sig, data, NULL)) {
    cli_fail("demo", "verifying");
  } else {
    printf("\n");
    verify_print(report, 0);
    printf("\n");
    result = (int)eseal_report_indication(report) * 100 + (int)eseal_report_sub_indication(report);
  }
  eseal_report_free(report);
  eseal_data_free(data);
  return result;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void release(demo *d) {
  eseal_signature_free(d->sig);
  eseal_seal_free(d->seal);
  eseal_cert_free(d->maker);
  eseal_cert_free(d->signer);
  eseal_key_free(d->maker_key);
  eseal_key_free(d->signer_key);
  eseal_ctx_free(d->ctx);
}

static int run_demo(demo *d, int risk) {
  int64_t now = (int64_t)time(NULL);
  int rc = pki_make(d->dir, demo_org, now, 825);
  if (rc)
    return rc;
  printf("1. test PKI (seal-maker CA, signer CA, seal maker, signer; SM2) made in %s\n",
         d->dir);
  if (eseal_ctx_new(&d->ctx))
    return cli_fail("demo", "setting up");
  if ((rc = load(d)) != 0 || (rc = make_seal(d, now)) != 0)
    return rc;
  if (risk) {
    rc = demo_risk(d->dir, d->ctx, d->seal, d->signer_key, d->signer);
    if (rc > 1)
      return rc;
    printf("%s\n", rc == 1 ? "Demo complete: the out-of-hours stamp alerted and froze the seal, the "
                             "next stamp was refused, and the supervisor's unfreeze restored it."
                           : "Demo did not go as expected (see above).");
    return rc == 1 ? 0 : EXIT_FAILED;
  }
  if ((rc = stamp(d)) != 0)
    return rc;
  printf("4. verifying the signature against the contract, with the signed trust list that\n"
         "   trusts the maker CA for seal makers only and the signer CA for signers only:\n");
  int first = verify(d, contract, sizeof contract - 1);
  char tampered[sizeof contract];
  memcpy(tampered, contract, sizeof contract);
  tampered[sizeof contract - 12] ^= 0x01; /* "2,500.00" becomes "2,501.00" */
  printf("5. one byte of the contract changed; verifying again:\n");
  int second = verify(d, tampered, sizeof contract - 1);
  int third = demo_loss_report(d->dir, d->ctx, d->seal, d->signer_key, d->signer);
  if (third > 1)
    return third;
  int fourth = demo_revocation(d->dir, d->ctx, d->seal, d->signer_key, d->signer, d->sig,
                               (const uint8_t *)contract, sizeof contract - 1);
  if (fourth > 1)
    return fourth;
  int as_expected = first == ESEAL_TOTAL_PASSED * 100 &&
                    second == ESEAL_TOTAL_FAILED * 100 + ESEAL_SUB_HASH_FAILURE && third == 1 &&
                    fourth == 1;
  printf("%s\n", as_expected ? "Demo complete: the stamp verified, the change was detected, the "
                               "lost seal could not stamp, and the revoked signer could not stamp "
                               "and was reported."
                             : "Demo did not go as expected (see the reports above).");
  return as_expected ? 0 : EXIT_FAILED;
}

static int run(int argc, char **argv) {
  const char *keep = NULL, *pos[1];
  int risk = 0;
  const cli_opt opts[] = {
      {"--keep", CLI_VALUE, &keep}, {"--risk", CLI_FLAG, &risk}, {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("demo", argc, argv, opts, pos, 0, &n);
  if (rc)
    return rc;
  demo d = {0};
  if (keep) {
    snprintf(d.dir, sizeof d.dir, "%s", keep);
  } else {
    const char *tmp = getenv("TMPDIR");
    snprintf(d.dir, sizeof d.dir, "%s/eseal-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(d.dir) == NULL) {
      fprintf(stderr, "eseal demo: cannot make a temporary directory: %s\n", strerror(errno));
      return EXIT_ERROR;
    }
  }
  rc = run_demo(&d, risk);
  release(&d);
  if (!keep)
    nftw(d.dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
  return rc;
}

const cli_command cli_demo = {"demo", "make a seal, stamp a file, verify it, then tamper with it",
                              run, usage};
