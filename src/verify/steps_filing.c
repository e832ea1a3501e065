/*
 * seal.filing: what the seal says of its filing identity (doc/filing.md) —
 * the form of its esID and the filing ExtData. It reports and never decides:
 * INFO, or WARNING when the filing ExtData is malformed or its fields fail
 * their format checks; both lead to TOTAL_PASSED, so the indication is the
 * other checks'.
 */
#include <stdio.h>

#include "../codec/model.h"
#include "../codec/filing.h"
#include "steps.h"

static void describe_esid(const char *esid, char *out, size_t cap) {
  eseal__esid_class c;
  eseal__esid_classify(esid, &c);
  if (c.form == ESEAL__ESID_FILING_13)
    snprintf(out, cap, "esID is a 13-digit public-security seal code (area %s, serial %s)",
             c.area, c.serial);
  else if (c.form == ESEAL__ESID_TAX_14)
    snprintf(out, cap, "esID is a 14-digit tax-seal code (area %s, serial %s)", c.area,
             c.serial);
  else
    snprintf(out, cap, "esID is not a filing code (%s)", c.why);
}

static void report(eseal__verifier *v, eseal_check_status status, const char *esid_text,
                   const char *filing_text) {
  eseal__report_check(v->report, "seal.filing", status, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                      "%s; %s", esid_text, filing_text);
}

void eseal__step_filing(eseal__verifier *v, const eseal_seal *seal) {
  char esid_text[160], text[200];
  describe_esid(seal->esid, esid_text, sizeof esid_text);
  eseal__filing f;
  const char *why = NULL;
  switch (eseal__filing_of_seal(seal, &f, &why)) {
  case ESEAL__FILING_ABSENT:
    report(v, ESEAL_CHECK_INFO, esid_text, "no filing data (credit code absent)");
    return;
  case ESEAL__FILING_SEVERAL:
    report(v, ESEAL_CHECK_WARNING, esid_text, "several filing ExtDatas, none read");
    return;
  case ESEAL__FILING_MALFORMED:
    snprintf(text, sizeof text, "filing ExtData present but malformed: %s", why);
    report(v, ESEAL_CHECK_WARNING, esid_text, text);
    return;
  case ESEAL__FILING_PRESENT:
    break;
  }
  char joined[sizeof f.text + 16];
  snprintf(joined, sizeof joined, "%s; %s; %s; %s", f.authority, f.number, f.date,
           f.credit_code);
  eseal__report_fact(v->report, "filing", joined);
  int date_ok = eseal__filing_date_valid(f.date);
  eseal__credit_error credit = eseal__credit_code_check(f.credit_code);
  snprintf(text, sizeof text, "filing data present, format %s: date %s, credit code %s",
           date_ok && credit == ESEAL__CREDIT_OK ? "valid" : "NOT valid",
           date_ok ? "valid" : "not a YYYY-MM-DD date", eseal__credit_error_text(credit));
  report(v, date_ok && credit == ESEAL__CREDIT_OK ? ESEAL_CHECK_INFO : ESEAL_CHECK_WARNING,
         esid_text, text);
}
