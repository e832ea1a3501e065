/* The seal registry from the command line (doc/registry.md, "Command line"). */
#include "registry_cmd.h"

#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "key_opt.h"
#include "core/file.h"
#include "core/text.h"
#include "store_opt.h"

typedef struct reg_args {
  const char *store, *tenant, *esid, *who, *why, *order, *key, *cert, *out,
      *notify_file;
  cli_list supervisors;
  int reissue;
  const char *seal_path;
  cli_key keyopts;
} reg_args;

void registry_cmd_usage(FILE *out) {
  fprintf(out,
          "       eseal seal register --store DB [--tenant T] [--reissue] [--who W] [--why TEXT] SEAL\n"
          "       eseal seal freeze|cancel --store DB [--tenant T] --esid ID [--who W] [--why TEXT]\n"
          "       eseal seal report-lost --store DB [--tenant T] --esid ID [--who W] [--why TEXT]\n"
          "                              [--notify-file FILE]\n"
          "       eseal seal unfreeze-order --store DB [--tenant T] --esid ID --key KEY [--cert CERT]\n"
          "                                 [--password-file F | --pin-file F] [--why TEXT] -o ORDER\n"
          "       eseal seal unfreeze --store DB [--tenant T] --supervisors CA... --order ORDER [--who W]\n"
          "       eseal seal state --store DB [--tenant T] --esid ID\n");
}

static const char *const verbs[] = {"register", "freeze",   "unfreeze", "unfreeze-order",
                                    "report-lost", "cancel", "state",   NULL};

int registry_cmd_is_verb(const char *verb) {
  for (size_t i = 0; verbs[i]; i++)
    if (strcmp(verb, verbs[i]) == 0)
      return 1;
  return 0;
}

int registry_cli_register(const char *path, const char *tenant, const eseal_seal *seal) {
  eseal_ctx *ctx = NULL;
  eseal_store *store = NULL;
  int rc = eseal_ctx_new(&ctx) ? cli_fail("seal", "setting up")
                               : cli_store_attach("seal", path, tenant, ctx, &store, &tenant);
  if (rc == 0 && eseal_registry_register(ctx, tenant, seal, getenv("USER"), "made") != 0)
    rc = cli_fail("seal", "registering the seal");
  if (rc == 0)
    printf("registered in tenant %s of %s\n", tenant, path);
  eseal_ctx_free(ctx);
  eseal_store_free(store);
  return rc;
}

int registry_cli_stamp_options(eseal_stamp_options *o, const char *tenant, const char *op,
                               const char *device, const char *location) {
  o->tenant = tenant;
  o->operator_id = op;
  o->device = device;
  if (location == NULL)
    return 0;
  /* LAT,LON[,ACC[,PLACE]]: the place is the rest of the text, commas included. */
  char *end = NULL;
  const char *p = location;
  o->latitude = strtod(p, &end);
  if (end == p || *end != ',')
    goto bad;
  p = end + 1;
  o->longitude = strtod(p, &end);
  if (end == p || (*end && *end != ','))
    goto bad;
  if (*end == ',') {
    p = end + 1;
    o->accuracy_m = strtod(p, &end);
    if (end == p || (*end && *end != ','))
      goto bad;
    if (*end == ',')
      o->place = end + 1;
  }
  o->has_location = 1;
  return 0;
bad:
  fputs("eseal: --location is LAT,LON[,ACCURACY_M[,PLACE]] in WGS-84 degrees, not '", stderr);
  eseal__text_escape_fputs(stderr, location);
  fputs("'\n", stderr);
  return EXIT_USAGE;
}

static void print_hash(FILE *out, const uint8_t *h, size_t len) {
  for (size_t i = 0; i < len; i++)
    fprintf(out, "%02x", h[i]);
}

static void print_text_field(const char *name, const char *value) {
  printf("%-16s", name);
  eseal__text_escape_fputs(stdout, value);
  fputc('\n', stdout);
}

static void print_time_field(const char *name, int64_t t) {
  char iso[32];
  printf("%-16s%s\n", name, cli_format_time(t, iso));
}

static int show_state(eseal_ctx *ctx, const reg_args *a) {
  eseal_seal_status *s = NULL;
  if (eseal_registry_state(&s, ctx, a->tenant, a->esid) != 0)
    return cli_fail("seal", "state");
  size_t len = 0;
  const uint8_t *h;
  print_text_field("esID", eseal_seal_status_es_id(s));
  print_text_field("state", eseal_seal_state_name(eseal_seal_status_state(s)));
  printf("%-16s", "seal SM3");
  h = eseal_seal_status_hash(s, &len);
  print_hash(stdout, h, len);
  fputc('\n', stdout);
  print_time_field("registered", eseal_seal_status_registered_at(s));
  print_text_field("registered by", eseal_seal_status_registered_by(s));
  print_time_field("changed", eseal_seal_status_changed_at(s));
  print_text_field("changed by", eseal_seal_status_changed_by(s));
  print_text_field("why", eseal_seal_status_reason(s));
  printf("%-16s%llu\n", "log sequence", (unsigned long long)eseal_seal_status_sequence(s));
  if (eseal_seal_status_state(s) == ESEAL_SEAL_FROZEN)
    printf("%-16s%llu\n", "freeze sequence",
           (unsigned long long)eseal_seal_status_freeze_sequence(s));
  if ((h = eseal_seal_status_predecessor(s, &len)) != NULL) {
    printf("%-16s", "predecessor");
    print_hash(stdout, h, len);
    fputc('\n', stdout);
  }
  if ((h = eseal_seal_status_successor(s, &len)) != NULL) {
    printf("%-16s", "successor");
    print_hash(stdout, h, len);
    fputc('\n', stdout);
  }
  eseal_seal_status_free(s);
  return 0;
}

/* The loss callback of the command line: a line for the CA's operator in a file. */
static int notify_file(void *payload, const char *tenant, const char *es_id,
                       const uint8_t *hash, size_t hash_len, int64_t lost_at) {
  FILE *f = fopen((const char *)payload, "a");
  if (f == NULL)
    return eseal_stamp_check_refuse(ESEAL_EIO, "cannot append to the notify file");
  fprintf(f, "lost tenant=%s esid=", tenant);
  eseal__text_escape_fputs(f, es_id);
  fputs(" seal_sm3=", f);
  print_hash(f, hash, hash_len);
  fprintf(f, " at=%lld\n", (long long)lost_at);
  return fclose(f) == 0 ? 0 : eseal_stamp_check_refuse(ESEAL_EIO, "writing the notify file failed");
}

static int make_order(eseal_ctx *ctx, const reg_args *a) {
  eseal_seal_status *s = NULL;
  eseal_key *key = NULL;
  eseal_cert *cert = NULL;
  eseal_buf order = ESEAL_BUF_INIT;
  int rc = 0;
  if (!a->key || !a->out) {
    fprintf(stderr, "eseal seal unfreeze-order: --key and -o are required\n");
    return EXIT_USAGE;
  }
  if (eseal_registry_state(&s, ctx, a->tenant, a->esid) != 0)
    rc = cli_fail("seal", "state");
  else if ((rc = cli_key_load("seal", a->key, &a->keyopts, &key, &cert)) != 0)
    ;
  else if (cert == NULL && (!a->cert || eseal_cert_load_file(&cert, a->cert) != 0))
    rc = a->cert ? cli_fail("seal", a->cert) : (fprintf(stderr, "eseal seal: --cert needed\n"), EXIT_USAGE);
  else {
    size_t len = 0;
    const uint8_t *h = eseal_seal_status_hash(s, &len);
    if (eseal_unfreeze_order_sign(&order, ctx, a->tenant, a->esid, h, len,
                                  eseal_seal_status_freeze_sequence(s), 0, a->why, key, cert))
      rc = cli_fail("seal", "signing the order");
    else if ((rc = cli_write_file("seal", a->out, order.ptr, order.size)) == 0)
      printf("unfreeze order for freeze #%llu written to %s\n",
             (unsigned long long)eseal_seal_status_freeze_sequence(s), a->out);
  }
  eseal_buf_dispose(&order);
  eseal_cert_free(cert);
  eseal_key_free(key);
  eseal_seal_status_free(s);
  return rc;
}

static int unfreeze(eseal_ctx *ctx, const reg_args *a) {
  if (!a->order || a->supervisors.count == 0) {
    fprintf(stderr, "eseal seal unfreeze: --order and --supervisors are required\n");
    return EXIT_USAGE;
  }
  for (int i = 0; i < a->supervisors.count; i++)
    if (eseal_ctx_add_trust_path_roles(ctx, a->supervisors.items[i],
                                       ESEAL_ROLE_REGISTRY_SUPERVISOR) != 0)
      return cli_fail("seal", a->supervisors.items[i]);
  eseal_buf order = ESEAL_BUF_INIT;
  int rc = 0;
  if (eseal__read_file(&order, a->order) != 0)
    rc = cli_fail("seal", a->order);
  else if (eseal_registry_unfreeze(ctx, a->tenant, order.ptr, order.size, a->who) != 0)
    rc = cli_fail("seal", "unfreeze refused");
  eseal_buf_dispose(&order);
  return rc;
}

static int register_seal(eseal_ctx *ctx, const reg_args *a) {
  eseal_seal *seal = NULL;
  int rc = 0;
  if (eseal_seal_parse_file(&seal, a->seal_path, NULL) != 0)
    rc = cli_fail("seal", a->seal_path);
  else if ((a->reissue ? eseal_registry_reissue : eseal_registry_register)(ctx, a->tenant, seal,
                                                                           a->who, a->why) != 0)
    rc = cli_fail("seal", a->reissue ? "re-issue refused" : "register refused");
  eseal_seal_free(seal);
  return rc;
}

static int act(eseal_ctx *ctx, const char *verb, const reg_args *a) {
  if (strcmp(verb, "register") == 0)
    return register_seal(ctx, a);
  if (strcmp(verb, "unfreeze") == 0)
    return unfreeze(ctx, a);
  if (a->esid == NULL) {
    fprintf(stderr, "eseal seal %s: --esid is required\n", verb);
    return EXIT_USAGE;
  }
  if (strcmp(verb, "state") == 0)
    return show_state(ctx, a);
  if (strcmp(verb, "unfreeze-order") == 0)
    return make_order(ctx, a);
  int rc;
  if (strcmp(verb, "freeze") == 0)
    rc = eseal_registry_freeze(ctx, a->tenant, a->esid, a->who, a->why);
  else if (strcmp(verb, "cancel") == 0)
    rc = eseal_registry_cancel(ctx, a->tenant, a->esid, a->who, a->why);
  else
    rc = eseal_registry_report_lost(ctx, a->tenant, a->esid, a->who, a->why,
                                    a->notify_file ? notify_file : NULL, (void *)a->notify_file);
  return rc ? cli_fail("seal", verb) : 0;
}

int registry_cmd_run(int argc, char **argv) {
  reg_args a = {0};
  const char *pos[2];
  const cli_opt opts[] = {{"--store", CLI_VALUE, &a.store},
                          {"--tenant", CLI_VALUE, &a.tenant},
                          {"--esid", CLI_VALUE, &a.esid},
                          {"--who", CLI_VALUE, &a.who},
                          {"--why", CLI_VALUE, &a.why},
                          {"--order", CLI_VALUE, &a.order},
                          {"--key", CLI_VALUE, &a.key},
                          {"--cert", CLI_VALUE, &a.cert},
                          CLI_KEY_OPTS(a.keyopts),
                          {"--supervisors", CLI_LIST, &a.supervisors},
                          {"--notify-file", CLI_VALUE, &a.notify_file},
                          {"--reissue", CLI_FLAG, &a.reissue},
                          {"-o", CLI_VALUE, &a.out},
                          {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("seal", argc, argv, opts, pos, 2, &n);
  if (rc)
    return rc;
  const char *verb = argv[0];
  if ((strcmp(verb, "register") == 0) != (n == 1) || n > 1) {
    fprintf(stderr, "eseal seal %s: %s\n", verb,
            strcmp(verb, "register") == 0 ? "one SEAL file is required" : "no arguments are taken");
    return EXIT_USAGE;
  }
  a.seal_path = n ? pos[0] : NULL;
  if (a.who == NULL)
    a.who = getenv("USER");
  eseal_ctx *ctx = NULL;
  eseal_store *store = NULL;
  rc = eseal_ctx_new(&ctx) ? cli_fail("seal", "setting up")
                           : cli_store_attach("seal", a.store, a.tenant, ctx, &store, &a.tenant);
  if (rc == 0 && (rc = act(ctx, verb, &a)) == 0 && strcmp(verb, "state") && strcmp(verb, "unfreeze-order"))
    printf("%s: done\n", verb);
  eseal_ctx_free(ctx);
  eseal_store_free(store);
  return rc;
}
