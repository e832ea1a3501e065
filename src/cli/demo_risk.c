/* eseal demo --risk (demo_risk.h): a policy, an out-of-hours stamp, the freeze and the unfreeze. */
#include "demo_risk.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "commands.h"
#include "pki.h"

static const char policy_text[] =
    "{\n"
    "  \"version\": 1,\n"
    "  \"utc_offset\": \"+08:00\",\n"
    "  \"rules\": [\n"
    "    {\"name\": \"office-hours\", \"kind\": \"hours\", \"level\": \"freeze\",\n"
    "     \"hours\": {\"mon\": [\"09:00-18:00\"], \"tue\": [\"09:00-18:00\"], \"wed\": "
    "[\"09:00-18:00\"],\n"
    "               \"thu\": [\"09:00-18:00\"], \"fri\": [\"09:00-18:00\"], \"sat\": "
    "[\"09:00-18:00\"],\n"
    "               \"sun\": [\"09:00-18:00\"]}}\n"
    "  ]\n"
    "}\n";

static void on_alert(void *payload, const eseal_alert *a) {
  ++*(int *)payload;
  printf("   (callback, after the commit) alert: rule %s (%s): %s%s\n", a->rule,
         eseal_risk_level_name(a->level), a->detail,
         a->freeze_sequence ? "; the seal is frozen" : "");
}

/* Stamps the demo order at time `t`; the library's code. */
static int stamp_at(eseal_ctx *ctx, int64_t t, const eseal_seal *seal, eseal_key *key,
                    const eseal_cert *signer) {
  static const uint8_t order[] = "Purchase order No. 2026-0042";
  eseal_data *data = NULL;
  eseal_signature *sig = NULL;
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.tenant = "demo";
  so.operator_id = "clerk Wang";
  so.device = "front-desk PC";
  eseal_ctx_set_fixed_time(ctx, t);
  int rc = eseal_data_from_bytes(&data, order, sizeof order - 1);
  if (rc == 0)
    rc = eseal_stamp(&sig, ctx, seal, key, signer, data, &so);
  eseal_signature_free(sig);
  eseal_data_free(data);
  return rc;
}

/* The supervisor's signed order lifting the current freeze, applied at time `t`. */
static int unfreeze(const char *dir, eseal_ctx *ctx, const char *es_id, int64_t t) {
  char key_path[600], cert_path[600];
  snprintf(key_path, sizeof key_path, "%s/%s", dir, PKI_OPERATOR_KEY);
  snprintf(cert_path, sizeof cert_path, "%s/%s", dir, PKI_OPERATOR_CERT);
  eseal_key *key = NULL;
  eseal_cert *cert = NULL;
  eseal_seal_status *s = NULL;
  eseal_buf order = ESEAL_BUF_INIT;
  eseal_ctx_set_fixed_time(ctx, t);
  int rc = eseal_key_load_file(&key, NULL, key_path, NULL) || eseal_cert_load_file(&cert, cert_path) ||
           eseal_ctx_add_trust_cert_roles(ctx, cert, ESEAL_ROLE_REGISTRY_SUPERVISOR) ||
           eseal_registry_state(&s, ctx, "demo", es_id);
  size_t len = 0;
  const uint8_t *hash = rc ? NULL : eseal_seal_status_hash(s, &len);
  if (rc == 0)
    rc = eseal_unfreeze_order_sign(&order, ctx, "demo", es_id, hash, len,
                                   eseal_seal_status_freeze_sequence(s), 0,
                                   "checked: the stamp was a test", key, cert) ||
         eseal_registry_unfreeze(ctx, "demo", order.ptr, order.size, "supervisor Zhao");
  eseal_buf_dispose(&order);
  eseal_seal_status_free(s);
  eseal_cert_free(cert);
  eseal_key_free(key);
  return rc;
}

static int steps(const char *dir, eseal_ctx *ctx, eseal_store *store, const eseal_seal *seal,
                 eseal_key *key, const eseal_cert *signer) {
  /* Tomorrow 23:00 and the morning after, in Beijing (UTC+8). */
  int64_t day = ((int64_t)time(NULL) + 8 * 3600) / 86400 + 1;
  int64_t night = day * 86400 + 15 * 3600, morning = (day + 1) * 86400 + 3600 + 1800;
  const char *es_id = eseal_seal_esid(seal);
  int alerts = 0;
  eseal_ctx_set_alert_callback(ctx, on_alert, &alerts);
  if (eseal_registry_register(ctx, "demo", seal, "seal administrator", "issued") != 0)
    return cli_fail("demo", "registering the seal");
  printf("   seal %s registered; policy: working hours 09:00-18:00 (UTC+8), freeze outside\n",
         es_id);
  int rc = stamp_at(ctx, night, seal, key, signer);
  printf("   a stamp at 23:00: %s\n", rc == ESEAL_EFROZEN ? eseal_error_last()->message
                                     : rc == 0            ? "NOT refused"
                                                          : eseal_strerror(rc));
  int ok = rc == ESEAL_EFROZEN && alerts == 1;
  rc = stamp_at(ctx, morning, seal, key, signer);
  printf("   the next stamp, at 09:30 the next morning: %s\n",
         rc == ESEAL_EFROZEN ? "refused, the seal is frozen" : "NOT refused");
  ok &= rc == ESEAL_EFROZEN;
  if (unfreeze(dir, ctx, es_id, morning + 600) != 0)
    return cli_fail("demo", "unfreezing with the supervisor's order");
  printf("   supervisor Zhao signs an unfreeze order; the seal is active again\n");
  rc = stamp_at(ctx, morning + 900, seal, key, signer);
  printf("   a stamp at 09:45: %s\n", rc == 0 ? "done" : "REFUSED");
  ok &= rc == 0;
  eseal_buf log = ESEAL_BUF_INIT;
  if (eseal_usage_log_show(&log, store, "demo", 0, 0) != 0)
    return cli_fail("demo", "reading the usage log");
  printf("   the usage log:\n");
  fwrite(log.ptr, 1, log.size, stdout);
  eseal_buf_dispose(&log);
  rc = eseal_usage_log_verify(NULL, store, ctx, "demo", NULL, 0);
  printf("   the usage log %s\n", rc == 0 ? "verifies" : "does NOT verify");
  return ok && rc == 0;
}

int demo_risk(const char *dir, eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
              const eseal_cert *signer) {
  char path[600], policy_path[600];
  snprintf(path, sizeof path, "%s/risk.db", dir);
  snprintf(policy_path, sizeof policy_path, "%s/policy.json", dir);
  int rc = cli_write_file("demo", policy_path, (const uint8_t *)policy_text,
                          sizeof policy_text - 1);
  if (rc)
    return rc;
  printf("3. risk control with the registry in %s and the policy %s:\n", path, policy_path);
  eseal_store *store = NULL;
  eseal_policy *policy = NULL;
  if (eseal_policy_load_file(&policy, policy_path) != 0 ||
      eseal_store_open_sqlite(&store, path) != 0 || eseal_ctx_set_store(ctx, store) != 0 ||
      eseal_ctx_set_policy(ctx, policy) != 0)
    rc = cli_fail("demo", path);
  else
    rc = steps(dir, ctx, store, seal, key, signer);
  eseal_ctx_set_policy(ctx, NULL);
  eseal_ctx_set_store(ctx, NULL);
  eseal_store_free(store);
  eseal_policy_free(policy);
  return rc;
}
