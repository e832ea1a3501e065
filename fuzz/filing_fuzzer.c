/*
 * The filing identity (src/codec/filing*.c): the input is read as a filing
 * ExtData value, and, cut at its first NUL, as an esID and a credit code. An
 * accepted ExtData has four NUL-terminated UTF-8 fields within their limits
 * and encodes back to the same bytes; the code validators never read past
 * the text and agree with their own parts.
 */
#include <stdlib.h>
#include <string.h>

#include "core/dbuf.h"
#include "core/text.h"
#include "codec/filing.h"
#include "fuzz_common.h"

static void check_ext_data(const uint8_t *data, size_t size) {
  eseal__filing f;
  const char *why = NULL;
  if (eseal__filing_parse(data, size, &f, &why) != 0) {
    FUZZ_CHECK(why != NULL);
    return;
  }
  const char *fields[4] = {f.authority, f.number, f.date, f.credit_code};
  const size_t max[4] = {ESEAL__FILING_AUTHORITY_MAX, ESEAL__FILING_NUMBER_MAX,
                         ESEAL__FILING_DATE_LEN, ESEAL__CREDIT_CODE_LEN};
  for (int i = 0; i < 4; i++) {
    size_t n = strlen(fields[i]);
    FUZZ_CHECK(n >= 1 && n <= max[i] && eseal__utf8_valid((const uint8_t *)fields[i], n));
  }
  eseal_filing_info info = ESEAL_FILING_INFO_INIT;
  info.authority = f.authority;
  info.number = f.number;
  info.date = f.date;
  info.credit_code = f.credit_code;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__filing_encode(&b, &info);
  if (b.failed == 0)
    FUZZ_CHECK(b.len == size && memcmp(b.ptr, data, size) == 0);
  eseal__dbuf_release(&b);
  /* What the maker accepts is exactly a valid date and credit code. */
  eseal_error_clear();
  int ok = eseal__filing_check(&info) == 0;
  FUZZ_CHECK(ok == (eseal__filing_date_valid(f.date) &&
                    eseal__credit_code_check(f.credit_code) == ESEAL__CREDIT_OK));
}

static void check_codes(const char *text) {
  size_t n = strlen(text);
  eseal__esid_class c;
  eseal__esid_classify(text, &c);
  if (c.form == ESEAL__ESID_OTHER) {
    FUZZ_CHECK(c.why != NULL);
  } else {
    FUZZ_CHECK(n == (c.form == ESEAL__ESID_FILING_13 ? 13u : 14u));
    FUZZ_CHECK(strlen(c.area) == 6 && memcmp(c.area, text, 6) == 0);
    FUZZ_CHECK(strlen(c.serial) == n - 6 && memcmp(c.serial, text + 6, n - 6) == 0);
    FUZZ_CHECK(eseal__province_code(text));
  }
  eseal__credit_error e = eseal__credit_code_check(text);
  if (e == ESEAL__CREDIT_OK)
    FUZZ_CHECK(n == 18 && eseal__credit_check_char(text) == text[17] &&
               eseal__org_check_char(text + 8) == text[16]);
  else
    FUZZ_CHECK(eseal__credit_error_text(e) != NULL);
  (void)eseal__filing_date_valid(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_ext_data(data, size);
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  check_codes(text);
  free(text);
  return 0;
}
