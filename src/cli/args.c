#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <eseal.h>
#include <openssl/crypto.h>

#include "asn1/timefmt.h"
#include "commands.h"
#include "core/dbuf.h"
#include "core/file.h"
#include "core/text.h"

int cli_quiet = 0;
int cli_verbose = 0;

/* Whether stdin was read already, and whether stdout carries content (-o -). */
static int stdin_used = 0;
static int stdout_is_content = 0;

/* getopt_long's value for the long option at table index i; above every char. */
#define LONG_BASE 256
#define OPT_QUIET (LONG_BASE - 1)
#define OPT_VERBOSE (LONG_BASE - 2)

/* Data to stamp or verify read from stdin is hashed in memory: at most 1 GiB. */
#define CLI_DATA_LIMIT ((size_t)1 << 30)

static int is_short_name(const char *name) {
  return name[0] == '-' && name[1] && name[1] != '-' && name[2] == 0;
}

static int store(const char *cmd, const cli_opt *o, const char *value) {
  if (o->kind == CLI_FLAG) {
    *(int *)o->target = 1;
  } else if (o->kind == CLI_VALUE) {
    *(const char **)o->target = value;
  } else {
    cli_list *l = o->target;
    if (l->count == CLI_LIST_MAX) {
      fprintf(stderr, "eseal %s: at most %d %s\n", cmd, CLI_LIST_MAX, o->name);
      return EXIT_USAGE;
    }
    l->items[l->count++] = value;
  }
  return 0;
}

/* The getopt tables for `opts`: `longs` (n + 3 entries) and `shorts` (3n + 8 chars). */
static void build_tables(const cli_opt *opts, size_t n, struct option *longs, char *shorts) {
  size_t nl = 0, ns = 0;
  shorts[ns++] = ':'; /* first: a missing value is reported as ':', not '?' */
  for (size_t i = 0; i < n; i++) {
    int arg = opts[i].kind == CLI_FLAG ? no_argument : required_argument;
    int letter = is_short_name(opts[i].name) ? opts[i].name[1] : opts[i].short_name;
    if (!is_short_name(opts[i].name))
      longs[nl++] = (struct option){opts[i].name + 2, arg, NULL, LONG_BASE + (int)i};
    if (letter) {
      shorts[ns++] = (char)letter;
      if (arg == required_argument)
        shorts[ns++] = ':';
    }
  }
  memcpy(shorts + ns, "qv", 3);
  longs[nl++] = (struct option){"quiet", no_argument, NULL, OPT_QUIET};
  longs[nl++] = (struct option){"verbose", no_argument, NULL, OPT_VERBOSE};
  longs[nl] = (struct option){NULL, 0, NULL, 0};
}

/* The option a getopt value stands for, or NULL. */
static const cli_opt *option_of(const cli_opt *opts, size_t n, int value) {
  if (value >= LONG_BASE && (size_t)(value - LONG_BASE) < n)
    return &opts[value - LONG_BASE];
  for (size_t i = 0; value > 0 && value < LONG_BASE && i < n; i++)
    if ((is_short_name(opts[i].name) ? opts[i].name[1] : opts[i].short_name) == value)
      return &opts[i];
  return NULL;
}

/* The message for getopt's '?' or ':' on the argument just read. */
static int option_error(const char *cmd, int c, const char *arg) {
  fprintf(stderr, "eseal %s: ", cmd);
  if (c == ':') {
    eseal__text_escape_fputs(stderr, arg);
    fputs(" needs a value", stderr);
  } else if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=')) {
    fputs("option ", stderr);
    eseal__text_escape_fputs(stderr, arg);
    fputs(" takes no value, or is unknown", stderr);
  } else {
    fputs("unknown option ", stderr);
    eseal__text_escape_fputs(stderr, arg);
  }
  fprintf(stderr, " (see eseal %s --help)\n", cmd);
  return EXIT_USAGE;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **positional,
              int max, int *npositional) {
  size_t n = 0;
  while (opts[n].name)
    n++;
  struct option *longs = calloc(n + 3, sizeof *longs);
  char *shorts = calloc(3 * n + 8, 1);
  int rc = longs && shorts ? 0 : EXIT_ERROR;
  if (rc == 0)
    build_tables(opts, n, longs, shorts);
  *npositional = 0;
  opterr = 0;
  optind = 0; /* glibc: start over, whatever was parsed before */
  while (rc == 0) {
    int last = optind ? optind : 1;
    int c = getopt_long(argc, argv, shorts, longs, NULL);
    if (c == -1)
      break;
    const cli_opt *o = option_of(opts, n, c);
    if (c == OPT_QUIET || c == 'q')
      cli_quiet = 1;
    else if (c == OPT_VERBOSE || c == 'v')
      cli_verbose = 1;
    else if (o)
      rc = store(cmd, o, optarg);
    else
      rc = option_error(cmd, c, argv[optind > last ? optind - 1 : last]);
  }
  for (int i = optind; rc == 0 && i < argc; i++) {
    if (*npositional == max) {
      fprintf(stderr, "eseal %s: unexpected argument ", cmd);
      eseal__text_escape_fputs(stderr, argv[i]);
      fprintf(stderr, " (see eseal %s --help)\n", cmd);
      rc = EXIT_USAGE;
    } else {
      positional[(*npositional)++] = argv[i];
    }
  }
  if (rc == 0 && cli_quiet && cli_verbose) {
    fprintf(stderr, "eseal %s: give --quiet or --verbose, not both\n", cmd);
    rc = EXIT_USAGE;
  }
  free(longs);
  free(shorts);
  return rc;
}

/* What to do about the common errors, or NULL. */
static const char *hint(int code) {
  switch (code) {
  case ESEAL_EIO: return "check the file name and that you may read it";
  case ESEAL_ELIMIT: return "check that this is the right file";
  case ESEAL_EPASSWORD:
    return "give the key's password or the token's PIN with --password-file, --password-env, "
           "--pin-file or --pin-env (or type it at the prompt on a terminal)";
  case ESEAL_ELOCKED: return "the token's PIN is locked: unlock it with the token's own tools";
  case ESEAL_EMODULE: return "give the PKCS#11 module with --pkcs11-module or module-path in the URI";
  case ESEAL_EAMBIGUOUS: return "add token=, object= or id= to the pkcs11: URI";
  case ESEAL_EFORMAT: return "check that this is the right file (eseal inspect FILE says what it holds)";
  case ESEAL_ENOTBOUND: return "stamp with a certificate the seal lists (eseal inspect SEAL)";
  case ESEAL_ESEALTIME:
  case ESEAL_EEXPIRED: return "check the validity dates (eseal inspect)";
  default: return NULL;
  }
}

int cli_fail(const char *cmd, const char *what) {
  const eseal_error *e = eseal_error_last();
  const char *message = e ? e->message : "failed";
  /* `what` is often a path and the message may quote outside data: both are escaped. */
  fprintf(stderr, "eseal %s: ", cmd);
  if (strstr(message, what) == NULL) {
    eseal__text_escape_fputs(stderr, what);
    fputs(": ", stderr);
  }
  eseal__text_escape_fputs(stderr, message);
  const char *h = e ? hint(e->code) : NULL;
  if (h)
    fprintf(stderr, "; %s", h);
  fputc('\n', stderr);
  return EXIT_ERROR;
}

FILE *cli_messages(void) {
  return cli_quiet ? NULL : stdout_is_content ? stderr : stdout;
}

void cli_say(const char *fmt, ...) {
  FILE *out = cli_messages();
  if (out == NULL)
    return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(out, fmt, ap);
  va_end(ap);
}

void cli_info(const char *cmd, const char *fmt, ...) {
  if (!cli_verbose)
    return;
  va_list ap;
  va_start(ap, fmt);
  /* One whole line, even when eseal verify --jobs threads say what they read. */
  flockfile(stderr);
  fprintf(stderr, "eseal %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  funlockfile(stderr);
  va_end(ap);
}

/* All of stdin, at most `limit` bytes, into `out`. */
static int read_stdin(const char *cmd, size_t limit, eseal_buf *out) {
  if (stdin_used) {
    fprintf(stderr, "eseal %s: stdin (-) can be read only once; give a file for the others\n",
            cmd);
    return EXIT_USAGE;
  }
  stdin_used = 1;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  uint8_t chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0 && b.len <= limit)
    eseal__dbuf_append(&b, chunk, got);
  const char *why = ferror(stdin) ? "read error" : b.len > limit ? "larger than the input limit" : NULL;
  if (why == NULL && eseal__dbuf_finish(&b, out) == 0)
    return 0;
  eseal__dbuf_release(&b);
  fprintf(stderr, "eseal %s: stdin: %s\n", cmd, why ? why : "out of memory");
  return EXIT_ERROR;
}

int cli_read_input(const char *cmd, const char *path, eseal_buf *out) {
  *out = (eseal_buf)ESEAL_BUF_INIT;
  if (strcmp(path, "-") == 0)
    return read_stdin(cmd, ESEAL_MAX_INPUT_SIZE, out);
  cli_info(cmd, "reading %s", path);
  return eseal__read_file(out, path) ? cli_fail(cmd, path) : 0;
}

int cli_write_file(const char *cmd, const char *path, const uint8_t *data, size_t len) {
  if (strcmp(path, "-") == 0) {
    stdout_is_content = 1;
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
      fprintf(stderr, "eseal %s: cannot write to stdout: %s\n", cmd, strerror(errno));
      return EXIT_ERROR;
    }
    return 0;
  }
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (tmp == NULL)
    return EXIT_ERROR;
  snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  int ok = f && fwrite(data, 1, len, f) == len;
  ok = f && fclose(f) == 0 && ok;
  if (ok && rename(tmp, path) != 0)
    ok = 0;
  if (!ok) {
    fprintf(stderr, "eseal %s: cannot write %s: %s; check that its folder exists and that you may "
                    "write there\n", cmd, path, strerror(errno));
    remove(tmp);
  }
  free(tmp);
  return ok ? 0 : EXIT_ERROR;
}

/* "YYYY-MM-DD" alone: that day at 00:00:00 UTC. */
static int parse_date(const char *text, int64_t *utc) {
  unsigned int y, m, d;
  char end;
  eseal__time t;
  const char *why = NULL;
  char full[32];
  if (strlen(text) != 10 || sscanf(text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 ||
      text[4] != '-' || text[7] != '-')
    return -1;
  snprintf(full, sizeof full, "%sT00:00:00Z", text);
  if (eseal__time_parse_text(full, strlen(full), &t, &why) != 0)
    return -1;
  *utc = t.utc;
  return 0;
}

int cli_parse_time(const char *text, int64_t *utc) {
  eseal__time t;
  const char *why = NULL;
  if (text[0] == '@') {
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text + 1, &end, 10);
    if (errno || end == text + 1 || *end)
      return -1;
    *utc = v;
    return 0;
  }
  if (parse_date(text, utc) == 0)
    return 0;
  size_t len = strlen(text);
  if (eseal__time_parse_text(text, len, &t, &why) != 0 &&
      eseal__time_parse_generalized(text, len, &t, &why) != 0)
    return -1;
  *utc = t.utc;
  return 0;
}

long cli_parse_hex(const char *text, uint8_t *out, size_t cap) {
  /* OpenSSL's parser also takes ':' between pairs; a hash here is plain digits. */
  size_t n = strlen(text), len = 0;
  if (n == 0 || n % 2 || n / 2 > cap || strspn(text, "0123456789abcdefABCDEF") != n)
    return -1;
  if (OPENSSL_hexstr2buf_ex(out, cap, &len, text, '\0') != 1)
    return -1;
  return (long)len;
}

int cli_load_data(const char *cmd, const char *path, const char *hash_hex, eseal_data **out) {
  *out = NULL;
  if (path && hash_hex) {
    fprintf(stderr, "eseal %s: give --data or --hash, not both\n", cmd);
    return EXIT_USAGE;
  }
  if (path && strcmp(path, "-") == 0) {
    eseal_buf in = ESEAL_BUF_INIT;
    int rc = read_stdin(cmd, CLI_DATA_LIMIT, &in);
    if (rc == 0 && eseal_data_from_bytes(out, in.ptr, in.size) != 0)
      rc = cli_fail(cmd, "the data from stdin");
    eseal_buf_dispose(&in);
    return rc;
  }
  if (path)
    return eseal_data_from_file(out, path) ? cli_fail(cmd, path) : 0;
  if (hash_hex) {
    uint8_t hash[64];
    long n = cli_parse_hex(hash_hex, hash, sizeof hash);
    if (n < 0) {
      fprintf(stderr, "eseal %s: --hash takes hex digits\n", cmd);
      return EXIT_USAGE;
    }
    return eseal_data_from_hash(out, hash, (size_t)n) ? cli_fail(cmd, "--hash") : 0;
  }
  return 0;
}

const char *cli_format_time(int64_t utc, char out[32]) {
  struct tm tm;
  time_t t = (time_t)utc;
  if (utc == 0 || gmtime_r(&t, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    snprintf(out, 32, "-");
  return out;
}
