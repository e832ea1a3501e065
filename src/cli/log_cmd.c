/*
 * eseal log: the usage log of a store (doc/usage-log.md, "Command line"):
 * show, record-physical, checkpoint, prove, export, verify, erase, and
 * verify-bundle (src/cli/evidence_cmd.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "args.h"
#include "commands.h"
#include "evidence_cmd.h"
#include "key_opt.h"
#include "store_opt.h"

typedef struct log_args {
  const char *store, *tenant, *from, *count, *seq, *size, *to, *key, *cert, *every,
      *out, *checkpoint, *hash, *signature, *esid, *op, *device, *location, *force, *time;
  cli_list log_roots;
  cli_key keyopts;
} log_args;

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal log show --store DB [--tenant T] [--from N] [--count N]\n"
          "       eseal log record-physical --store DB [--tenant T] --esid ID [--operator O]\n"
          "                 [--device D] [--location LAT,LON[,ACC[,PLACE]]] [--force NEWTONS]\n"
          "                 [--time TIME]\n"
          "       eseal log checkpoint --store DB [--tenant T] --key KEY [--cert CERT]\n"
          "                 [--password-file F | --pin-file F] --log-roots CA... [--every N]\n"
          "                 [-o FILE]   (KEY: a key file or a pkcs11: URI, see eseal stamp --help)\n"
          "       eseal log prove --store DB [--tenant T] --seq N [--size N]\n"
          "       eseal log prove --store DB [--tenant T] --from OLD [--to NEW]\n"
          "       eseal log export --store DB [--tenant T] (--signature FILE | --hash HEX)\n"
          "                 -o BUNDLE\n"
          "       eseal log verify --store DB [--tenant T] --log-roots CA... [--checkpoint FILE]\n"
          "       eseal log erase --store DB [--tenant T] --operator O\n"
          "       eseal log verify-bundle --log-roots CA... BUNDLE\n"
          "\n"
          "The usage log of a tenant: every stamp, physical use and registry change.\n"
          "Keep the checkpoints `checkpoint` writes OUTSIDE the store: `verify --checkpoint`\n"
          "detects a truncated or rolled-back store only against one of them.\n"
          "--log-roots names the CAs trusted to certify log-signing keys.\n"
          "\n"
          "Exit status: 0 done or log intact, 1 log tampered (verify), " CLI_EXIT_HELP_ERRORS "\n");
}

static int parse_u64(const char *opt, const char *text, uint64_t *out) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = text ? strtoull(text, &end, 10) : 0;
  if (text == NULL || *text == '\0' || *text == '-' || *end != '\0' || errno != 0) {
    fprintf(stderr, "eseal log: %s wants a number, not '%s'\n", opt, text ? text : "");
    return EXIT_USAGE;
  }
  *out = v;
  return 0;
}

/* A context trusting --log-roots for the log-signer role. */
static int log_context(const log_args *a, eseal_ctx **ctx) {
  if (eseal_ctx_new(ctx) != 0)
    return cli_fail("log", "setting up");
  for (int i = 0; i < a->log_roots.count; i++)
    if (eseal_ctx_add_trust_path_roles(*ctx, a->log_roots.items[i], ESEAL_ROLE_LOG_SIGNER) != 0)
      return cli_fail("log", a->log_roots.items[i]);
  return 0;
}

static int print_buf(eseal_buf *b) {
  fwrite(b->ptr, 1, b->size, stdout);
  eseal_buf_dispose(b);
  return 0;
}

static int do_show(const log_args *a, eseal_store *store, const char *tenant) {
  uint64_t first = 0, count = 0;
  int rc;
  if ((a->from && (rc = parse_u64("--from", a->from, &first)) != 0) ||
      (a->count && (rc = parse_u64("--count", a->count, &count)) != 0))
    return rc;
  eseal_buf out = ESEAL_BUF_INIT;
  if (eseal_usage_log_show(&out, store, tenant, first, count) != 0)
    return cli_fail("log", "reading the log");
  return print_buf(&out);
}

/* LAT,LON[,ACC[,PLACE]]: the place is the rest of the text, commas included. */
static int parse_location(const char *text, eseal_usage_record *rec) {
  char *end = NULL;
  rec->latitude = strtod(text, &end);
  if (end == text || *end != ',')
    return -1;
  const char *p = end + 1;
  rec->longitude = strtod(p, &end);
  if (end == p || (*end != ',' && *end != '\0'))
    return -1;
  if (*end == ',') {
    p = end + 1;
    rec->accuracy_m = strtod(p, &end);
    if (end == p || (*end != ',' && *end != '\0'))
      return -1;
    if (*end == ',')
      rec->place = end + 1;
  }
  rec->has_location = 1;
  return 0;
}

static int do_record_physical(const log_args *a, eseal_store *store, const char *tenant) {
  eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
  rec.action = ESEAL_USAGE_PHYSICAL;
  rec.es_id = a->esid;
  rec.operator_id = a->op;
  rec.device = a->device;
  if (a->esid == NULL) {
    fprintf(stderr, "eseal log record-physical: --esid is required\n");
    return EXIT_USAGE;
  }
  if (a->location && parse_location(a->location, &rec) != 0) {
    fprintf(stderr, "eseal log record-physical: --location wants LAT,LON[,ACC[,PLACE]]\n");
    return EXIT_USAGE;
  }
  if (a->force) {
    char *end = NULL;
    rec.force_newtons = strtod(a->force, &end);
    rec.has_force = 1;
    if (end == a->force || *end != '\0') {
      fprintf(stderr, "eseal log record-physical: --force wants newtons\n");
      return EXIT_USAGE;
    }
  }
  if (a->time && cli_parse_time(a->time, &rec.time) != 0) {
    fprintf(stderr, "eseal log record-physical: bad --time '%s'\n", a->time);
    return EXIT_USAGE;
  }
  eseal_ctx *ctx = NULL;
  uint64_t seq = 0;
  int rc = log_context(a, &ctx);
  if (rc == 0 && eseal_usage_log_record_physical(&seq, store, ctx, tenant, &rec) != 0)
    rc = cli_fail("log", "recording the physical use");
  if (rc == 0)
    printf("%" PRIu64 "\n", seq);
  eseal_ctx_free(ctx);
  return rc;
}

static int do_checkpoint(const log_args *a, eseal_store *store, const char *tenant) {
  uint64_t every = 0;
  int rc;
  if (a->every && (rc = parse_u64("--every", a->every, &every)) != 0)
    return rc;
  if (a->key == NULL) {
    fprintf(stderr, "eseal log checkpoint: --key is required\n");
    return EXIT_USAGE;
  }
  eseal_ctx *ctx = NULL;
  eseal_key *key = NULL;
  eseal_cert *cert = NULL, *p12_cert = NULL;
  eseal_buf note = ESEAL_BUF_INIT;
  rc = log_context(a, &ctx);
  if (rc == 0)
    rc = cli_key_load("log", a->key, &a->keyopts, &key, &p12_cert);
  if (rc == 0 && a->cert && eseal_cert_load_file(&cert, a->cert) != 0)
    rc = cli_fail("log", a->cert);
  const eseal_cert *signer = cert ? cert : p12_cert;
  if (rc == 0 && signer == NULL) {
    fprintf(stderr, "eseal log checkpoint: --cert is required unless --key is a PKCS#12 file "
                    "or a token key with its certificate\n");
    rc = EXIT_USAGE;
  }
  if (rc == 0 && eseal_usage_log_checkpoint(&note, store, ctx, tenant, key, signer, every) != 0)
    rc = cli_fail("log", "making the checkpoint");
  if (rc == 0 && note.size == 0)
    cli_say("not due: fewer than %" PRIu64 " records since the latest checkpoint\n", every);
  else if (rc == 0)
    rc = a->out ? cli_write_file("log", a->out, note.ptr, note.size) : print_buf(&note);
  eseal_buf_dispose(&note);
  eseal_cert_free(cert);
  eseal_cert_free(p12_cert);
  eseal_key_free(key);
  eseal_ctx_free(ctx);
  return rc;
}

static int do_prove(const log_args *a, eseal_store *store, const char *tenant) {
  uint64_t seq = 0, size = 0, from = 0, to = 0;
  int rc;
  eseal_buf out = ESEAL_BUF_INIT;
  if ((a->seq == NULL) == (a->from == NULL)) {
    fprintf(stderr, "eseal log prove: give --seq (inclusion) or --from (consistency)\n");
    return EXIT_USAGE;
  }
  if (a->seq) {
    if ((rc = parse_u64("--seq", a->seq, &seq)) != 0 ||
        (a->size && (rc = parse_u64("--size", a->size, &size)) != 0))
      return rc;
    rc = eseal_usage_log_prove(&out, store, tenant, seq, size);
  } else {
    if ((rc = parse_u64("--from", a->from, &from)) != 0 ||
        (a->to && (rc = parse_u64("--to", a->to, &to)) != 0))
      return rc;
    rc = eseal_usage_log_prove_consistency(&out, store, tenant, from, to);
  }
  return rc != 0 ? cli_fail("log", "making the proof") : print_buf(&out);
}

static int do_export(const log_args *a, eseal_store *store, const char *tenant) {
  uint8_t hash[64];
  size_t len = 0;
  if ((a->hash == NULL) == (a->signature == NULL) || a->out == NULL) {
    fprintf(stderr, "eseal log export: give --signature FILE or --hash HEX, and -o BUNDLE\n");
    return EXIT_USAGE;
  }
  if (a->hash) {
    long n = cli_parse_hex(a->hash, hash, sizeof hash);
    if (n <= 0) {
      fprintf(stderr, "eseal log export: --hash wants 1 to 64 bytes in hex\n");
      return EXIT_USAGE;
    }
    len = (size_t)n;
  } else {
    /* The log names a signature by the SM3 of its complete bytes. */
    eseal_buf sig = ESEAL_BUF_INIT;
    unsigned int n = 0;
    int rc = cli_read_input("log", a->signature, &sig);
    if (rc != 0)
      return rc;
    rc = EVP_Digest(sig.ptr, sig.size, hash, &n, EVP_sm3(), NULL) == 1 ? 0 : EXIT_ERROR;
    eseal_buf_dispose(&sig);
    if (rc != 0)
      return rc;
    len = n;
  }
  eseal_buf bundle = ESEAL_BUF_INIT;
  if (eseal_usage_log_export(&bundle, store, tenant, hash, len) != 0)
    return cli_fail("log", "exporting the evidence");
  int rc = cli_write_file("log", a->out, bundle.ptr, bundle.size);
  eseal_buf_dispose(&bundle);
  return rc;
}

static int do_verify(const log_args *a, eseal_store *store, const char *tenant) {
  eseal_ctx *ctx = NULL;
  eseal_buf outside = ESEAL_BUF_INIT, report = ESEAL_BUF_INIT;
  int rc = log_context(a, &ctx);
  if (rc == 0 && a->checkpoint)
    rc = cli_read_input("log", a->checkpoint, &outside);
  if (rc == 0) {
    int v = eseal_usage_log_verify(&report, store, ctx, tenant, a->checkpoint ? outside.ptr : NULL,
                                   outside.size);
    if (v == ESEAL_ETAMPERED) {
      fprintf(stderr, "eseal log verify: TAMPERED: %s\n", eseal_error_last()->message);
      rc = EXIT_FAILED;
    } else if (v != 0) {
      rc = cli_fail("log", "verifying the log");
    }
    if (report.size)
      fwrite(report.ptr, 1, report.size, stdout);
  }
  eseal_buf_dispose(&report);
  eseal_buf_dispose(&outside);
  eseal_ctx_free(ctx);
  return rc;
}

static int do_erase(const log_args *a, eseal_store *store, const char *tenant) {
  size_t erased = 0;
  if (a->op == NULL) {
    fprintf(stderr, "eseal log erase: --operator is required\n");
    return EXIT_USAGE;
  }
  if (eseal_usage_log_erase_operator(&erased, store, tenant, a->op) != 0)
    return cli_fail("log", "erasing");
  cli_say("erased %zu clear values; records and proofs unchanged\n", erased);
  return 0;
}

typedef int (*log_verb_fn)(const log_args *a, eseal_store *store, const char *tenant);

static const struct {
  const char *name;
  log_verb_fn fn;
} verbs[] = {{"show", do_show},   {"record-physical", do_record_physical},
             {"checkpoint", do_checkpoint}, {"prove", do_prove},
             {"export", do_export}, {"verify", do_verify},
             {"erase", do_erase}};

static int run(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? EXIT_USAGE : 0;
  }
  if (strcmp(argv[1], "verify-bundle") == 0)
    return cli_log_verify_bundle(argc - 1, argv + 1);
  log_verb_fn fn = NULL;
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
    if (strcmp(argv[1], verbs[i].name) == 0)
      fn = verbs[i].fn;
  if (fn == NULL) {
    fprintf(stderr, "eseal log: no subcommand '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
  }
  log_args a;
  memset(&a, 0, sizeof a);
  const cli_opt opts[] = {
      {"--store", CLI_VALUE, &a.store, 0},      {"--tenant", CLI_VALUE, &a.tenant, 0},
      {"--from", CLI_VALUE, &a.from, 0},        {"--count", CLI_VALUE, &a.count, 0},
      {"--seq", CLI_VALUE, &a.seq, 0},          {"--size", CLI_VALUE, &a.size, 0},
      {"--to", CLI_VALUE, &a.to, 0},            {"--key", CLI_VALUE, &a.key, 0},
      {"--cert", CLI_VALUE, &a.cert, 0},        CLI_KEY_OPTS(a.keyopts),
      {"--every", CLI_VALUE, &a.every, 0},      {"--output", CLI_VALUE, &a.out, 'o'},
      {"--checkpoint", CLI_VALUE, &a.checkpoint, 0}, {"--hash", CLI_VALUE, &a.hash, 0},
      {"--signature", CLI_VALUE, &a.signature, 0}, {"--esid", CLI_VALUE, &a.esid, 0},
      {"--operator", CLI_VALUE, &a.op, 0},      {"--device", CLI_VALUE, &a.device, 0},
      {"--location", CLI_VALUE, &a.location, 0}, {"--force", CLI_VALUE, &a.force, 0},
      {"--time", CLI_VALUE, &a.time, 0},        {"--log-roots", CLI_LIST, &a.log_roots, 0},
      {NULL, 0, NULL, 0}};
  int npos = 0;
  int rc = cli_parse("log", argc - 1, argv + 1, opts, NULL, 0, &npos);
  if (rc != 0)
    return rc;
  eseal_store *store = NULL;
  const char *tenant = NULL;
  if ((rc = cli_store_open("log", a.store, a.tenant, &store, &tenant)) != 0)
    return rc;
  rc = fn(&a, store, tenant);
  eseal_store_free(store);
  return rc;
}

const cli_command cli_log = {"log", "the usage log of a store: show, checkpoint, prove, verify",
                             run, usage};
