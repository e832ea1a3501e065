/*
 * The filing ExtData value (doc/filing.md):
 *   FilingInfo ::= SEQUENCE { authority UTF8String, number UTF8String,
 *                             date UTF8String, creditCode UTF8String }
 * found in a seal and read strictly and bounded, checked as the maker takes
 * it, and written.
 */
#include <string.h>

#include "eseal/errors.h"
#include "filing.h"
#include "../asn1/der.h"
#include "../core/error.h"
#include "../core/text.h"

static const size_t field_max[4] = {ESEAL__FILING_AUTHORITY_MAX, ESEAL__FILING_NUMBER_MAX,
                                    ESEAL__FILING_DATE_LEN, ESEAL__CREDIT_CODE_LEN};

/* UTF-8 of 1..max bytes without NUL. */
static int field_text_ok(const uint8_t *s, size_t len, size_t max) {
  return len >= 1 && len <= max && memchr(s, 0, len) == NULL && eseal__utf8_valid(s, len);
}

int eseal__filing_parse(const uint8_t *der, size_t len, eseal__filing *out, const char **why) {
  memset(out, 0, sizeof *out);
  eseal__tlv seq;
  if (der == NULL) {
    *why = "no value";
    return -1;
  }
  if (eseal__der_read(&seq, der, len, why) != 0)
    return -1;
  if (seq.tag != DER_SEQUENCE || seq.tlv_len != len) {
    *why = seq.tag != DER_SEQUENCE ? "not a SEQUENCE" : "bytes after the SEQUENCE";
    return -1;
  }
  eseal__der_iter it;
  eseal__der_iter_init(&it, seq.val, seq.val_len);
  const char **slots[4] = {&out->authority, &out->number, &out->date, &out->credit_code};
  size_t used = 0;
  for (int i = 0; i < 4; i++) {
    eseal__tlv f;
    if (eseal__der_iter_done(&it)) {
      *why = "fewer than four fields";
      return -1;
    }
    if (eseal__der_iter_next(&it, &f, why) != 0)
      return -1;
    if (f.tag != DER_UTF8_STRING) {
      *why = "a field is not a UTF8String";
      return -1;
    }
    if (!field_text_ok(f.val, f.val_len, field_max[i])) {
      *why = f.val_len > field_max[i] ? "a field is over-long" : "a field is empty or not UTF-8";
      return -1;
    }
    memcpy(out->text + used, f.val, f.val_len);
    out->text[used + f.val_len] = '\0';
    *slots[i] = out->text + used;
    used += f.val_len + 1;
  }
  if (!eseal__der_iter_done(&it)) {
    *why = "more than four fields";
    return -1;
  }
  return 0;
}

eseal__filing_status eseal__filing_of_seal(const eseal_seal *seal, eseal__filing *out,
                                           const char **why) {
  const eseal_extensions *ext = eseal_seal_extensions(seal);
  size_t found = 0, at = 0;
  for (size_t i = 0; i < eseal_extensions_count(ext); i++)
    if (strcmp(eseal_extensions_oid(ext, i), ESEAL__OID_FILING) == 0) {
      found++;
      at = i;
    }
  if (found != 1)
    return found ? ESEAL__FILING_SEVERAL : ESEAL__FILING_ABSENT;
  size_t len = 0;
  const uint8_t *value = eseal_extensions_value(ext, at, &len);
  return eseal__filing_parse(value, len, out, why) == 0 ? ESEAL__FILING_PRESENT
                                                        : ESEAL__FILING_MALFORMED;
}

int eseal__filing_check(const eseal_filing_info *info) {
  if (info == NULL)
    return eseal__error_set(ESEAL_EINVAL, "no filing data");
  if (info->version != ESEAL_FILING_INFO_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_filing_info version %u is not %u",
                            info->version, ESEAL_FILING_INFO_VERSION);
  const char *fields[4] = {info->authority, info->number, info->date, info->credit_code};
  static const char *const names[4] = {"the filing authority", "the filing number",
                                       "the filing date", "the credit code"};
  for (int i = 0; i < 4; i++) {
    if (fields[i] == NULL || fields[i][0] == '\0')
      return eseal__error_set(ESEAL_EINVAL, "%s is missing", names[i]);
    size_t n = strlen(fields[i]);
    if (n > field_max[i])
      return eseal__error_set(ESEAL_ELIMIT, "%s is %zu bytes, more than %zu", names[i], n,
                              field_max[i]);
    if (!eseal__utf8_valid((const uint8_t *)fields[i], n))
      return eseal__error_set(ESEAL_EINVAL, "%s is not UTF-8", names[i]);
  }
  if (!eseal__filing_date_valid(info->date))
    return eseal__error_set(ESEAL_EINVAL, "the filing date must be a real date written "
                            "YYYY-MM-DD");
  eseal__credit_error e = eseal__credit_code_check(info->credit_code);
  if (e != ESEAL__CREDIT_OK)
    return eseal__error_set(ESEAL_EINVAL, "the credit code is not a unified social credit code: "
                            "%s", eseal__credit_error_text(e));
  return 0;
}

void eseal__filing_encode(eseal__dbuf *b, const eseal_filing_info *info) {
  const char *fields[4] = {info->authority, info->number, info->date, info->credit_code};
  size_t mark = eseal__der_begin(b);
  for (int i = 0; i < 4; i++)
    eseal__der_put(b, DER_UTF8_STRING, fields[i], strlen(fields[i]));
  eseal__der_end(b, mark, DER_SEQUENCE);
}
