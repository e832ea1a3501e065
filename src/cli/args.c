#include "args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <eseal.h>

#include "asn1/timefmt.h"
#include "commands.h"
#include "core/text.h"

static const cli_opt *find_opt(const cli_opt *opts, const char *name) {
  for (; opts->name; opts++)
    if (strcmp(opts->name, name) == 0)
      return opts;
  return NULL;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **positional,
              int max, int *npositional) {
  *npositional = 0;
  int only_positional = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!only_positional && strcmp(a, "--") == 0) {
      only_positional = 1;
      continue;
    }
    if (only_positional || a[0] != '-' || a[1] == 0) {
      if (*npositional == max) {
        fprintf(stderr, "eseal %s: unexpected argument %s\n", cmd, a);
        return EXIT_USAGE;
      }
      positional[(*npositional)++] = a;
      continue;
    }
    const cli_opt *o = find_opt(opts, a);
    if (o == NULL) {
      fprintf(stderr, "eseal %s: unknown option %s (see eseal %s --help)\n", cmd, a, cmd);
      return EXIT_USAGE;
    }
    if (o->kind == CLI_FLAG) {
      *(int *)o->target = 1;
      continue;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "eseal %s: %s needs a value\n", cmd, a);
      return EXIT_USAGE;
    }
    const char *value = argv[++i];
    if (o->kind == CLI_VALUE) {
      *(const char **)o->target = value;
    } else {
      cli_list *l = o->target;
      if (l->count == CLI_LIST_MAX) {
        fprintf(stderr, "eseal %s: at most %d %s\n", cmd, CLI_LIST_MAX, a);
        return EXIT_USAGE;
      }
      l->items[l->count++] = value;
    }
  }
  return 0;
}

int cli_fail(const char *cmd, const char *what) {
  const eseal_error *e = eseal_error_last();
  /* `what` is often a path and the message may quote outside data: both are escaped. */
  fprintf(stderr, "eseal %s: ", cmd);
  eseal__text_escape_fputs(stderr, what);
  fputs(": ", stderr);
  eseal__text_escape_fputs(stderr, e ? e->message : "failed");
  fputc('\n', stderr);
  return EXIT_ERROR;
}

int cli_write_file(const char *cmd, const char *path, const uint8_t *data, size_t len) {
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
    fprintf(stderr, "eseal %s: cannot write %s: %s\n", cmd, path, strerror(errno));
    remove(tmp);
  }
  free(tmp);
  return ok ? 0 : EXIT_ERROR;
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
  size_t len = strlen(text);
  if (eseal__time_parse_text(text, len, &t, &why) != 0 &&
      eseal__time_parse_generalized(text, len, &t, &why) != 0)
    return -1;
  *utc = t.utc;
  return 0;
}

long cli_parse_hex(const char *text, uint8_t *out, size_t cap) {
  size_t n = strlen(text);
  if (n % 2 || n / 2 > cap)
    return -1;
  for (size_t i = 0; i < n / 2; i++) {
    unsigned int v;
    if (sscanf(text + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdefABCDEF", text[2 * i]) ||
        !strchr("0123456789abcdefABCDEF", text[2 * i + 1]))
      return -1;
    out[i] = (uint8_t)v;
  }
  return (long)(n / 2);
}

int cli_load_data(const char *cmd, const char *path, const char *hash_hex, eseal_data **out) {
  *out = NULL;
  if (path && hash_hex) {
    fprintf(stderr, "eseal %s: give --data or --hash, not both\n", cmd);
    return EXIT_USAGE;
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
