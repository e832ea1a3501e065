/* eseal stamp: apply a seal to a file (or a hash) and write the SES_Signature. */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "key_opt.h"
#include "registry_cmd.h"
#include "revocation_opt.h"
#include "risk_opt.h"
#include "store_opt.h"
#include "core/text.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal stamp --seal SEAL --key KEY [--cert CERT] [--password-file F]\n"
          "                   (--data FILE | --hash HEX) [--property TEXT] -o OUT\n\n"
          "Stamps the data with the seal as the signer and writes the signature (SES_Signature,\n"
          "same format as the seal) to OUT. Before signing it checks that the signer certificate\n"
          "is in the seal's certList, that the seal and the certificate are valid now, that the\n"
          "certificate may sign, and that the seal's maker signature holds.\n\n"
          "  --seal SEAL      the seal (DER)\n"
          "  --key KEY        the signer's private key: PEM, PKCS#8, PKCS#12 or pkcs11: URI\n"
          "  --cert CERT      the signer's certificate (not needed with PKCS#12, or when\n"
          "                   the token holds it)\n"
          "  --data FILE      the file to stamp (hashed with SM3)\n"
          "  --hash HEX       or its SM3 hash, computed elsewhere\n"
          "  --property TEXT  propertyInfo: what the hash covers (e.g. an OFD path)\n"
          "  --store DB       check the seal in the registry of this store (an SQLite file or a\n"
          "                   postgresql:// URI) and log the stamp\n"
          "                   (doc/registry.md); --tenant T, --operator O, --device D,\n"
          "                   --location LAT,LON[,ACC[,PLACE]] and --allow-unregistered go with it\n"
          "  --policy FILE    with --store: judge the stamp by this risk policy; alerts are\n"
          "                   printed on stderr, a FREEZE rule refuses (doc/risk-control.md)\n"
          "  --tsa URL        timestamp the signature value at this RFC 3161 authority and\n"
          "                   embed the token (V4; doc/timestamps.md); --tsa-policy OID\n"
          "  --trust FILE|DIR anchors the signer's chain must reach for its revocation check\n"
          "  --intermediate F|D  CA certificates to build that chain with\n\n"
          "%s\n"
          "%s\n"
          "With any revocation option, stamping is fail-closed: a revoked signer or chain\n"
          "certificate, or no status, refuses (doc/revocation.md).\n\n"
          "SEAL, FILE and OUT may be - for stdin or stdout (stdin once).\n\n"
          "Exit status: 0 stamped, 5 refused by a pre-stamp check (binding, validity,\n"
          "seal state, revocation), " CLI_EXIT_HELP_ERRORS ".\n",
          cli_key_help, cli_revocation_help);
}

/* The seal of SEAL (- : stdin). 0, or an exit status after printing why. */
static int load_seal(const char *path, eseal_seal **seal) {
  eseal_buf bytes = ESEAL_BUF_INIT;
  int rc = cli_read_input("stamp", path, &bytes);
  if (rc == 0 && eseal_seal_parse(seal, bytes.ptr, bytes.size, NULL) != 0)
    rc = cli_fail("stamp", strcmp(path, "-") ? path : "the seal from stdin");
  eseal_buf_dispose(&bytes);
  return rc;
}

/* EXIT_REFUSED when eseal_stamp() refused on a check, `rc` when it could not run. */
static int refused(int rc) {
  const eseal_error *e = eseal_error_last();
  switch (e ? e->code : 0) {
  case ESEAL_ENOTBOUND:
  case ESEAL_ESEALTIME:
  case ESEAL_ECERT:
  case ESEAL_EBADSEAL:
  case ESEAL_EEXPIRED:
  case ESEAL_EFROZEN:
  case ESEAL_ELOST:
  case ESEAL_EREVOKED:
  case ESEAL_ESTATUS: return EXIT_REFUSED;
  default: return rc;
  }
}

/* The signer's trust and the revocation options: what the fail-closed check needs. */
typedef struct stamp_trust {
  cli_list anchors, intermediates;
  cli_revocation revocation;
} stamp_trust;

static int configure(eseal_ctx *ctx, const stamp_trust *t) {
  for (int i = 0; i < t->anchors.count; i++)
    if (eseal_ctx_add_trust_path(ctx, t->anchors.items[i]) != 0)
      return cli_fail("stamp", t->anchors.items[i]);
  for (int i = 0; i < t->intermediates.count; i++)
    if (eseal_ctx_add_intermediate_path(ctx, t->intermediates.items[i]) != 0)
      return cli_fail("stamp", t->intermediates.items[i]);
  return cli_revocation_apply("stamp", &t->revocation, ctx);
}

static int stamp(const char *seal_path, const char *key_path, const char *cert_path,
                 const cli_key *keyopts, const eseal_data *data, const eseal_stamp_options *so,
                 const char *store_path, const char *policy_path, const stamp_trust *trust,
                 const char *out) {
  eseal_store *store = NULL;
  eseal_policy *policy = NULL;
  eseal_ctx *ctx = NULL;
  eseal_seal *seal = NULL;
  eseal_key *key = NULL;
  eseal_cert *cert = NULL;
  eseal_signature *sig = NULL;
  int rc;
  if (eseal_ctx_new(&ctx))
    rc = cli_fail("stamp", "setting up");
  else if ((rc = configure(ctx, trust)) != 0)
    ;
  else if (store_path &&
           (rc = cli_store_attach("stamp", store_path, so->tenant, ctx, &store, NULL)) != 0)
    ;
  else if ((rc = cli_policy_attach("stamp", policy_path, ctx, &policy)) != 0)
    ;
  else if ((rc = load_seal(seal_path, &seal)) != 0)
    ;
  else if ((rc = cli_key_load("stamp", key_path, keyopts, &key, &cert)) != 0)
    ;
  else if (cert == NULL && cert_path == NULL) {
    fprintf(stderr, "eseal stamp: --cert is required with this key file\n");
    rc = EXIT_USAGE;
  } else if (cert == NULL && eseal_cert_load_file(&cert, cert_path))
    rc = cli_fail("stamp", cert_path);
  else {
    if (eseal_stamp(&sig, ctx, seal, key, cert, data, so)) {
      rc = refused(cli_fail("stamp", "stamping refused"));
    } else {
      size_t len = 0;
      const uint8_t *der = eseal_signature_bytes(sig, &len);
      rc = cli_write_file("stamp", out, der, len);
      FILE *says = cli_messages();
      if (rc == 0 && says) {
        /* The esID comes from the seal file: outside text. */
        fputs("stamped with seal ", says);
        eseal__text_escape_fputs(says, eseal_seal_esid(seal));
        fputs("; signature written to ", says);
        eseal__text_escape_fputs(says, strcmp(out, "-") ? out : "stdout");
        fputc('\n', says);
      }
    }
  }
  eseal_signature_free(sig);
  eseal_cert_free(cert);
  eseal_key_free(key);
  eseal_seal_free(seal);
  eseal_ctx_free(ctx);
  eseal_policy_free(policy);
  eseal_store_free(store);
  return rc;
}

static int run(int argc, char **argv) {
  const char *seal = NULL, *key = NULL, *cert = NULL, *data_path = NULL,
             *hash = NULL, *property = NULL, *out = NULL, *pos[1], *store = NULL, *tenant = NULL,
             *operator_id = NULL, *device = NULL, *location = NULL, *policy = NULL;
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  stamp_trust trust = {0};
  cli_key keyopts = {0};
  const cli_opt opts[] = {{"--seal", CLI_VALUE, &seal},         {"--key", CLI_VALUE, &key},
                          {"--cert", CLI_VALUE, &cert},         CLI_KEY_OPTS(keyopts),
                          {"--data", CLI_VALUE, &data_path},    {"--hash", CLI_VALUE, &hash},
                          {"--property", CLI_VALUE, &property}, {"-o", CLI_VALUE, &out},
                          {"--store", CLI_VALUE, &store},       {"--tenant", CLI_VALUE, &tenant},
                          {"--operator", CLI_VALUE, &operator_id},
                          {"--device", CLI_VALUE, &device},     {"--location", CLI_VALUE, &location},
                          {"--allow-unregistered", CLI_FLAG, &so.allow_unregistered},
                          {"--policy", CLI_VALUE, &policy},
                          {"--tsa", CLI_VALUE, &so.tsa_url},
                          {"--tsa-policy", CLI_VALUE, &so.tsa_policy},
                          {"--trust", CLI_LIST, &trust.anchors},
                          {"--intermediate", CLI_LIST, &trust.intermediates},
                          CLI_REVOCATION_OPTS(trust.revocation),
                          {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("stamp", argc, argv, opts, pos, 0, &n);
  if (rc)
    return rc;
  if (!seal || !key || !out || (!data_path && !hash)) {
    fprintf(stderr, "eseal stamp: --seal, --key, --data or --hash, and -o are required\n");
    return EXIT_USAGE;
  }
  so.property_info = property;
  if ((rc = registry_cli_stamp_options(&so, tenant, operator_id, device, location)) != 0)
    return rc;
  eseal_data *data = NULL;
  if ((rc = cli_load_data("stamp", data_path, hash, &data)) != 0)
    return rc;
  so.tsa_allow_private_targets = trust.revocation.allow_private;
  rc = stamp(seal, key, cert, &keyopts, data, &so, store, policy, &trust, out);
  eseal_data_free(data);
  return rc;
}

const cli_command cli_stamp = {"stamp", "stamp a file with a seal, writing a SES_Signature", run,
                               usage};
