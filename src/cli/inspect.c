/* eseal inspect: what a seal or signature file holds, for people or as JSON. */
#include <stdio.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"
#include "filing_opt.h"
#include "ofd_verify_cmd.h"
#include "asn1/oid.h"
#include "core/text.h"
#include "x509/cert_summary.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal inspect [--json] [--strict] [--quiet] FILE\n\n"
          "Tells whether FILE is a seal (SESeal) or a signature (SES_Signature), names its\n"
          "format (V1, V4, V5) and prints every field, with the parse warnings. FILE - reads\n"
          "stdin.\n\n"
          "  --json         print one JSON object instead of text (schema in\n"
          "                 doc/schema/eseal-inspect.schema.json)\n"
          "  --strict       refuse tolerated quirks instead of reporting them\n"
          "  -q, --quiet    print nothing: the exit status says whether FILE parses\n"
          "  --signature ID an OFD document (doc/ofd.md) lists its signatures and their\n"
          "                 seals; with ID, only that one\n\n"
          "Exit status: 0 parsed, 4 not a seal or signature (or damaged), " CLI_EXIT_HELP_ERRORS
          ".\n");
}

/*
 * Every string taken from the file (and the path and error messages, which may
 * quote it) is printed through put(), which escapes controls, bidi characters
 * and invalid UTF-8 (see core/text.h): each line then starts with a label of
 * ours, and a crafted seal cannot print lines of its own.
 */
static void put(FILE *out, const char *s) {
  eseal__text_escape_fputs(out, s);
}

/* "<indent><label>  <s>\n" with s escaped. */
static void put_field(FILE *out, const char *indent, const char *label, const char *s) {
  fprintf(out, "%s%-12s ", indent, label);
  put(out, s);
  fputc('\n', out);
}

static void print_hex(FILE *out, const uint8_t *p, size_t len, size_t max) {
  for (size_t i = 0; i < len && i < max; i++)
    fprintf(out, "%02x", p[i]);
  if (len > max)
    fprintf(out, "… (%zu bytes)", len);
}

static void print_cert(FILE *out, const char *indent, const char *label, const uint8_t *der,
                       size_t len) {
  eseal__cert_summary s;
  eseal__cert_summary_read(&s, der, len);
  if (s.error) {
    fprintf(out, "%s%-12s %zu bytes, %s\n", indent, label, len, s.error);
    return;
  }
  put_field(out, indent, label, s.subject);
  fprintf(out, "%s%-12s issuer ", indent, "");
  put(out, s.issuer);
  fprintf(out, ", serial %s\n", s.serial_hex);
  fprintf(out, "%s%-12s valid %s .. %s, SM3 %s\n", indent, "", s.not_before, s.not_after,
          s.sm3_hex);
}

static void print_date(FILE *out, const char *indent, const char *label, const eseal_seal *seal,
                       eseal_seal_date which) {
  fprintf(out, "%s%-12s ", indent, label);
  put(out, eseal_seal_date_text(seal, which));
  fprintf(out, " (UTC seconds %lld)\n", (long long)eseal_seal_date_utc(seal, which));
}

static void print_extensions(FILE *out, const char *indent, const eseal_extensions *ext) {
  if (ext == NULL) {
    fprintf(out, "%s%-12s none\n", indent, "extensions");
    return;
  }
  fprintf(out, "%s%-12s %zu\n", indent, "extensions", eseal_extensions_count(ext));
  for (size_t i = 0; i < eseal_extensions_count(ext); i++) {
    size_t len;
    const uint8_t *v = eseal_extensions_value(ext, i, &len);
    fprintf(out, "%s  [%zu] ", indent, i);
    put(out, eseal_extensions_oid(ext, i));
    fprintf(out, "%s ", eseal_extensions_critical(ext, i) ? " (critical)" : "");
    print_hex(out, v, len, 32);
    fputc('\n', out);
  }
}

static void print_signature_value(FILE *out, const char *indent, const char *alg,
                                  eseal_sigval_encoding enc, size_t len) {
  const char *name = eseal__oid_name(alg);
  fprintf(out, "%s%-12s ", indent, "algorithm");
  put(out, alg);
  fprintf(out, "%s%s%s\n", name ? " (" : "", name ? name : "", name ? ")" : "");
  fprintf(out, "%s%-12s %s, %zu bytes\n", indent, "sig value", eseal_sigval_encoding_name(enc),
          len);
}

static void print_warnings(FILE *out, const char *indent, const eseal_warnings *w) {
  size_t n = eseal_warnings_count(w);
  fprintf(out, "%s%-12s %s\n", indent, "warnings", n ? "" : "none");
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "%s  ", indent);
    put(out, eseal_warnings_id(w, i));
    fputs("  ", out);
    put(out, eseal_warnings_path(w, i));
    fputs(": ", out);
    put(out, eseal_warnings_message(w, i));
    fputc('\n', out);
  }
}

static void print_seal(FILE *out, const char *indent, const eseal_seal *seal) {
  static const char *const list_kinds[] = {"", "certificates", "certificate digests",
                                           "certificate IDs"};
  size_t len;
  const uint8_t *p;
  fprintf(out, "%s%-12s seal, %s\n", indent, "kind", eseal_format_name(eseal_seal_format(seal)));
  fprintf(out, "%s%-12s ID \"", indent, "header");
  put(out, eseal_seal_header_id(seal));
  fprintf(out, "\", version %lld, Vid \"", (long long)eseal_seal_header_version(seal));
  put(out, eseal_seal_vendor_id(seal));
  fputs("\"\n", out);
  put_field(out, indent, "esID", eseal_seal_esid(seal));
  cli_filing_print(out, indent, seal);
  fprintf(out, "%s%-12s %lld\n", indent, "type", (long long)eseal_seal_type(seal));
  put_field(out, indent, "name", eseal_seal_name(seal));
  eseal_cert_list_type type = eseal_seal_cert_list_type(seal);
  fprintf(out, "%s%-12s %s: %zu\n", indent, "certList", list_kinds[type],
          eseal_seal_cert_count(seal));
  for (size_t i = 0; i < eseal_seal_cert_count(seal); i++) {
    char label[32];
    p = eseal_seal_cert(seal, i, &len);
    snprintf(label, sizeof label, "  [%zu]", i);
    if (type == ESEAL_CERT_LIST_CERTS) {
      print_cert(out, indent, label, p, len);
    } else if (type == ESEAL_CERT_LIST_DIGESTS) {
      fprintf(out, "%s%-12s ", indent, label);
      put(out, eseal_seal_cert_digest_type(seal, i));
      fputc(' ', out);
      print_hex(out, p, len, 64);
      fputc('\n', out);
    } else {
      fprintf(out, "%s%-12s \"", indent, label);
      eseal__text_escape_file(out, p, len);
      fputs("\"\n", out);
    }
  }
  print_date(out, indent, "createDate", seal, ESEAL_SEAL_CREATE_DATE);
  print_date(out, indent, "validStart", seal, ESEAL_SEAL_VALID_START);
  print_date(out, indent, "validEnd", seal, ESEAL_SEAL_VALID_END);
  eseal_seal_picture_data(seal, &len);
  fprintf(out, "%s%-12s ", indent, "picture");
  put(out, eseal_seal_picture_type(seal));
  fprintf(out, ", %zu bytes, %lld x %lld mm\n", len, (long long)eseal_seal_picture_width(seal),
          (long long)eseal_seal_picture_height(seal));
  print_extensions(out, indent, eseal_seal_extensions(seal));
  p = eseal_seal_maker_cert(seal, &len);
  print_cert(out, indent, "maker", p, len);
  eseal_seal_signature_value(seal, &len);
  print_signature_value(out, indent, eseal_seal_algorithm(seal),
                        eseal_seal_signature_encoding(seal), len);
  if (eseal_seal_timestamp(seal, &len))
    fprintf(out, "%s%-12s %zu bytes\n", indent, "timestamp", len);
  eseal_seal_signed_bytes(seal, &len);
  fprintf(out, "%s%-12s %zu bytes\n", indent, "signed", len);
  print_warnings(out, indent, eseal_seal_warnings(seal));
}

static void print_signature(FILE *out, const eseal_signature *sig) {
  size_t len;
  const uint8_t *p;
  int64_t utc;
  fprintf(out, "%-12s signature, %s\n", "kind", eseal_format_name(eseal_signature_format(sig)));
  fprintf(out, "%-12s %lld\n", "TBS version", (long long)eseal_signature_tbs_version(sig));
  if (eseal_signature_time(sig, &utc) == 0) {
    fprintf(out, "%-12s ", "timeInfo");
    put(out, eseal_signature_time_text(sig));
    fprintf(out, " (UTC seconds %lld)\n", (long long)utc);
  } else {
    fprintf(out, "%-12s undecoded, %zu bytes\n", "timeInfo",
            (eseal_signature_time_info_raw(sig, &len), len));
  }
  p = eseal_signature_data_hash(sig, &len);
  fprintf(out, "%-12s ", "dataHash");
  print_hex(out, p, len, 64);
  fputc('\n', out);
  put_field(out, "", "propertyInfo", eseal_signature_property_info(sig));
  print_extensions(out, "", eseal_signature_extensions(sig));
  p = eseal_signature_signer_cert(sig, &len);
  print_cert(out, "", "signer", p, len);
  eseal_signature_value(sig, &len);
  print_signature_value(out, "", eseal_signature_algorithm(sig),
                        eseal_signature_value_encoding(sig), len);
  if (eseal_signature_timestamp(sig, &len))
    fprintf(out, "%-12s %zu bytes\n", "timestamp", len);
  eseal_signature_tbs_bytes(sig, &len);
  fprintf(out, "%-12s %zu bytes (TBS_Sign)\n", "signed", len);
  print_warnings(out, "", eseal_signature_warnings(sig));
  fprintf(out, "embedded seal:\n");
  print_seal(out, "  ", eseal_signature_seal(sig));
}

static int exit_status_of(int rc) {
  return rc == ESEAL_EFORMAT ? EXIT_NOT_SES : EXIT_ERROR;
}

static int report_error(const char *path, int rc) {
  const eseal_error *e = eseal_error_last();
  fputs("eseal inspect: ", stderr);
  put(stderr, path);
  fputs(": ", stderr);
  put(stderr, e ? e->message : eseal_strerror(rc));
  fputc('\n', stderr);
  return exit_status_of(rc);
}

static int emit_json(int rc, eseal_buf *json, const char *path) {
  if (rc)
    return report_error(path, rc);
  if (!cli_quiet)
    fwrite(json->ptr, 1, json->size, stdout);
  eseal_buf_dispose(json);
  return EXIT_PARSED;
}

static int run(int argc, char **argv) {
  int json = 0, strict = 0, n = 0;
  const char *path = NULL;
  eseal_parse_options opts = ESEAL_PARSE_OPTIONS_INIT;
  const cli_opt options[] = {{"--json", CLI_FLAG, &json}, {"--strict", CLI_FLAG, &strict},
                             {"--signature", CLI_VALUE, &ofd_cli_signature},
                             {NULL, 0, NULL}};
  int rc = cli_parse("inspect", argc, argv, options, &path, 1, &n);
  if (rc)
    return rc;
  if (n != 1) {
    usage(stderr);
    return EXIT_USAGE;
  }
  if (strict)
    opts.flags |= ESEAL_PARSE_STRICT;

  eseal_buf data = ESEAL_BUF_INIT;
  eseal_kind kind;
  eseal_format_version format;
  if (ofd_cli_is_package(path))
    return ofd_cli_inspect(path, NULL, json);
  if ((rc = cli_read_input("inspect", path, &data)) != 0)
    return rc;
  if (eseal_ofd_sniff(data.ptr, data.size)) {
    rc = ofd_cli_inspect(path, &data, json);
    eseal_buf_dispose(&data);
    return rc;
  }
  rc = eseal_sniff(&kind, &format, data.ptr, data.size);
  if (rc == ESEAL_EFORMAT && kind == ESEAL_KIND_UNKNOWN) {
    eseal_buf_dispose(&data);
    fputs("eseal inspect: ", stderr);
    put(stderr, path);
    fputs(": not a seal or signature\n", stderr);
    return EXIT_NOT_SES;
  }
  /* Parse again with the caller's options; sniffing used the defaults. */
  eseal_buf out = ESEAL_BUF_INIT;
  int status;
  if (kind == ESEAL_KIND_SIGNATURE) {
    eseal_signature *sig = NULL;
    rc = eseal_signature_parse(&sig, data.ptr, data.size, &opts);
    if (rc == 0 && json)
      rc = eseal_signature_to_json(&out, sig);
    if (rc == 0 && !json && !cli_quiet)
      print_signature(stdout, sig);
    status = json ? emit_json(rc, &out, path) : rc ? report_error(path, rc) : EXIT_PARSED;
    eseal_signature_free(sig);
  } else {
    eseal_seal *seal = NULL;
    rc = eseal_seal_parse(&seal, data.ptr, data.size, &opts);
    if (rc == 0 && json)
      rc = eseal_seal_to_json(&out, seal);
    if (rc == 0 && !json && !cli_quiet)
      print_seal(stdout, "", seal);
    status = json ? emit_json(rc, &out, path) : rc ? report_error(path, rc) : EXIT_PARSED;
    eseal_seal_free(seal);
  }
  eseal_buf_dispose(&data);
  return status;
}

const cli_command cli_inspect = {"inspect", "show every field of a seal or signature file", run,
                                 usage};
