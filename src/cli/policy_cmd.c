/* eseal policy check: reads a risk policy (and a calendar) and lists its rules (doc/risk-control.md). */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "core/file.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal policy check [--calendar FILE] POLICY\n\n"
          "Reads a risk-control policy (JSON, doc/risk-control.md) and, with --calendar, a\n"
          "holiday calendar, and prints the number of rules when both are well formed.\n\n"
          "Exit status: 0 valid, 1 the policy or calendar is refused (the reason on stderr), "
          CLI_EXIT_HELP_ERRORS ".\n");
}

static int refused(const char *what) {
  const eseal_error *e = eseal_error_last();
  if (e && (e->code == ESEAL_EFORMAT || e->code == ESEAL_ELIMIT)) {
    fprintf(stderr, "eseal policy: %s refused: %s\n", what, e->message);
    return EXIT_FAILED;
  }
  return cli_fail("policy", what);
}

static int run(int argc, char **argv) {
  const char *calendar = NULL, *pos[2];
  const cli_opt opts[] = {{"--calendar", CLI_VALUE, &calendar}, {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("policy", argc, argv, opts, pos, 2, &n);
  if (rc)
    return rc;
  if (n != 2 || strcmp(pos[0], "check") != 0) {
    usage(stderr);
    return EXIT_USAGE;
  }
  eseal_policy *p = NULL;
  if (eseal_policy_load_file(&p, pos[1]) != 0)
    return refused(pos[1]);
  if (calendar) {
    eseal_buf b = ESEAL_BUF_INIT;
    if (eseal__read_file(&b, calendar) != 0)
      rc = cli_fail("policy", calendar);
    else if (eseal_policy_load_calendar(p, b.ptr, b.size) != 0)
      rc = refused(calendar);
    eseal_buf_dispose(&b);
  }
  if (rc == 0)
    cli_say("%s: valid, %zu rule%s\n", pos[1], eseal_policy_rule_count(p),
            eseal_policy_rule_count(p) == 1 ? "" : "s");
  eseal_policy_free(p);
  return rc;
}

const cli_command cli_policy = {"policy", "check a risk-control policy file", run, usage};
