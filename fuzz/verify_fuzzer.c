/*
 * Verification of arbitrary seals and signatures: the whole pipeline after
 * the parser (signature checks, chain building, report rendering) on input
 * that parsed. The context is made once, with a fixed clock and no anchors.
 */
#include "fuzz_common.h"

static eseal_ctx *context(void) {
  static eseal_ctx *ctx;
  if (ctx == NULL) {
    FUZZ_CHECK(eseal_ctx_new(&ctx) == 0);
    eseal_ctx_set_fixed_time(ctx, 1767225600);
  }
  return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const uint8_t document[] = "fuzzed document";
  eseal_data *d = NULL;
  FUZZ_CHECK(eseal_data_from_bytes(&d, document, sizeof document - 1) == 0);
  eseal_report *report = NULL;
  int rc = eseal_verify_bytes(&report, context(), data, size, d, NULL);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
  if (report) {
    eseal_indication ind = eseal_report_indication(report);
    FUZZ_CHECK(ind == ESEAL_TOTAL_PASSED || ind == ESEAL_TOTAL_FAILED || ind == ESEAL_INDETERMINATE);
    /* Without trust anchors nothing can be TOTAL_PASSED. */
    FUZZ_CHECK(ind != ESEAL_TOTAL_PASSED);
    eseal_buf buf = ESEAL_BUF_INIT;
    if (eseal_report_to_json(report, &buf) == 0)
      FUZZ_CHECK(buf.ptr != NULL && buf.ptr[buf.size] == 0);
    eseal_buf_dispose(&buf);
    if (eseal_report_to_text(report, &buf) == 0)
      fuzz_touch(buf.ptr, buf.size);
    eseal_buf_dispose(&buf);
    eseal_report_free(report);
  }
  eseal_data_free(d);
  return 0;
}
