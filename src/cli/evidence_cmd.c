/*
 * eseal log verify-bundle: an evidence bundle checked offline, with no store
 * (doc/usage-log.md, "Evidence bundles"). Called by eseal log's dispatcher
 * (log_cmd.c) with argv[0] = "verify-bundle".
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <eseal/evidence.h>

#include "args.h"
#include "commands.h"
#include "evidence_cmd.h"

static void usage(FILE *out) {
  fprintf(out, "usage: eseal log verify-bundle --log-roots CA... BUNDLE\n"
               "\n"
               "Checks an evidence bundle without any database: the checkpoint's signature by a\n"
               "log key certified by one of --log-roots (trusted for the log-signer role only\n"
               "here), and every record's inclusion proof against the checkpoint's root.\n"
               "\n"
               "Exit status: 0 verified, 1 refused, " CLI_EXIT_HELP_ERRORS "\n");
}

static const char *iso(int64_t t, char out[32]) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (gmtime_r(&tt, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    snprintf(out, 32, "@%" PRId64, t);
  return out;
}

static void print_outcome(const char *path, const eseal_evidence *e) {
  char when[32];
  if (!eseal_evidence_ok(e)) {
    printf("%s: REFUSED: %s\n", path, eseal_evidence_reason(e));
    return;
  }
  printf("%s: verified\n", path);
  printf("  log: %s (%s), tree of %" PRIu64 " records, checkpoint of %s\n",
         eseal_evidence_origin(e), eseal_evidence_hash_name(e), eseal_evidence_tree_size(e),
         iso(eseal_evidence_time(e), when));
  printf("  signed by: %s\n", eseal_cert_subject(eseal_evidence_log_signer(e)));
  for (size_t i = 0; i < eseal_evidence_record_count(e); i++) {
    size_t len = 0;
    eseal_evidence_record(e, i, &len);
    printf("  record %" PRIu64 ": %zu bytes, in the tree\n", eseal_evidence_record_seq(e, i), len);
  }
  for (size_t i = 0; i < eseal_evidence_cert_count(e); i++)
    printf("  certificate carried: %s\n", eseal_cert_subject(eseal_evidence_cert(e, i)));
}

int cli_log_verify_bundle(int argc, char **argv) {
  cli_list roots = {{0}, 0};
  int help = 0;
  const cli_opt opts[] = {
      {"--log-roots", CLI_LIST, &roots, 0},
      {"--help", CLI_FLAG, &help, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *positional[1];
  int n = 0;
  int rc = cli_parse("log verify-bundle", argc, argv, opts, positional, 1, &n);
  if (rc)
    return rc;
  if (help) {
    usage(stdout);
    return EXIT_PASSED;
  }
  if (n != 1 || roots.count == 0) {
    usage(stderr);
    return EXIT_USAGE;
  }
  eseal_ctx *ctx = NULL;
  if (eseal_ctx_new(&ctx) != 0)
    return cli_fail("log verify-bundle", "setting up");
  for (int i = 0; i < roots.count; i++)
    if (eseal_ctx_add_trust_path_roles(ctx, roots.items[i], ESEAL_ROLE_LOG_SIGNER) != 0) {
      rc = cli_fail("log verify-bundle", roots.items[i]);
      eseal_ctx_free(ctx);
      return rc;
    }
  eseal_buf bundle = ESEAL_BUF_INIT;
  if ((rc = cli_read_input("log verify-bundle", positional[0], &bundle)) != 0) {
    eseal_ctx_free(ctx);
    return rc;
  }
  eseal_evidence *e = NULL;
  if (eseal_evidence_verify(&e, ctx, bundle.ptr, bundle.size) != 0) {
    rc = cli_fail("log verify-bundle", positional[0]);
  } else {
    print_outcome(positional[0], e);
    rc = eseal_evidence_ok(e) ? EXIT_PASSED : EXIT_FAILED;
  }
  eseal_evidence_free(e);
  eseal_buf_dispose(&bundle);
  eseal_ctx_free(ctx);
  return rc;
}
