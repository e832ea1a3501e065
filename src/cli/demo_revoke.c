#include "demo_revoke.h"

#include <stdio.h>
#include <time.h>

#include "args.h"
#include "commands.h"
#include "core/text.h"
#include "pki.h"

/* A stamp with revocation configured: refused, or the demo went wrong. 1 refused, 0 not. */
static int stamp_refused(eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                         const eseal_cert *signer, const eseal_data *data) {
  eseal_signature *again = NULL;
  int rc = eseal_stamp(&again, ctx, seal, key, signer, data, NULL);
  eseal_signature_free(again);
  if (rc != ESEAL_EREVOKED) {
    printf("   the next stamp was NOT refused as it should have been\n");
    return 0;
  }
  fputs("   the next stamp is refused before anything is signed: ", stdout);
  eseal__text_escape_fputs(stdout, eseal_error_last()->message);
  fputc('\n', stdout);
  return 1;
}

/* The earlier stamp verified with the CRL: 1 when TOTAL_FAILED / REVOKED. */
static int reported(eseal_ctx *ctx, const eseal_signature *sig, const eseal_data *data) {
  eseal_report *report = NULL;
  if (eseal_verify(&report, ctx, sig, data, NULL) != 0)
    return cli_fail("demo", "verifying with the CRL");
  long i = eseal_report_find_check(report, "signer.revocation");
  int ok = eseal_report_indication(report) == ESEAL_TOTAL_FAILED &&
           eseal_report_sub_indication(report) == ESEAL_SUB_REVOKED && i >= 0;
  printf("   the contract's stamp, verified again with the CRL: %s / %s\n",
         eseal_indication_name(eseal_report_indication(report)),
         eseal_sub_indication_name(eseal_report_sub_indication(report)));
  if (i >= 0) {
    fputs("   signer.revocation: ", stdout);
    eseal__text_escape_fputs(stdout, eseal_report_check_message(report, (size_t)i));
    fputc('\n', stdout);
  }
  eseal_report_free(report);
  return ok;
}

int demo_revocation(const char *dir, eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                    const eseal_cert *signer, const eseal_signature *sig, const uint8_t *data,
                    size_t len) {
  printf("7. the signer CA revokes the signer's certificate (key compromise) and publishes its\n"
         "   CRL; stamping and verification are given that CRL (doc/revocation.md):\n");
  char cert[600], crl[4096];
  snprintf(cert, sizeof cert, "%s/" PKI_SIGNER_CERT, dir);
  int64_t now = (int64_t)time(NULL);
  int rc = pki_revoke(dir, cert, 1, now, now, crl, sizeof crl);
  if (rc)
    return rc;
  if (eseal_ctx_add_crl_file(ctx, crl) != 0)
    return cli_fail("demo", crl);
  printf("   CRL: %s\n", crl);
  eseal_data *d = NULL;
  if (eseal_data_from_bytes(&d, data, len) != 0)
    return cli_fail("demo", "reading the contract");
  int refused = stamp_refused(ctx, seal, key, signer, d);
  int failed = reported(ctx, sig, d);
  eseal_data_free(d);
  if (failed > 1)
    return failed;
  return refused && failed;
}
