/* The "filing" member of a seal's inspect JSON: the esID's form and the filing
 * ExtData (doc/filing.md). */
#include "../codec/filing.h"
#include "filing_json.h"

static const char *form_name(eseal__esid_form form) {
  return form == ESEAL__ESID_FILING_13 ? "filing-13"
         : form == ESEAL__ESID_TAX_14  ? "tax-14"
                                       : "other";
}

void eseal__json_member_filing(eseal__json *j, const eseal_seal *seal) {
  eseal__esid_class c;
  eseal__esid_classify(eseal_seal_esid(seal), &c);
  eseal__json_key(j, "filing");
  eseal__json_begin_object(j);
  eseal__json_member_string(j, "esid_form", form_name(c.form));
  eseal__json_member_string(j, "esid_area", c.form == ESEAL__ESID_OTHER ? NULL : c.area);
  eseal__json_member_string(j, "esid_serial", c.form == ESEAL__ESID_OTHER ? NULL : c.serial);
  static const char *const names[] = {"absent", "present", "malformed", "several"};
  eseal__filing f;
  const char *why = NULL;
  eseal__filing_status status = eseal__filing_of_seal(seal, &f, &why);
  int parsed = status == ESEAL__FILING_PRESENT;
  eseal__json_member_string(j, "status", names[status]);
  eseal__json_member_string(j, "reason", status == ESEAL__FILING_MALFORMED ? why : NULL);
  eseal__json_member_string(j, "authority", parsed ? f.authority : NULL);
  eseal__json_member_string(j, "number", parsed ? f.number : NULL);
  eseal__json_member_string(j, "date", parsed ? f.date : NULL);
  eseal__json_member_string(j, "credit_code", parsed ? f.credit_code : NULL);
  eseal__json_key(j, "date_valid");
  if (parsed)
    eseal__json_bool(j, eseal__filing_date_valid(f.date));
  else
    eseal__json_null(j);
  eseal__json_member_string(
      j, "credit_code_check",
      parsed ? eseal__credit_error_text(eseal__credit_code_check(f.credit_code)) : NULL);
  eseal__json_end_object(j);
}
