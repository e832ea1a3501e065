/* eseal verify: check a signature or a seal and print the report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "core/file.h"
#include "core/text.h"
#include "colour.h"
#include "file_list.h"
#include "verify_cmd.h"
#include "verify_batch.h"
#include "store_opt.h"
#include "ofd_verify_cmd.h"
#include "revocation_opt.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal verify [--json] [TRUST OPTIONS] [--data FILE | --hash HEX]\n"
          "                    [--expect signature|seal] [--at TIME] [POLICY OPTIONS]\n"
          "                    [--files-from LIST] [--jobs N] FILE...\n\n"
          "Verifies signatures (SES_Signature) or seals (SESeal) and prints each report:\n"
          "what was verified, the result, every check with its id and message, the times,\n"
          "the policies, the parse warnings and the certificates used. FILE - reads stdin.\n\n"
          "  --json                  print each report as JSON, one line per FILE (null for\n"
          "                          a FILE that could not be verified; schema in\n"
          "                          doc/schema/eseal-report.schema.json)\n"
          "  --files-from LIST       verify the files LIST names, one per line (- : stdin)\n"
          "  --jobs N                verify N files at once (1 to 64; default 1), with one\n"
          "                          context; the reports still print in input order\n"
          "  -q, --quiet             print no report: the exit status says it all\n"
          "  -v, --verbose           say on stderr what is read and which trust notes arose\n"
          "  --data FILE             the stamped data (- : stdin); --hash HEX its hash. A seal\n"
          "                          covers no data: with a seal the result is INDETERMINATE\n"
          "  --expect KIND           signature or seal: any other input is TOTAL_FAILED\n"
          "  --at TIME               validate at TIME instead of now: 2026-06-01T08:00:00Z,\n"
          "                          2026-06-01 (00:00:00 UTC) or @seconds\n"
          "  --signature ID          an OFD document (doc/ofd.md): only its signature ID\n\n"
          "Trust (anchors carry roles; see doc/verification.md):\n"
          "  --trust-maker FILE|DIR  anchors for seal makers (role seal-maker)\n"
          "  --trust-signer FILE|DIR anchors for signers (role signer-ca)\n"
          "  --trust FILE|DIR        anchors with the default roles (seal-maker, signer-ca,\n"
          "                          timestamp-authority, revocation-responder)\n"
          "  --trust-list FILE       a trust list (doc/trust-list.md)\n"
          "  --trust-list-operator CERT  the list must be signed by CERT's key\n"
          "  --intermediate F|D      CA certificates to build chains with (not trusted)\n\n"
          "Policies:\n"
          "  --time-policy P         poe (default: an expiry after the claimed time needs\n"
          "                          proof of existence) or claimed-time (GM/T 0031 literally)\n"
          "  --poe TIME              the signature is known to have existed at TIME\n"
          "  --poe-source TEXT       what proves it (an archive system, a log proof)\n"
          "  --clock-skew SECONDS    how far a claimed time may lie ahead (default 300)\n"
          "  --crypto-policy P       default or legacy (old algorithms with a warning)\n"
          "  --accept-extension OID  accept this critical extension (repeatable)\n"
          "  --strict                encoding quirks and a serverAuth-only maker fail\n"
          "  --maker-at-signing      the maker certificate must be valid at the signing time\n"
          "                          (default: at the seal's creation date)\n"
          "  --require-revocation    no revocation status makes the result INDETERMINATE\n"
          "  --store DB [--tenant T] check the seal's state in this store's registry\n"
          "                          (seal.state, doc/registry.md)\n"
          "  --poe-token FILE        an RFC 3161 token kept over the signature (repeatable:\n"
          "                          each next one renews the previous; doc/timestamps.md)\n"
          "  --validation-data JSON  re-run offline with the CRLs, OCSP responses and\n"
          "                          certificates of an earlier --json report, at its\n"
          "                          validation time unless --at\n\n"
          "%s\n"
          "Exit status: 0 TOTAL_PASSED, 1 TOTAL_FAILED, 2 INDETERMINATE, " CLI_EXIT_HELP_ERRORS
          ".\nWith several files, the worst of them: error, then TOTAL_FAILED, then\n"
          "INDETERMINATE, then TOTAL_PASSED.\n",
          cli_revocation_help);
}

int verify_print(const eseal_report *report, int json) {
  eseal_buf text = ESEAL_BUF_INIT;
  /* --quiet renders nothing: the exit status is all that is asked for. */
  if (!cli_quiet &&
      (json ? eseal_report_to_json(report, &text) : eseal_report_to_text(report, &text)) != 0)
    return cli_fail("verify", "rendering the report");
  if (cli_quiet)
    ;
  else if (json)
    fwrite(text.ptr, 1, text.size, stdout);
  else
    cli_print_report_text(stdout, (const char *)text.ptr, text.size);
  eseal_buf_dispose(&text);
  switch (eseal_report_indication(report)) {
  case ESEAL_TOTAL_PASSED: return EXIT_PASSED;
  case ESEAL_TOTAL_FAILED: return EXIT_FAILED;
  default: return EXIT_INDETERMINATE;
  }
}

typedef struct trust_options {
  cli_list any, maker, signer, intermediates, extensions;
  const char *list, *list_operator, *store;
  cli_revocation revocation;
  /* --validation-data: the report's JSON, read once. */
  eseal_buf validation_data;
} trust_options;

static int add_paths(eseal_ctx *ctx, const cli_list *paths, unsigned int roles) {
  for (int i = 0; i < paths->count; i++)
    if ((roles ? eseal_ctx_add_trust_path_roles(ctx, paths->items[i], roles)
               : eseal_ctx_add_intermediate_path(ctx, paths->items[i])) != 0)
      return cli_fail("verify", paths->items[i]);
  return 0;
}

static int load_trust_list(eseal_ctx *ctx, const trust_options *t) {
  eseal_cert *operator_cert = NULL;
  if (t->list_operator && eseal_cert_load_file(&operator_cert, t->list_operator) != 0)
    return cli_fail("verify", t->list_operator);
  int rc = eseal_ctx_load_trust_list_file(ctx, t->list, operator_cert);
  eseal_cert_free(operator_cert);
  return rc ? cli_fail("verify", "--trust-list") : 0;
}

/* A context with the trust the options name. 0, or an exit status. */
static int configure(eseal_ctx *ctx, const trust_options *t) {
  int rc;
  if (t->list_operator && t->list == NULL) {
    fprintf(stderr, "eseal verify: --trust-list-operator needs --trust-list\n");
    return EXIT_USAGE;
  }
  if (t->list && (rc = load_trust_list(ctx, t)) != 0)
    return rc;
  if ((rc = add_paths(ctx, &t->any, ESEAL_ROLES_DEFAULT)) != 0 ||
      (rc = add_paths(ctx, &t->maker, ESEAL_ROLE_SEAL_MAKER)) != 0 ||
      (rc = add_paths(ctx, &t->signer, ESEAL_ROLE_SIGNER_CA)) != 0 ||
      (rc = add_paths(ctx, &t->intermediates, 0)) != 0 ||
      (rc = cli_revocation_apply("verify", &t->revocation, ctx)) != 0)
    return rc;
  if (t->validation_data.ptr &&
      eseal_ctx_load_validation_data(ctx, t->validation_data.ptr, t->validation_data.size, NULL))
    return cli_fail("verify", "--validation-data");
  for (int i = 0; i < t->extensions.count; i++)
    if (eseal_ctx_accept_critical_extension(ctx, t->extensions.items[i]) != 0)
      return cli_fail("verify", "--accept-extension");
  /* What loading the trust skipped or accepted with a reservation; it names files: escaped. */
  for (size_t i = 0; cli_verbose && i < eseal_ctx_trust_note_count(ctx); i++) {
    fputs("eseal verify: trust: ", stderr);
    eseal__text_escape_fputs(stderr, eseal_ctx_trust_note(ctx, i));
    fputc('\n', stderr);
  }
  return 0;
}

typedef struct policy_text {
  const char *at, *expect, *time_policy, *crypto_policy, *skew, *poe, *poe_source;
  const char *validation_data;
  cli_list poe_tokens;
} policy_text;

static int usage_error(const char *what, const char *value) {
  fprintf(stderr, "eseal verify: %s: cannot use '", what);
  eseal__text_escape_fputs(stderr, value);
  fputs("' (see eseal verify --help)\n", stderr);
  return EXIT_USAGE;
}

typedef struct choice {
  const char *name;
  int value;
} choice;

/* The value named `text` among `choices` (ending with a NULL name), or -1. */
static int pick(const char *text, const choice *choices) {
  for (; choices->name; choices++)
    if (strcmp(text, choices->name) == 0)
      return choices->value;
  return -1;
}

/* The verify options the policy options name. 0, or EXIT_USAGE. */
static int read_policies(const policy_text *p, eseal_verify_options *vo) {
  if (p->at && cli_parse_time(p->at, &vo->validation_time) != 0)
    return usage_error("--at", p->at);
  if (p->poe && cli_parse_time(p->poe, &vo->poe_time) != 0)
    return usage_error("--poe", p->poe);
  vo->poe_source = p->poe_source;
  static const choice kinds[] = {{"signature", ESEAL_KIND_SIGNATURE}, {"seal", ESEAL_KIND_SEAL},
                                 {NULL, 0}};
  static const choice times[] = {{"poe", ESEAL_TIME_POLICY_POE},
                                 {"claimed-time", ESEAL_TIME_POLICY_CLAIMED}, {NULL, 0}};
  static const choice cryptos[] = {{"default", ESEAL_CRYPTO_POLICY_DEFAULT},
                                   {"legacy", ESEAL_CRYPTO_POLICY_LEGACY}, {NULL, 0}};
  int value;
  if (p->expect && (value = pick(p->expect, kinds)) < 0)
    return usage_error("--expect", p->expect);
  if (p->expect)
    vo->expect = (eseal_kind)value;
  if (p->time_policy && (value = pick(p->time_policy, times)) < 0)
    return usage_error("--time-policy", p->time_policy);
  if (p->time_policy)
    vo->time_policy = (eseal_time_policy)value;
  if (p->crypto_policy && (value = pick(p->crypto_policy, cryptos)) < 0)
    return usage_error("--crypto-policy", p->crypto_policy);
  if (p->crypto_policy)
    vo->crypto_policy = (eseal_crypto_policy)value;
  if (p->skew) {
    char *end = NULL;
    long long seconds = strtoll(p->skew, &end, 10);
    if (end == p->skew || *end || seconds < 0 || seconds > 86400 * 365)
      return usage_error("--clock-skew", p->skew);
    vo->clock_skew = seconds ? seconds : ESEAL_CLOCK_SKEW_NONE;
  }
  return 0;
}

typedef struct verify_flags {
  int json, strict, maker_at_signing, require_revocation, jobs;
} verify_flags;

static int verify_files(const cli_file_list *files, const trust_options *trust,
                        const policy_text *policy, const char *data_path, const char *hash,
                        eseal_verify_options *vo, verify_flags flags);
static int verify_all(const cli_file_list *files, const trust_options *trust,
                      const char *data_path, const char *hash, eseal_verify_options *vo,
                      verify_flags flags);

/* --jobs N: 1 to ESEAL_VERIFY_BATCH_MAX_JOBS; 0 when not a number in range. */
static int parse_jobs(const char *text) {
  char *end = NULL;
  long jobs = strtol(text, &end, 10);
  return end != text && *end == 0 && jobs >= 1 && jobs <= ESEAL_VERIFY_BATCH_MAX_JOBS ? (int)jobs
                                                                                     : 0;
}

static int run(int argc, char **argv) {
  trust_options trust = {0};
  policy_text policy = {0};
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  const char *data_path = NULL, *hash = NULL, *files_from = NULL, *jobs_text = NULL;
  int json = 0, strict = 0, maker_at_signing = 0, require_revocation = 0;
  const cli_opt opts[] = {{"--json", CLI_FLAG, &json},
                          {"--files-from", CLI_VALUE, &files_from},
                          {"--jobs", CLI_VALUE, &jobs_text},
                          {"--trust", CLI_LIST, &trust.any},
                          {"--trust-maker", CLI_LIST, &trust.maker},
                          {"--trust-signer", CLI_LIST, &trust.signer},
                          {"--trust-list", CLI_VALUE, &trust.list},
                          {"--trust-list-operator", CLI_VALUE, &trust.list_operator},
                          {"--intermediate", CLI_LIST, &trust.intermediates},
                          {"--accept-extension", CLI_LIST, &trust.extensions},
                          {"--data", CLI_VALUE, &data_path},
                          {"--hash", CLI_VALUE, &hash},
                          {"--expect", CLI_VALUE, &policy.expect},
                          {"--at", CLI_VALUE, &policy.at},
                          {"--time-policy", CLI_VALUE, &policy.time_policy},
                          {"--crypto-policy", CLI_VALUE, &policy.crypto_policy},
                          {"--clock-skew", CLI_VALUE, &policy.skew},
                          {"--poe", CLI_VALUE, &policy.poe},
                          {"--poe-source", CLI_VALUE, &policy.poe_source},
                          {"--strict", CLI_FLAG, &strict},
                          {"--maker-at-signing", CLI_FLAG, &maker_at_signing},
                          {"--require-revocation", CLI_FLAG, &require_revocation},
                          {"--poe-token", CLI_LIST, &policy.poe_tokens},
                          {"--validation-data", CLI_VALUE, &policy.validation_data},
                          CLI_REVOCATION_OPTS(trust.revocation),
                          {"--store", CLI_VALUE, &trust.store},
                          {"--tenant", CLI_VALUE, &vo.tenant},
                          {"--signature", CLI_VALUE, &ofd_cli_signature},
                          {NULL, 0, NULL}};
  const char **pos = calloc((size_t)argc, sizeof *pos);
  int n = 0, rc = pos ? cli_parse("verify", argc, argv, opts, pos, argc, &n) : EXIT_ERROR;
  cli_file_list files = {0};
  int jobs = 1;
  if (rc == 0 && jobs_text && (jobs = parse_jobs(jobs_text)) == 0)
    rc = usage_error("--jobs", jobs_text);
  if (rc == 0)
    rc = cli_file_list_make("verify", pos, n, files_from, &files);
  free(pos);
  if (rc == 0)
    rc = verify_files(&files, &trust, &policy, data_path, hash, &vo, (verify_flags){
        json, strict, maker_at_signing, require_revocation, jobs});
  cli_file_list_dispose(&files);
  return rc;
}

/* Token files of --poe-token, read into `tokens` and set on `vo`. */
typedef struct poe_tokens {
  eseal_buf files[CLI_LIST_MAX];
  const uint8_t *ptrs[CLI_LIST_MAX];
  size_t lens[CLI_LIST_MAX];
  int count;
} poe_tokens;

static int read_poe_tokens(const cli_list *paths, poe_tokens *t, eseal_verify_options *vo) {
  for (int i = 0; i < paths->count; i++, t->count++) {
    int rc = cli_read_input("verify", paths->items[i], &t->files[i]);
    if (rc)
      return rc;
    t->ptrs[i] = t->files[i].ptr;
    t->lens[i] = t->files[i].size;
  }
  vo->poe_tokens = t->ptrs;
  vo->poe_token_lens = t->lens;
  vo->poe_token_count = (size_t)t->count;
  return 0;
}

/* --validation-data: the JSON, kept for each file's context, and its time unless --at. */
static int read_validation_data(const policy_text *p, trust_options *trust,
                                eseal_verify_options *vo) {
  if (p->validation_data == NULL)
    return 0;
  int rc = cli_read_input("verify", p->validation_data, &trust->validation_data);
  eseal_ctx *scratch = NULL;
  int64_t at = 0;
  if (rc == 0 && (eseal_ctx_new(&scratch) != 0 ||
                  eseal_ctx_load_validation_data(scratch, trust->validation_data.ptr,
                                                 trust->validation_data.size, &at) != 0))
    rc = cli_fail("verify", p->validation_data);
  eseal_ctx_free(scratch);
  if (rc == 0 && p->at == NULL)
    vo->validation_time = at;
  return rc;
}

static int verify_files(const cli_file_list *files, const trust_options *trust_in,
                        const policy_text *policy, const char *data_path, const char *hash,
                        eseal_verify_options *vo, verify_flags flags) {
  trust_options trust_copy = *trust_in;
  const trust_options *trust = &trust_copy;
  poe_tokens tokens = {0};
  int rc = read_policies(policy, vo);
  if (rc == 0)
    rc = read_poe_tokens(&policy->poe_tokens, &tokens, vo);
  if (rc == 0)
    rc = read_validation_data(policy, &trust_copy, vo);
  if (rc == 0)
    rc = verify_all(files, trust, data_path, hash, vo, flags);
  for (int i = 0; i < tokens.count; i++)
    eseal_buf_dispose(&tokens.files[i]);
  eseal_buf_dispose(&trust_copy.validation_data);
  return rc;
}

static int verify_all(const cli_file_list *files, const trust_options *trust,
                      const char *data_path, const char *hash, eseal_verify_options *vo,
                      verify_flags flags) {
  int rc;
  vo->flags = (flags.strict ? ESEAL_VERIFY_STRICT : 0) |
              (flags.require_revocation ? ESEAL_VERIFY_REQUIRE_REVOCATION : 0);
  vo->maker_time = flags.maker_at_signing ? ESEAL_MAKER_AT_SIGNING : ESEAL_MAKER_AT_CREATION;
  eseal_data *data = NULL;
  eseal_ctx *ctx = NULL;
  eseal_store *store = NULL;
  if ((rc = cli_load_data("verify", data_path, hash, &data)) != 0)
    return rc;
  /* One context for every file, shared by the --jobs threads. */
  if (eseal_ctx_new(&ctx))
    rc = cli_fail("verify", "setting up");
  else if ((rc = configure(ctx, trust)) != 0 ||
           (trust->store &&
            (rc = cli_store_attach("verify", trust->store, vo->tenant, ctx, &store, NULL)) != 0))
    ;
  else
    rc = cli_verify_batch(files, ctx, data, vo, flags.json, flags.jobs);
  eseal_ctx_free(ctx);
  eseal_store_free(store);
  eseal_data_free(data);
  return rc;
}

const cli_command cli_verify = {"verify", "verify a signature or a seal and print the report", run,
                                usage};
