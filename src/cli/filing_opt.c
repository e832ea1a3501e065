/* The filing identity in the CLI (doc/filing.md): `seal create` options and `inspect` lines. */
#include "filing_opt.h"

#include "args.h"
#include "commands.h"
#include "core/text.h"
#include "codec/filing.h"

const char cli_filing_help[] =
    "  --filing-authority NAME  the public-security organ that filed the physical seal\n"
    "  --filing-number NUMBER   its filing number\n"
    "  --filing-date YYYY-MM-DD the filing date\n"
    "  --credit-code CODE       the organisation's unified social credit code (18\n"
    "                           characters, check characters verified). The four go\n"
    "                           together, into the seal's filing ExtData.\n";

int cli_filing_apply(eseal_seal_builder *b, const cli_filing *f) {
  int given = !!f->authority + !!f->number + !!f->date + !!f->credit_code;
  if (given == 0)
    return 0;
  if (given != 4) {
    fprintf(stderr, "eseal seal create: --filing-authority, --filing-number, --filing-date and "
                    "--credit-code go together\n");
    return EXIT_USAGE;
  }
  eseal_filing_info info = ESEAL_FILING_INFO_INIT;
  info.authority = f->authority;
  info.number = f->number;
  info.date = f->date;
  info.credit_code = f->credit_code;
  return eseal_seal_builder_set_filing(b, &info) ? cli_fail("seal", "filing data") : 0;
}

static void esid_line(FILE *out, const char *indent, const char *esid) {
  eseal__esid_class c;
  eseal__esid_classify(esid, &c);
  fprintf(out, "%s%-12s ", indent, "esID form");
  if (c.form == ESEAL__ESID_FILING_13)
    fprintf(out, "13-digit public-security seal code: area %s, serial %s\n", c.area, c.serial);
  else if (c.form == ESEAL__ESID_TAX_14)
    fprintf(out, "14-digit tax-seal code: area %s, serial %s\n", c.area, c.serial);
  else
    fprintf(out, "other (%s)\n", c.why);
}

static void field(FILE *out, const char *indent, const char *label, const char *value,
                  const char *verdict) {
  fprintf(out, "%s  %-11s ", indent, label);
  eseal__text_escape_fputs(out, value);
  fprintf(out, "%s%s\n", verdict ? " " : "", verdict ? verdict : "");
}

void cli_filing_print(FILE *out, const char *indent, const eseal_seal *seal) {
  esid_line(out, indent, eseal_seal_esid(seal));
  eseal__filing f;
  const char *why = NULL;
  eseal__filing_status status = eseal__filing_of_seal(seal, &f, &why);
  fprintf(out, "%s%-12s ", indent, "filing");
  if (status != ESEAL__FILING_PRESENT) {
    fprintf(out, "%s%s\n", status == ESEAL__FILING_ABSENT    ? "none"
                           : status == ESEAL__FILING_SEVERAL ? "several filing ExtDatas, none read"
                                                             : "malformed ExtData: ",
            status == ESEAL__FILING_MALFORMED ? why : "");
    return;
  }
  eseal__credit_error e = eseal__credit_code_check(f.credit_code);
  fputs("present\n", out);
  field(out, indent, "authority", f.authority, NULL);
  field(out, indent, "number", f.number, NULL);
  field(out, indent, "date", f.date,
        eseal__filing_date_valid(f.date) ? NULL : "(not a YYYY-MM-DD date)");
  char verdict[96];
  snprintf(verdict, sizeof verdict, "(%s)", eseal__credit_error_text(e));
  field(out, indent, "credit code", f.credit_code, verdict);
}
