/*
 * seal.filing: what the seal says of its filing identity (doc/filing.md) —
 * the form of its esID and the filing ExtData. It reports and never decides:
 * INFO, or WARNING when the filing ExtData is malformed or its fields fail
 * their format checks; both lead to TOTAL_PASSED, so the indication is the
 * other checks'.
 */
#include <stdio.h>
#include <string.h>

#include "../codec/model.h"
#include "../seal/filing.h"
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

/* The one filing ExtData of the seal: its index, or -1 (none) or -2 (several). */
static long find_filing(const eseal_extensions *e) {
  long found = -1;
  for (size_t i = 0; e && i < e->count; i++)
    if (strcmp(e->items[i].oid, ESEAL__OID_FILING) == 0) {
      if (found >= 0)
        return -2;
      found = (long)i;
    }
  return found;
}

static void report(eseal__verifier *v, eseal_check_status status, const char *esid_text,
                   const char *filing_text) {
  eseal__report_check(v->report, "seal.filing", status, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                      "%s; %s", esid_text, filing_text);
}

void eseal__step_filing(eseal__verifier *v, const eseal_seal *seal) {
  char esid_text[160], text[200];
  describe_esid(seal->esid, esid_text, sizeof esid_text);
  long at = find_filing(seal->extensions);
  if (at == -1) {
    report(v, ESEAL_CHECK_INFO, esid_text, "no filing data (credit code absent)");
    return;
  }
  if (at == -2) {
    report(v, ESEAL_CHECK_WARNING, esid_text, "several filing ExtDatas, none read");
    return;
  }
  const eseal__extension *x = &seal->extensions->items[at];
  eseal__filing f;
  const char *why = NULL;
  if (eseal__filing_parse(x->value.ptr, x->value.len, &f, &why) != 0) {
    snprintf(text, sizeof text, "filing ExtData present but malformed: %s", why);
    report(v, ESEAL_CHECK_WARNING, esid_text, text);
    return;
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
