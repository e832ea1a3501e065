/* --policy FILE: a risk policy on the context, alerts printed to stderr. */
#include "risk_opt.h"

#include <stdio.h>

#include "args.h"
#include "commands.h"
#include "core/text.h"

static void print_alert(void *payload, const eseal_alert *a) {
  (void)payload;
  fprintf(stderr, "eseal: alert: rule %s (%s) on seal ", a->rule, eseal_risk_level_name(a->level));
  eseal__text_escape_fputs(stderr, a->es_id);
  fprintf(stderr, ", record #%llu: %s%s\n", (unsigned long long)a->use_sequence, a->detail,
          a->freeze_sequence ? "; the seal is FROZEN" : "");
}

int cli_policy_attach(const char *cmd, const char *path, eseal_ctx *ctx, eseal_policy **policy) {
  *policy = NULL;
  if (path == NULL)
    return 0;
  if (eseal_policy_load_file(policy, path) != 0)
    return cli_fail(cmd, path);
  eseal_ctx_set_policy(ctx, *policy);
  eseal_ctx_set_alert_callback(ctx, print_alert, NULL);
  return 0;
}
