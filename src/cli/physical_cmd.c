/* eseal seal use and eseal seal device (physical_cmd.h). */
#include "physical_cmd.h"

#include <stdlib.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "registry_cmd.h"
#include "risk_opt.h"
#include "store_opt.h"

void physical_cmd_usage(FILE *out) {
  fprintf(out,
          "       eseal seal device --store DB [--tenant T] --device ID --cert CERT\n"
          "       eseal seal use --store DB [--tenant T] --esid ID --device ID [--operator OP]\n"
          "                      [--time TIME] [--location LAT,LON[,ACC[,PLACE]]] [--force N]\n"
          "                      [--key DEVICE_KEY [--password P]] [--policy FILE]\n");
}

int physical_cmd_is_verb(const char *verb) {
  return strcmp(verb, "use") == 0 || strcmp(verb, "device") == 0;
}

typedef struct phys_args {
  const char *store, *tenant, *esid, *device, *operator_id, *time, *location, *force, *key,
      *password, *policy, *cert;
} phys_args;

static int register_device(eseal_ctx *ctx, const phys_args *a) {
  eseal_cert *cert = NULL;
  int rc = 0;
  if (!a->device || !a->cert) {
    fprintf(stderr, "eseal seal device: --device and --cert are required\n");
    return EXIT_USAGE;
  }
  if (eseal_cert_load_file(&cert, a->cert) != 0)
    rc = cli_fail("seal", a->cert);
  else if (eseal_device_register(ctx, a->tenant, a->device, cert) != 0)
    rc = cli_fail("seal", "registering the device");
  else
    printf("device registered\n");
  eseal_cert_free(cert);
  return rc;
}

/* The use from the options; the location through the stamp options' parser. */
static int fill(eseal_ctx *ctx, const phys_args *a, eseal_physical_use *u) {
  if (!a->esid || !a->device) {
    fprintf(stderr, "eseal seal use: --esid and --device are required\n");
    return EXIT_USAGE;
  }
  u->tenant = a->tenant;
  u->es_id = a->esid;
  u->device = a->device;
  u->operator_id = a->operator_id;
  u->device_time = eseal_ctx_now(ctx);
  if (a->time && cli_parse_time(a->time, &u->device_time) != 0) {
    fprintf(stderr, "eseal seal use: --time is a date and time such as 2026-01-01T09:30:00Z\n");
    return EXIT_USAGE;
  }
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  int rc = registry_cli_stamp_options(&so, a->tenant, NULL, NULL, a->location);
  if (rc)
    return rc;
  u->has_location = so.has_location;
  u->latitude = so.latitude;
  u->longitude = so.longitude;
  u->accuracy_m = so.accuracy_m;
  u->place = so.place;
  if (a->force) {
    char *end = NULL;
    u->force_newtons = strtod(a->force, &end);
    if (end == a->force || *end) {
      fprintf(stderr, "eseal seal use: --force is in newtons\n");
      return EXIT_USAGE;
    }
    u->has_force = 1;
  }
  return 0;
}

static int report_use(eseal_ctx *ctx, const phys_args *a) {
  eseal_physical_use u = ESEAL_PHYSICAL_USE_INIT;
  eseal_policy *policy = NULL;
  eseal_key *key = NULL;
  eseal_buf sig = ESEAL_BUF_INIT;
  eseal_physical_outcome out;
  int rc = fill(ctx, a, &u);
  if (rc == 0)
    rc = cli_policy_attach("seal", a->policy, ctx, &policy);
  /* With the device's key, the command signs as the device would. */
  if (rc == 0 && a->key) {
    if (eseal_key_load_file(&key, NULL, a->key, a->password) != 0)
      rc = cli_fail("seal", a->key);
    else if (eseal_physical_use_sign(&sig, ctx, &u, key) != 0)
      rc = cli_fail("seal", "signing the report");
  }
  if (rc == 0 && eseal_log_physical_use(&out, ctx, &u, sig.size ? sig.ptr : NULL, sig.size) != 0)
    rc = cli_fail("seal", "logging the physical use");
  if (rc == 0)
    printf("physical use logged as record #%llu (device signature %s%s); %zu alert%s%s\n",
           (unsigned long long)out.sequence,
           out.signature == 1 ? "verified" : out.signature == 0 ? "absent" : "does NOT verify",
           out.late ? ", late report" : "", out.alerts, out.alerts == 1 ? "" : "s",
           out.froze ? "; the seal is now FROZEN" : "");
  eseal_buf_dispose(&sig);
  eseal_key_free(key);
  eseal_ctx_set_policy(ctx, NULL);
  eseal_policy_free(policy);
  return rc;
}

int physical_cmd_run(int argc, char **argv) {
  phys_args a = {0};
  const char *pos[1];
  const cli_opt opts[] = {{"--store", CLI_VALUE, &a.store},
                          {"--tenant", CLI_VALUE, &a.tenant},
                          {"--esid", CLI_VALUE, &a.esid},
                          {"--device", CLI_VALUE, &a.device},
                          {"--operator", CLI_VALUE, &a.operator_id},
                          {"--time", CLI_VALUE, &a.time},
                          {"--location", CLI_VALUE, &a.location},
                          {"--force", CLI_VALUE, &a.force},
                          {"--key", CLI_VALUE, &a.key},
                          {"--password", CLI_VALUE, &a.password},
                          {"--policy", CLI_VALUE, &a.policy},
                          {"--cert", CLI_VALUE, &a.cert},
                          {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("seal", argc, argv, opts, pos, 0, &n);
  if (rc)
    return rc;
  eseal_ctx *ctx = NULL;
  eseal_store *store = NULL;
  rc = eseal_ctx_new(&ctx) ? cli_fail("seal", "setting up")
                           : cli_store_attach("seal", a.store, a.tenant, ctx, &store, &a.tenant);
  if (rc == 0)
    rc = strcmp(argv[0], "device") == 0 ? register_device(ctx, &a) : report_use(ctx, &a);
  eseal_ctx_free(ctx);
  eseal_store_free(store);
  return rc;
}
