/*
 * GB/T 35275 SignedData (OFD Type="Sign"): the reader and the whole
 * verification after it. Input: two bytes of Signature.xml length
 * (big-endian), Signature.xml, then SignedValue.dat; shorter input verifies
 * the bytes without a Signature.xml. Limits (src/ofd/signed_data.h): 1 MiB of
 * SignedData, 16 certificates, 32 attributes each signed and unsigned, one
 * SignerInfo; the reader descends only into known fields, so nesting is fixed.
 * The context has a fixed clock and no anchors.
 */
#include "fuzz_common.h"
#include "ofd/signed_data.h"

static eseal_ctx *context(void) {
  static eseal_ctx *ctx;
  if (ctx == NULL) {
    FUZZ_CHECK(eseal_ctx_new(&ctx) == 0);
    eseal_ctx_set_fixed_time(ctx, 1767225600);
  }
  return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *xml = NULL, *sd = data;
  size_t xml_len = 0, sd_len = size;
  if (size >= 2 && (size_t)((data[0] << 8) | data[1]) <= size - 2) {
    xml_len = (size_t)((data[0] << 8) | data[1]);
    xml = data + 2;
    sd = xml + xml_len;
    sd_len = size - 2 - xml_len;
  }
  const int64_t xml_time = 1767225600 - 86400;
  eseal_report *report = NULL;
  int rc = eseal_ofd__verify_signed_data(&report, context(), sd, sd_len, xml, xml_len,
                                         size & 1 ? &xml_time : NULL, NULL);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
  FUZZ_CHECK((rc == 0) == (report != NULL));
  if (report) {
    /* Without trust anchors nothing can be TOTAL_PASSED. */
    FUZZ_CHECK(eseal_report_indication(report) != ESEAL_TOTAL_PASSED);
    FUZZ_CHECK(eseal_report_find_check(report, "ofd.sign.format") >= 0);
    eseal_buf buf = ESEAL_BUF_INIT;
    if (eseal_report_to_json(report, &buf) == 0)
      FUZZ_CHECK(buf.ptr != NULL && buf.ptr[buf.size] == 0);
    eseal_buf_dispose(&buf);
    if (eseal_report_to_text(report, &buf) == 0)
      fuzz_touch(buf.ptr, buf.size);
    eseal_buf_dispose(&buf);
    eseal_report_free(report);
  }
  return 0;
}
