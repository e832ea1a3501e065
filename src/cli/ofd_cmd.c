/* eseal ofd stamp: add a seal signature to an OFD document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <eseal.h>
#include <eseal/ofd.h>

#include "args.h"
#include "commands.h"
#include "key_opt.h"
#include "core/text.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal ofd stamp IN.ofd OUT.ofd --seal SEAL --key KEY [--cert CERT]\n"
          "                 [--password-file F | --pin-file F] PLACEMENT [--width MM --height MM]\n"
          "                 [--cover-signatures] [--tsa URL [--tsa-policy OID]\n"
          "                 [--allow-private-targets]]\n\n"
          "Adds a seal signature (Type=\"Seal\") to the OFD document IN and writes OUT (which\n"
          "may be IN). The signature covers every file of the document but Signatures.xml, so\n"
          "that more signatures can follow; --cover-signatures covers it too, after which no\n"
          "signature can be added. The seal's picture (PNG or JPEG) is its appearance. OUT is\n"
          "written through a temporary file: on any failure nothing is written.\n\n"
          "PLACEMENT, one of:\n"
          "  --page N --x MM --y MM     on page N (1 = first), top-left corner at (x, y) mm\n"
          "  --keyword TEXT [--all]     centred on TEXT where the pages show it (the first\n"
          "                             occurrence, or every one with --all)\n"
          "  --cross-page [--pages A-B] [--y MM]\n"
          "                             a cross-page seal (骑缝章) over pages A..B (default\n"
          "                             all): one slice at each page's right edge; --y is\n"
          "                             its top (default: centred)\n\n"
          "  --seal SEAL          the seal (DER)\n"
          "  --key KEY            the signer's private key: PEM, PKCS#8, PKCS#12 or pkcs11: URI\n"
          "  --cert CERT          the signer's certificate (not needed with PKCS#12, or when\n"
          "                       the token holds it)\n"
          "  --width, --height    size of the appearance in mm (default: the picture's)\n"
          "  --tsa URL            timestamp the signature value at this RFC 3161 authority\n"
          "                       and embed the token (doc/timestamps.md); --tsa-policy OID;\n"
          "                       --allow-private-targets lets URL be on a private address\n\n"
          "%s\n"
          "Exit status: 0 stamped, " CLI_EXIT_HELP_ERRORS ".\n",
          cli_key_help);
}

typedef struct ofd_args {
  const char *seal, *key, *cert, *page, *x, *y, *keyword, *pages, *width, *height;
  const char *tsa, *tsa_policy;
  int all, cross, cover, allow_private;
  cli_key keyopts;
} ofd_args;

/* A number of mm or a page number; 0 after printing why. */
static int number(const char *opt, const char *text, double *out) {
  char *end = NULL;
  double v = text ? strtod(text, &end) : 0;
  if (text == NULL || end == text || *end != '\0' || !(v >= 0 && v < 100000)) {
    fprintf(stderr, "eseal ofd stamp: %s takes a number of 0 or more\n", opt);
    return 0;
  }
  *out = v;
  return 1;
}

static int page_number(const char *opt, const char *text, unsigned int *out) {
  double v = 0;
  if (!number(opt, text, &v))
    return 0;
  if (v < 1 || v != (double)(unsigned int)v) {
    fprintf(stderr, "eseal ofd stamp: %s takes a page number, 1 or more\n", opt);
    return 0;
  }
  *out = (unsigned int)v;
  return 1;
}

/* "A-B" into first/last page numbers. */
static int page_range(const char *text, eseal_ofd_stamp_options *o) {
  const char *dash = strchr(text, '-');
  char first[32];
  if (dash == NULL || (size_t)(dash - text) >= sizeof first) {
    fprintf(stderr, "eseal ofd stamp: --pages takes A-B, e.g. 1-3\n");
    return 0;
  }
  memcpy(first, text, (size_t)(dash - text));
  first[dash - text] = '\0';
  return page_number("--pages", first, &o->page) && page_number("--pages", dash + 1, &o->last_page);
}

/* The placement options into `o`; 0 after printing why. */
static int placement(const ofd_args *a, eseal_ofd_stamp_options *o) {
  int chosen = (a->page != NULL) + (a->keyword != NULL) + a->cross;
  if (chosen != 1) {
    fprintf(stderr, "eseal ofd stamp: give one of --page N --x MM --y MM, --keyword TEXT or "
                    "--cross-page\n");
    return 0;
  }
  if ((a->width != NULL) != (a->height != NULL)) {
    fprintf(stderr, "eseal ofd stamp: --width and --height go together\n");
    return 0;
  }
  if (a->width && (!number("--width", a->width, &o->width_mm) ||
                   !number("--height", a->height, &o->height_mm)))
    return 0;
  if (a->page) {
    o->placement = ESEAL_OFD_PLACE_AT;
    if (!a->x || !a->y) {
      fprintf(stderr, "eseal ofd stamp: --page needs --x and --y\n");
      return 0;
    }
    return page_number("--page", a->page, &o->page) && number("--x", a->x, &o->x_mm) &&
           number("--y", a->y, &o->y_mm);
  }
  if (a->keyword) {
    o->placement = ESEAL_OFD_PLACE_KEYWORD;
    o->keyword = a->keyword;
    o->all_occurrences = a->all;
    return 1;
  }
  o->placement = ESEAL_OFD_PLACE_CROSS_PAGE;
  o->page = 0;
  if (a->pages && !page_range(a->pages, o))
    return 0;
  return a->y == NULL || number("--y", a->y, &o->y_mm);
}

static int stamp(const ofd_args *a, const char *in, const char *out,
                 const eseal_ofd_stamp_options *o) {
  eseal_ctx *ctx = NULL;
  eseal_seal *seal = NULL;
  eseal_key *key = NULL;
  eseal_cert *cert = NULL;
  int rc;
  if (eseal_ctx_new(&ctx))
    rc = cli_fail("ofd stamp", "setting up");
  else if (eseal_seal_parse_file(&seal, a->seal, NULL))
    rc = cli_fail("ofd stamp", a->seal);
  else if ((rc = cli_key_load("ofd stamp", a->key, &a->keyopts, &key, &cert)) != 0)
    ;
  else if (cert == NULL && a->cert == NULL) {
    fprintf(stderr, "eseal ofd stamp: --cert is required with this key file\n");
    rc = EXIT_USAGE;
  } else if (cert == NULL && eseal_cert_load_file(&cert, a->cert))
    rc = cli_fail("ofd stamp", a->cert);
  else if (eseal_ofd_stamp(out, ctx, in, seal, key, cert, o))
    rc = cli_fail("ofd stamp", in);
  else {
    rc = 0;
    /* Paths and the esID are outside text: escaped. */
    if (!cli_quiet) {
      fputs("stamped ", stdout);
      eseal__text_escape_fputs(stdout, in);
      fputs(" with seal ", stdout);
      eseal__text_escape_fputs(stdout, eseal_seal_esid(seal));
      fputs("; written to ", stdout);
      eseal__text_escape_fputs(stdout, out);
      fputc('\n', stdout);
    }
  }
  eseal_cert_free(cert);
  eseal_key_free(key);
  eseal_seal_free(seal);
  eseal_ctx_free(ctx);
  return rc;
}

static int run_stamp(int argc, char **argv) {
  ofd_args a = {0};
  const char *pos[2];
  const cli_opt opts[] = {{"--seal", CLI_VALUE, &a.seal, 0},
                          {"--key", CLI_VALUE, &a.key, 0},
                          {"--cert", CLI_VALUE, &a.cert, 0},
                          CLI_KEY_OPTS(a.keyopts),
                          {"--page", CLI_VALUE, &a.page, 0},
                          {"--x", CLI_VALUE, &a.x, 0},
                          {"--y", CLI_VALUE, &a.y, 0},
                          {"--keyword", CLI_VALUE, &a.keyword, 0},
                          {"--all", CLI_FLAG, &a.all, 0},
                          {"--cross-page", CLI_FLAG, &a.cross, 0},
                          {"--pages", CLI_VALUE, &a.pages, 0},
                          {"--width", CLI_VALUE, &a.width, 0},
                          {"--height", CLI_VALUE, &a.height, 0},
                          {"--cover-signatures", CLI_FLAG, &a.cover, 0},
                          {"--tsa", CLI_VALUE, &a.tsa, 0},
                          {"--tsa-policy", CLI_VALUE, &a.tsa_policy, 0},
                          {"--allow-private-targets", CLI_FLAG, &a.allow_private, 0},
                          {NULL, 0, NULL, 0}};
  int n = 0, rc = cli_parse("ofd stamp", argc, argv, opts, pos, 2, &n);
  if (rc)
    return rc;
  if (n != 2 || !a.seal || !a.key) {
    fprintf(stderr, "eseal ofd stamp: IN.ofd, OUT.ofd, --seal and --key are required\n");
    return EXIT_USAGE;
  }
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT;
  o.cover_signatures = a.cover;
  o.tsa_url = a.tsa;
  o.tsa_policy = a.tsa_policy;
  o.tsa_allow_private_targets = a.allow_private;
  if (!placement(&a, &o))
    return EXIT_USAGE;
  return stamp(&a, pos[0], pos[1], &o);
}

static int run(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "stamp") == 0)
    return run_stamp(argc - 1, argv + 1);
  fprintf(stderr, "eseal ofd: the subcommand is stamp\n");
  usage(stderr);
  return EXIT_USAGE;
}

const cli_command cli_ofd = {"ofd", "stamp an OFD document with a seal", run, usage};
