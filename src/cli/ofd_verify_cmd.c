/* eseal verify / inspect doc.ofd: the document report of eseal_ofd_verify(). */
#include "ofd_verify_cmd.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "colour.h"
#include "commands.h"
#include "core/text.h"
#include "verify/report.h"

const char *ofd_cli_signature = NULL;

int ofd_cli_starts_like_package(const uint8_t *data, size_t len) {
  return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int ofd_cli_is_package(const char *path) {
  /* Only a regular file: a named pipe would block this second open, and a
     package is read from its path with seeks. */
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  FILE *f = fopen(path, "rb");
  unsigned char magic[4] = {0};
  size_t n = f ? fread(magic, 1, sizeof magic, f) : 0;
  if (f)
    fclose(f);
  return ofd_cli_starts_like_package(magic, n);
}

static int run_verify(eseal_ofd_report **out, const eseal_ctx *ctx, const char *path,
                      const eseal_buf *input, const eseal_verify_options *vo) {
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.verify = vo;
  o.signature_id = ofd_cli_signature;
  return input ? eseal_ofd_verify_bytes(out, ctx, input->ptr, input->size, &o)
               : eseal_ofd_verify(out, ctx, path, &o);
}

int ofd_cli_verify(const eseal_ctx *ctx, const char *path, const eseal_buf *input,
                   const eseal_verify_options *vo, int json) {
  eseal_ofd_report *r = NULL;
  if (run_verify(&r, ctx, path, input, vo) != 0)
    return cli_fail("verify", path);
  eseal_buf text = ESEAL_BUF_INIT;
  int rc = json ? eseal_ofd_report_to_json(r, &text) : eseal_ofd_report_to_text(r, &text);
  if (rc != 0) {
    eseal_ofd_report_free(r);
    return cli_fail("verify", "rendering the report");
  }
  if (cli_quiet)
    ;
  else if (json)
    fwrite(text.ptr, 1, text.size, stdout);
  else
    cli_print_report_text(stdout, (const char *)text.ptr, text.size);
  eseal_buf_dispose(&text);
  eseal_indication indication = eseal_ofd_report_indication(r);
  eseal_ofd_report_free(r);
  return indication == ESEAL_TOTAL_PASSED   ? EXIT_PASSED
         : indication == ESEAL_TOTAL_FAILED ? EXIT_FAILED
                                            : EXIT_INDETERMINATE;
}

static void put(const char *label, const char *value) {
  printf("  %-15s ", label);
  eseal__text_escape_fputs(stdout, value ? value : "-");
  putchar('\n');
}

/* What the signature's report says it verified (the seal's esID, name, format, signer). */
static void print_signature(const eseal_ofd_report *r, size_t i) {
  const eseal_report *s = eseal_ofd_report_signature(r, i);
  fputs("Signature ", stdout);
  eseal__text_escape_fputs(stdout, eseal_ofd_report_signature_id(r, i));
  putchar('\n');
  put("type", eseal_ofd_report_signature_type(r, i));
  put("signature.xml", eseal_ofd_report_signature_path(r, i));
  static const char *const keys[] = {"format", "esid", "seal_name", "signer", "property_info"};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
    for (size_t f = 0; f < s->fact_count; f++)
      if (strcmp(s->facts[f].key, keys[k]) == 0)
        put(keys[k], s->facts[f].value);
  long refs = eseal_report_find_check(s, "ofd.reference");
  if (refs >= 0)
    put("references", eseal_report_check_message(s, (size_t)refs));
}

int ofd_cli_inspect(const char *path, const eseal_buf *input, int json) {
  /* No trust is configured: inspect shows what the package holds, not whether to trust it. */
  eseal_ctx *ctx = NULL;
  eseal_ofd_report *r = NULL;
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  int rc = eseal_ctx_new(&ctx);
  if (rc == 0)
    rc = run_verify(&r, ctx, path, input, &vo);
  eseal_ctx_free(ctx);
  if (rc != 0) {
    cli_fail("inspect", path);
    return rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT ? EXIT_NOT_SES : EXIT_ERROR;
  }
  eseal_buf out = ESEAL_BUF_INIT;
  if (json && eseal_ofd_report_to_json(r, &out) == 0 && !cli_quiet)
    fwrite(out.ptr, 1, out.size, stdout);
  eseal_buf_dispose(&out);
  if (!json && !cli_quiet) {
    printf("OFD document with %zu signature%s\n", eseal_ofd_report_signature_count(r),
           eseal_ofd_report_signature_count(r) == 1 ? "" : "s");
    for (size_t i = 0; i < eseal_ofd_report_signature_count(r); i++) {
      putchar('\n');
      print_signature(r, i);
    }
  }
  eseal_ofd_report_free(r);
  return EXIT_PARSED;
}
