/* eseal seal create | picture: make a seal from its elements, or draw a seal picture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "filing_opt.h"
#include "key_opt.h"
#include "physical_cmd.h"
#include "registry_cmd.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal seal create --maker-key KEY [--maker-cert FILE] [--password-file F]\n"
          "                         --signer-cert FILE... --esid CODE --name NAME [OPTIONS] -o OUT\n"
          "       eseal seal picture [--from SEAL | PICTURE OPTIONS] [-o OUT.svg] [--png OUT.png]\n\n"
          "create: makes a seal (SESeal) signed by the maker and writes its DER to OUT.\n"
          "  --maker-key KEY      maker private key: PEM, PKCS#8, PKCS#12 (.p12/.pfx) or a\n"
          "                       pkcs11: URI\n"
          "  --maker-cert FILE    maker certificate (not needed with PKCS#12 or when the\n"
          "                       token holds it)\n"
          "%s"
          "  --signer-cert FILE   a certificate allowed to stamp with the seal (repeatable)\n"
          "  --esid CODE          the filed physical seal's code\n"
          "  --name NAME          the seal's name, e.g. 合同专用章\n"
          "  --type N             seal type, 1..255 (default 1)\n"
          "  --v1                 write a GM/T 0031-2014 V1 seal instead of GB/T 38540 V4\n"
          "  --digests            certListType 2: list SM3 digests of the certificates\n"
          "  --valid-from TIME    start of validity (default now); TIME is 2026-06-01T08:00:00Z,\n"
          "                       2026-06-01 (00:00:00 UTC) or @seconds\n"
          "  --valid-to TIME      end of validity (default one year after the start)\n"
          "  -o OUT               where the seal goes (- : stdout)\n"
          "  --picture FILE       picture file; --picture-type PNG|GIF|JPG|BMP|SVG|OFD and\n"
          "                       --picture-size WxH (mm) go with it. Without --picture a round\n"
          "                       organisation seal is drawn from the seal's own elements.\n"
          "  --organisation NAME  organisation drawn on the picture (default: the first signer\n"
          "                       certificate's O=)\n"
          "  --diameter MM        diameter of the drawn seal (default 42)\n"
          "  --picture-format svg|png  format of the drawn picture (default svg; png at\n"
          "                       --dpi N, default 300, as OFD readers need)\n"
          "%s\n"
          "picture: draws a seal picture as SVG (-o) and/or PNG (--png), glyphs as outlines\n"
          "from the font (doc/pictures.md).\n"
          "  --from SEAL          take name, esID and organisation from an existing seal\n"
          "  --shape round|oval|rectangle|square  (default round; an oval with an\n"
          "                       organisation or --taxpayer-id is an invoice seal)\n"
          "  --organisation NAME, --name NAME, --code CODE, --taxpayer-id ID, --diameter MM,\n"
          "  --size WxH, --color #rrggbb, --font FILE, --dpi N (PNG, 72..1200, default 300)\n\n"
          "Exit status: 0 done, 3 error, 64 usage.\n\n"
          "Registry (doc/registry.md); `eseal seal create --store DB [--tenant T]` registers\n"
          "the seal it makes:\n",
          cli_key_help, cli_filing_help);
  registry_cmd_usage(out);
  fprintf(out, "\nPhysical uses reported by smart seals (doc/risk-control.md):\n");
  physical_cmd_usage(out);
}

static int parse_size(const char *text, unsigned int *w, unsigned int *h) {
  return text && sscanf(text, "%ux%u", w, h) == 2 ? 0 : -1;
}

/* The picture's own options (seal picture, and --picture-format on seal create). */
typedef struct picture_args {
  const char *png, *dpi, *taxpayer_id, *font, *format;
} picture_args;

/* --dpi N, default 300; 0 when not a number (the library refuses it with the range). */
static unsigned int picture_dpi(const picture_args *p) {
  return p->dpi ? (unsigned int)strtoul(p->dpi, NULL, 10) : 300;
}

typedef struct create_args {
  const char *maker_key, *maker_cert, *esid, *name, *type, *from, *to, *picture,
      *picture_type, *picture_size, *organisation, *diameter, *out, *store, *tenant;
  int v1, digests;
  cli_list signers;
  cli_key keyopts;
  picture_args pic;
  cli_filing filing; /* filing data: filing_opt.h */
} create_args;

static int load_signers(eseal_seal_builder *b, const cli_list *signers) {
  for (int i = 0; i < signers->count; i++) {
    eseal_cert *c = NULL;
    int rc = eseal_cert_load_file(&c, signers->items[i]);
    if (rc == 0)
      rc = eseal_seal_builder_add_signer_cert(b, c);
    eseal_cert_free(c);
    if (rc)
      return cli_fail("seal", signers->items[i]);
  }
  return 0;
}

static int set_picture(eseal_seal_builder *b, const create_args *a) {
  if (a->picture) {
    unsigned int w = 0, h = 0;
    FILE *f = fopen(a->picture, "rb");
    if (!a->picture_type || parse_size(a->picture_size, &w, &h) != 0) {
      if (f)
        fclose(f);
      fprintf(stderr, "eseal seal: --picture needs --picture-type and --picture-size WxH\n");
      return EXIT_USAGE;
    }
    if (f == NULL) {
      fprintf(stderr, "eseal seal: cannot read %s; check the file name\n", a->picture);
      return EXIT_ERROR;
    }
    static uint8_t buf[ESEAL_MAX_PICTURE_SIZE + 1];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    int rc = eseal_seal_builder_set_picture(b, a->picture_type, buf, n, w, h);
    return rc ? cli_fail("seal", a->picture) : 0;
  }
  eseal_picture_options po = ESEAL_PICTURE_OPTIONS_INIT;
  po.organisation = a->organisation;
  po.diameter_mm = a->diameter ? (unsigned int)atoi(a->diameter) : 0;
  po.font_path = a->pic.font;
  if (a->pic.format && strcmp(a->pic.format, "svg") && strcmp(a->pic.format, "png")) {
    fprintf(stderr, "eseal seal: --picture-format is svg or png\n");
    return EXIT_USAGE;
  }
  if (a->pic.format && strcmp(a->pic.format, "png") == 0)
    po.png_dpi = picture_dpi(&a->pic);
  return eseal_seal_builder_draw_picture(b, &po) ? cli_fail("seal", "drawing the picture") : 0;
}

static int fill_builder(eseal_seal_builder *b, const create_args *a) {
  int64_t now = (int64_t)time(NULL), from = now, to;
  if ((a->from && cli_parse_time(a->from, &from) != 0)) {
    fprintf(stderr, "eseal seal: --valid-from: cannot read the time %s (give 2026-06-01, "
                    "2026-06-01T08:00:00Z or @seconds)\n", a->from);
    return EXIT_USAGE;
  }
  to = from + 365LL * 86400;
  if (a->to && cli_parse_time(a->to, &to) != 0) {
    fprintf(stderr, "eseal seal: --valid-to: cannot read the time %s (give 2026-06-01, "
                    "2026-06-01T08:00:00Z or @seconds)\n", a->to);
    return EXIT_USAGE;
  }
  int rc = cli_filing_apply(b, &a->filing);
  if (rc)
    return rc;
  rc = load_signers(b, &a->signers);
  if (rc)
    return rc;
  if (eseal_seal_builder_set_format(b, a->v1 ? ESEAL_FORMAT_V1 : ESEAL_FORMAT_V4) ||
      eseal_seal_builder_set_esid(b, a->esid) || eseal_seal_builder_set_name(b, a->name) ||
      eseal_seal_builder_set_type(b, a->type ? atoi(a->type) : 1) ||
      eseal_seal_builder_set_cert_list_type(
          b, a->digests ? ESEAL_CERT_LIST_DIGESTS : ESEAL_CERT_LIST_CERTS) ||
      eseal_seal_builder_set_validity(b, from, to))
    return cli_fail("seal", "seal elements");
  return set_picture(b, a);
}

static int create(create_args *a) {
  if (!a->maker_key || !a->esid || !a->name || !a->out || a->signers.count == 0) {
    fprintf(stderr, "eseal seal create: --maker-key, --signer-cert, --esid, --name and -o are "
                    "required\n");
    return EXIT_USAGE;
  }
  eseal_ctx *ctx = NULL;
  eseal_key *key = NULL;
  eseal_cert *maker = NULL;
  eseal_seal_builder *b = NULL;
  eseal_seal *seal = NULL;
  int rc = EXIT_ERROR;
  if (eseal_ctx_new(&ctx) || eseal_seal_builder_new(&b)) {
    rc = cli_fail("seal", "setting up");
  } else if ((rc = cli_key_load("seal", a->maker_key, &a->keyopts, &key, &maker)) != 0) {
    ;
  } else if (maker == NULL && (!a->maker_cert || eseal_cert_load_file(&maker, a->maker_cert))) {
    rc = a->maker_cert ? cli_fail("seal", a->maker_cert) : EXIT_USAGE;
    if (rc == EXIT_USAGE)
      fprintf(stderr, "eseal seal create: --maker-cert is required with this key file\n");
  } else if ((rc = fill_builder(b, a)) == 0) {
    if (eseal_seal_build(&seal, ctx, b, key, maker)) {
      rc = cli_fail("seal", "making the seal");
    } else {
      size_t len = 0;
      const uint8_t *der = eseal_seal_bytes(seal, &len);
      rc = cli_write_file("seal", a->out, der, len);
      if (rc == 0)
        cli_say("seal %s (%s, esID %s) written to %s\n", eseal_seal_name(seal),
                eseal_format_name(eseal_seal_format(seal)), eseal_seal_esid(seal),
                strcmp(a->out, "-") ? a->out : "stdout");
      if (rc == 0 && a->store)
        rc = registry_cli_register(a->store, a->tenant, seal);
    }
  }
  eseal_seal_free(seal);
  eseal_seal_builder_free(b);
  eseal_cert_free(maker);
  eseal_key_free(key);
  eseal_ctx_free(ctx);
  return rc;
}

/* Picture options from an existing seal: its name, its esID, the O= of its first certificate. */
static int options_from_seal(const char *path, eseal_seal **seal, eseal_cert **first,
                             eseal_picture_options *po) {
  if (eseal_seal_parse_file(seal, path, NULL))
    return cli_fail("seal", path);
  po->name = eseal_seal_name(*seal);
  po->code = eseal_seal_esid(*seal);
  size_t len = 0;
  const uint8_t *der = eseal_seal_cert(*seal, 0, &len);
  if (po->organisation == NULL && eseal_seal_cert_list_type(*seal) == ESEAL_CERT_LIST_CERTS &&
      der && eseal_cert_load(first, der, len) == 0) {
    const char *subject = eseal_cert_subject(*first);
    const char *o = strstr(subject, "O=");
    static char org[256];
    if (o) {
      size_t n = strcspn(o + 2, ",");
      snprintf(org, sizeof org, "%.*s", (int)n, o + 2);
      po->organisation = org;
    }
  }
  return 0;
}

/* Writes `pic` to `out`; 0 or an exit status. */
static int write_picture(const char *out, const eseal_buf *pic, const char *what) {
  int rc = cli_write_file("seal", out, pic->ptr, pic->size);
  if (rc == 0)
    cli_say("%s picture written to %s\n", what, strcmp(out, "-") ? out : "stdout");
  return rc;
}

static int picture(const char *from, const char *shape, const char *size, const char *diameter,
                   const char *out, const picture_args *pa, eseal_picture_options *po) {
  if (out == NULL && pa->png == NULL) {
    fprintf(stderr, "eseal seal picture: -o OUT.svg or --png OUT.png is required\n");
    return EXIT_USAGE;
  }
  static const char *const shapes[] = {"round", "rectangle", "oval", "square"};
  int k = 0;
  while (shape && k < 4 && strcmp(shape, shapes[k]))
    k++;
  if (k == 4) {
    fprintf(stderr, "eseal seal picture: --shape is round, oval, rectangle or square\n");
    return EXIT_USAGE;
  }
  po->shape = (eseal_picture_shape)(ESEAL_PICTURE_ROUND + k);
  if (size && parse_size(size, &po->width_mm, &po->height_mm) != 0) {
    fprintf(stderr, "eseal seal picture: --size is WxH in mm\n");
    return EXIT_USAGE;
  }
  po->diameter_mm = diameter ? (unsigned int)atoi(diameter) : 0;
  po->taxpayer_id = pa->taxpayer_id;
  po->font_path = pa->font;
  eseal_seal *seal = NULL;
  eseal_cert *first = NULL;
  eseal_buf svg = ESEAL_BUF_INIT, png = ESEAL_BUF_INIT;
  int rc = from ? options_from_seal(from, &seal, &first, po) : 0;
  if (rc == 0 && out)
    rc = eseal_picture_svg(&svg, po) ? cli_fail("seal", "drawing") : write_picture(out, &svg, "SVG");
  if (rc == 0 && pa->png)
    rc = eseal_picture_png(&png, po, picture_dpi(pa)) ? cli_fail("seal", "drawing")
                                                      : write_picture(pa->png, &png, "PNG");
  eseal_buf_dispose(&svg);
  eseal_buf_dispose(&png);
  eseal_cert_free(first);
  eseal_seal_free(seal);
  return rc;
}

static int run(int argc, char **argv) {
  if (argc > 1 && registry_cmd_is_verb(argv[1]))
    return registry_cmd_run(argc - 1, argv + 1);
  if (argc > 1 && physical_cmd_is_verb(argv[1]))
    return physical_cmd_run(argc - 1, argv + 1);
  create_args a = {0};
  const char *shape = NULL, *size = NULL, *code = NULL, *color = NULL, *from_seal = NULL, *pos[1];
  const cli_opt opts[] = {
      {"--maker-key", CLI_VALUE, &a.maker_key},   {"--maker-cert", CLI_VALUE, &a.maker_cert},
      CLI_KEY_OPTS(a.keyopts),                    {"--signer-cert", CLI_LIST, &a.signers},
      {"--esid", CLI_VALUE, &a.esid},             {"--name", CLI_VALUE, &a.name},
      {"--type", CLI_VALUE, &a.type},             {"--v1", CLI_FLAG, &a.v1},
      {"--digests", CLI_FLAG, &a.digests},        {"--valid-from", CLI_VALUE, &a.from},
      {"--valid-to", CLI_VALUE, &a.to},           {"--picture", CLI_VALUE, &a.picture},
      {"--picture-type", CLI_VALUE, &a.picture_type},
      {"--picture-size", CLI_VALUE, &a.picture_size},
      {"--organisation", CLI_VALUE, &a.organisation},
      {"--diameter", CLI_VALUE, &a.diameter},     {"-o", CLI_VALUE, &a.out},
      {"--from", CLI_VALUE, &from_seal},            {"--shape", CLI_VALUE, &shape},
      {"--size", CLI_VALUE, &size},               {"--code", CLI_VALUE, &code},
      {"--color", CLI_VALUE, &color},             {"--store", CLI_VALUE, &a.store},
      {"--tenant", CLI_VALUE, &a.tenant},
      /* Seal pictures: PNG output, invoice seals, the font, and create's picture format. */
      {"--png", CLI_VALUE, &a.pic.png},           {"--dpi", CLI_VALUE, &a.pic.dpi},
      {"--taxpayer-id", CLI_VALUE, &a.pic.taxpayer_id},
      {"--font", CLI_VALUE, &a.pic.font},         {"--picture-format", CLI_VALUE, &a.pic.format},
      CLI_FILING_OPTS(a.filing),                  {NULL, 0, NULL}};
  int n = 0, rc = cli_parse("seal", argc, argv, opts, pos, 1, &n);
  if (rc)
    return rc;
  if (n == 1 && strcmp(pos[0], "create") == 0)
    return create(&a);
  if (n == 1 && strcmp(pos[0], "picture") == 0) {
    eseal_picture_options po = ESEAL_PICTURE_OPTIONS_INIT;
    po.organisation = a.organisation;
    po.name = a.name;
    po.code = code;
    po.color = color;
    return picture(from_seal, shape, size, a.diameter, a.out, &a.pic, &po);
  }
  usage(stderr);
  return EXIT_USAGE;
}

const cli_command cli_seal = {"seal", "make a seal (create) or draw a seal picture (picture)", run,
                              usage};
