/* eseal cert status: one certificate's revocation status, as openssl ocsp shows it. */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "core/text.h"
#include "json/json.h"
#include "revocation_opt.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal cert status CERT [--issuer CERT] --trust FILE|DIR\n"
          "                         [--intermediate F|D] [--at TIME] [--json]\n"
          "                         [REVOCATION OPTIONS]\n\n"
          "Looks up the revocation status of CERT (PEM or DER) in the CRLs and OCSP\n"
          "responses given, the cache, and (--revocation online) the network. Only a\n"
          "certificate that chains to an anchor of --trust is looked up.\n\n"
          "  --issuer CERT          its issuer, when not among --trust and --intermediate\n"
          "  --at TIME              the time the sources must be current at (default now)\n"
          "  --json                 one JSON object: status, reason, times, source, message\n\n"
          "%s\n"
          "Exit status: 0 good, 1 revoked, 2 unknown, " CLI_EXIT_HELP_ERRORS ".\n",
          cli_revocation_help);
}

static const char *status_name(eseal_cert_status_value v) {
  return v == ESEAL_CERT_STATUS_GOOD ? "good" : v == ESEAL_CERT_STATUS_REVOKED ? "revoked" : "unknown";
}

static void print_text(const eseal_cert *cert, const eseal_cert_status *st) {
  const char *reason = eseal_revocation_reason_name(st->reason);
  char t[32];
  fputs("certificate: ", stdout);
  eseal__text_escape_fputs(stdout, eseal_cert_subject(cert));
  printf(" (serial %s)\nstatus:      %s", eseal_cert_serial_hex(cert), status_name(st->status));
  if (st->status == ESEAL_CERT_STATUS_REVOKED)
    printf(" (%s) at %s", reason ? reason : "no reason given",
           cli_format_time(st->revocation_time, t));
  printf("\nsource:      %s", st->source[0] ? st->source : "-");
  printf("\nthis update: %s", cli_format_time(st->this_update, t));
  printf("\nnext update: %s\nmessage:     ", cli_format_time(st->next_update, t));
  eseal__text_escape_fputs(stdout, st->message);
  fputc('\n', stdout);
}

static void member_time(eseal__json *j, const char *key, int64_t t) {
  char iso[32];
  eseal__json_key(j, key);
  if (t)
    eseal__json_string(j, cli_format_time(t, iso));
  else
    eseal__json_null(j);
}

static void print_json(const eseal_cert_status *st) {
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  eseal__json_begin_object(&j);
  eseal__json_member_string(&j, "status", status_name(st->status));
  eseal__json_key(&j, "reason");
  const char *reason = eseal_revocation_reason_name(st->reason);
  if (reason)
    eseal__json_string(&j, reason);
  else
    eseal__json_null(&j);
  member_time(&j, "revocation_time", st->status == ESEAL_CERT_STATUS_REVOKED ? st->revocation_time : 0);
  member_time(&j, "this_update", st->this_update);
  member_time(&j, "next_update", st->next_update);
  eseal__json_key(&j, "source");
  if (st->source[0])
    eseal__json_string(&j, st->source);
  else
    eseal__json_null(&j);
  eseal__json_member_string(&j, "message", st->message);
  eseal__json_end_object(&j);
  fwrite(j.out.ptr, 1, j.out.len, stdout);
  fputc('\n', stdout);
  eseal__dbuf_release(&j.out);
}

typedef struct status_args {
  const char *cert, *issuer, *at;
  cli_list anchors, intermediates;
  cli_revocation revocation;
  int json;
} status_args;

static int configure(eseal_ctx *ctx, const status_args *a) {
  for (int i = 0; i < a->anchors.count; i++)
    if (eseal_ctx_add_trust_path(ctx, a->anchors.items[i]) != 0)
      return cli_fail("cert status", a->anchors.items[i]);
  for (int i = 0; i < a->intermediates.count; i++)
    if (eseal_ctx_add_intermediate_path(ctx, a->intermediates.items[i]) != 0)
      return cli_fail("cert status", a->intermediates.items[i]);
  return cli_revocation_apply("cert status", &a->revocation, ctx);
}

static int status(const status_args *a) {
  int64_t at = 0;
  if (a->at && cli_parse_time(a->at, &at) != 0) {
    fprintf(stderr, "eseal cert status: --at: not a time (see eseal cert --help)\n");
    return EXIT_USAGE;
  }
  eseal_ctx *ctx = NULL;
  eseal_cert *cert = NULL, *issuer = NULL;
  eseal_cert_status st;
  int rc;
  if (eseal_ctx_new(&ctx))
    rc = cli_fail("cert status", "setting up");
  else if ((rc = configure(ctx, a)) != 0)
    ;
  else if (eseal_cert_load_file(&cert, a->cert))
    rc = cli_fail("cert status", a->cert);
  else if (a->issuer && eseal_cert_load_file(&issuer, a->issuer))
    rc = cli_fail("cert status", a->issuer);
  else if (eseal_cert_status_lookup(ctx, cert, issuer, at, &st))
    rc = cli_fail("cert status", "looking up the status");
  else {
    if (a->json && !cli_quiet)
      print_json(&st);
    else if (!cli_quiet)
      print_text(cert, &st);
    rc = st.status == ESEAL_CERT_STATUS_GOOD      ? EXIT_PASSED
         : st.status == ESEAL_CERT_STATUS_REVOKED ? EXIT_FAILED
                                                  : EXIT_INDETERMINATE;
  }
  eseal_cert_free(issuer);
  eseal_cert_free(cert);
  eseal_ctx_free(ctx);
  return rc;
}

static int run(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "status") != 0) {
    fprintf(stderr, "eseal cert: the only subcommand is status (see eseal cert --help)\n");
    return EXIT_USAGE;
  }
  status_args a = {0};
  const cli_opt opts[] = {{"--issuer", CLI_VALUE, &a.issuer},
                          {"--trust", CLI_LIST, &a.anchors},
                          {"--intermediate", CLI_LIST, &a.intermediates},
                          {"--at", CLI_VALUE, &a.at},
                          {"--json", CLI_FLAG, &a.json},
                          CLI_REVOCATION_OPTS(a.revocation),
                          {NULL, 0, NULL}};
  const char *pos[1];
  int n = 0, rc = cli_parse("cert status", argc - 1, argv + 1, opts, pos, 1, &n);
  if (rc)
    return rc;
  if (n != 1) {
    fprintf(stderr, "eseal cert status: one CERT is required (see eseal cert --help)\n");
    return EXIT_USAGE;
  }
  a.cert = pos[0];
  return status(&a);
}

const cli_command cli_cert = {"cert", "look up a certificate's revocation status", run, usage};
