/* eseal verify: check a signature or a seal and print the report. */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "core/file.h"
#include "verify_cmd.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal verify [--json] [--trust FILE|DIR]... [--intermediate FILE|DIR]...\n"
          "                    [--data FILE | --hash HEX] [--at TIME] [--strict]\n"
          "                    [--maker-at-signing] [--require-revocation] FILE\n\n"
          "Verifies a signature (SES_Signature) or a seal (SESeal) and prints the report:\n"
          "the result, every check with its id and message, the times, the parse warnings\n"
          "and the certificates used.\n\n"
          "  --json                print the report as JSON\n"
          "  --trust FILE|DIR      trust anchors: a PEM bundle, a certificate, or a directory\n"
          "  --intermediate F|D    CA certificates to build chains with (not trusted)\n"
          "  --data FILE           the stamped data; --hash HEX its hash instead\n"
          "  --at TIME             validate at TIME (ISO 8601 or @seconds) instead of now\n"
          "  --strict              encoding quirks fail the format check\n"
          "  --maker-at-signing    the maker certificate must be valid at the signing time\n"
          "                        (default: at the seal's creation date)\n"
          "  --require-revocation  no revocation status makes the result INDETERMINATE\n\n"
          "Exit status: 0 TOTAL_PASSED, 1 TOTAL_FAILED, 2 INDETERMINATE, 3 error, 64 usage.\n");
}

int verify_print(const eseal_report *report, int json) {
  eseal_buf text = ESEAL_BUF_INIT;
  if ((json ? eseal_report_to_json(report, &text) : eseal_report_to_text(report, &text)) != 0)
    return cli_fail("verify", "rendering the report");
  fwrite(text.ptr, 1, text.size, stdout);
  eseal_buf_dispose(&text);
  switch (eseal_report_indication(report)) {
  case ESEAL_TOTAL_PASSED: return EXIT_PASSED;
  case ESEAL_TOTAL_FAILED: return EXIT_FAILED;
  default: return EXIT_INDETERMINATE;
  }
}

static int add_paths(eseal_ctx *ctx, const cli_list *paths, int trusted) {
  for (int i = 0; i < paths->count; i++)
    if ((trusted ? eseal_ctx_add_trust_path(ctx, paths->items[i])
                 : eseal_ctx_add_intermediate_path(ctx, paths->items[i])) != 0)
      return cli_fail("verify", paths->items[i]);
  return 0;
}

static int verify(const char *path, const cli_list *trust, const cli_list *intermediates,
                  const eseal_data *data, const eseal_verify_options *vo, int json) {
  eseal_ctx *ctx = NULL;
  eseal_buf input = ESEAL_BUF_INIT;
  eseal_report *report = NULL;
  int rc;
  if (eseal_ctx_new(&ctx))
    rc = cli_fail("verify", "setting up");
  else if ((rc = add_paths(ctx, trust, 1)) != 0 || (rc = add_paths(ctx, intermediates, 0)) != 0)
    ;
  else if (eseal__read_file(&input, path))
    rc = cli_fail("verify", path);
  else if (eseal_verify_bytes(&report, ctx, input.ptr, input.size, data, vo))
    rc = cli_fail("verify", path);
  else
    rc = verify_print(report, json);
  eseal_report_free(report);
  eseal_buf_dispose(&input);
  eseal_ctx_free(ctx);
  return rc;
}

static int run(int argc, char **argv) {
  cli_list trust = {0}, intermediates = {0};
  const char *data_path = NULL, *hash = NULL, *at = NULL, *pos[1];
  int json = 0, strict = 0, maker_at_signing = 0, require_revocation = 0;
  const cli_opt opts[] = {{"--json", CLI_FLAG, &json},
                          {"--trust", CLI_LIST, &trust},
                          {"--intermediate", CLI_LIST, &intermediates},
                          {"--data", CLI_VALUE, &data_path},
                          {"--hash", CLI_VALUE, &hash},
                          {"--at", CLI_VALUE, &at},
                          {"--strict", CLI_FLAG, &strict},
                          {"--maker-at-signing", CLI_FLAG, &maker_at_signing},
                          {"--require-revocation", CLI_FLAG, &require_revocation},
                          {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("verify", argc, argv, opts, pos, 1, &n);
  if (rc)
    return rc;
  if (n != 1) {
    usage(stderr);
    return EXIT_USAGE;
  }
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  if (at && cli_parse_time(at, &vo.validation_time) != 0) {
    fprintf(stderr, "eseal verify: cannot read the time %s\n", at);
    return EXIT_USAGE;
  }
  vo.flags = (strict ? ESEAL_VERIFY_STRICT : 0) |
             (require_revocation ? ESEAL_VERIFY_REQUIRE_REVOCATION : 0);
  vo.maker_time = maker_at_signing ? ESEAL_MAKER_AT_SIGNING : ESEAL_MAKER_AT_CREATION;
  eseal_data *data = NULL;
  if ((rc = cli_load_data("verify", data_path, hash, &data)) != 0)
    return rc;
  rc = verify(pos[0], &trust, &intermediates, data, &vo, json);
  eseal_data_free(data);
  return rc;
}

const cli_command cli_verify = {"verify", "verify a signature or a seal and print the report", run,
                                usage};
