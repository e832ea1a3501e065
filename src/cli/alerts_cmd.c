/* eseal alerts: the alert records of a tenant's usage log, one JSON object a line. */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "store_opt.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal alerts --store DB [--tenant T]\n\n"
          "Prints the risk-control alerts of the tenant's usage log (records with action\n"
          "\"alert\"), one JSON object a line as `eseal log show` writes them; the reason\n"
          "names the rule, its level and why. The record each one refers to is\n"
          "refers_to - 1.\n\n"
          "Exit status: 0 done, " CLI_EXIT_HELP_ERRORS ".\n");
}

/* 1 when the `len` bytes at `p` contain the text `needle`. */
static int contains(const char *p, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(p + i, needle, n) == 0)
      return 1;
  return 0;
}

static int run(int argc, char **argv) {
  const char *store_path = NULL, *tenant = NULL, *pos[1];
  const cli_opt opts[] = {
      {"--store", CLI_VALUE, &store_path}, {"--tenant", CLI_VALUE, &tenant}, {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("alerts", argc, argv, opts, pos, 0, &n);
  if (rc)
    return rc;
  eseal_store *store = NULL;
  if ((rc = cli_store_open("alerts", store_path, tenant, &store, &tenant)) != 0)
    return rc;
  eseal_buf lines = ESEAL_BUF_INIT;
  if (eseal_usage_log_show(&lines, store, tenant, 0, 0) != 0)
    rc = cli_fail("alerts", "reading the log");
  /* Lines of the log's JSON; the action's text is fixed by the library, so a match is exact. */
  for (size_t at = 0; rc == 0 && at < lines.size;) {
    const char *line = (const char *)lines.ptr + at;
    const char *end = memchr(line, '\n', lines.size - at);
    size_t len = end ? (size_t)(end - line) : lines.size - at;
    if (contains(line, len, "\"action\":\"alert\""))
      printf("%.*s\n", (int)len, line);
    at += len + 1;
  }
  eseal_buf_dispose(&lines);
  eseal_store_free(store);
  return rc;
}

const cli_command cli_alerts = {"alerts", "list the risk-control alerts of a usage log", run,
                                usage};
