/*
 * Verifies a signature against its file and prints the report.
 *
 *   verify ROOTS SIGNATURE FILE
 *
 * ROOTS is a PEM bundle or a directory of trusted root certificates.
 * Exit status: 0 passed, 1 failed, 2 indeterminate, 3 could not verify.
 */
#include <stdio.h>

#include <eseal.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s ROOTS SIGNATURE FILE\n", argv[0]);
    return 64;
  }
  eseal_ctx *ctx = NULL;
  eseal_signature *sig = NULL;
  eseal_data *data = NULL;
  eseal_report *report = NULL;
  eseal_buf text = ESEAL_BUF_INIT;
  int rc = 3;

  if (eseal_ctx_new(&ctx) || eseal_ctx_add_trust_path(ctx, argv[1]) ||
      eseal_signature_parse_file(&sig, argv[2], NULL) || eseal_data_from_file(&data, argv[3]) ||
      eseal_verify(&report, ctx, sig, data, NULL) || eseal_report_to_text(report, &text)) {
    fprintf(stderr, "%s\n", eseal_error_last()->message);
  } else {
    fwrite(text.ptr, 1, text.size, stdout);
    /* The verdict is in the report, not in the return code. */
    for (size_t i = 0; i < eseal_report_check_count(report); i++)
      if (eseal_report_check_status(report, i) == ESEAL_CHECK_NOT_OK)
        printf("failed check: %s\n", eseal_report_check_id(report, i));
    rc = eseal_report_indication(report) == ESEAL_TOTAL_PASSED   ? 0
         : eseal_report_indication(report) == ESEAL_TOTAL_FAILED ? 1
                                                                  : 2;
  }
  eseal_buf_dispose(&text);
  eseal_report_free(report);
  eseal_data_free(data);
  eseal_signature_free(sig);
  eseal_ctx_free(ctx);
  return rc;
}
