/* Option parsing and small helpers shared by the eseal subcommands. */
#ifndef ESEAL_CLI_ARGS_H
#define ESEAL_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include <eseal.h>

typedef enum cli_opt_kind {
  CLI_FLAG = 1,  /* target: int *, set to 1 */
  CLI_VALUE = 2, /* target: const char **, last one wins */
  CLI_LIST = 3   /* target: cli_list * */
} cli_opt_kind;

#define CLI_LIST_MAX 16

typedef struct cli_list {
  const char *items[CLI_LIST_MAX];
  int count;
} cli_list;

typedef struct cli_opt {
  const char *name;
  cli_opt_kind kind;
  void *target;
} cli_opt;

/*
 * Parses argv[1..argc) against `opts` (a table ending with a NULL name).
 * Arguments that are not options go to `positional` (at most `max`).
 * Returns 0, or prints why to stderr and returns EXIT_USAGE.
 */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **positional,
              int max, int *npositional);

/* Prints "eseal CMD: what: <last library error>" and returns EXIT_ERROR. */
int cli_fail(const char *cmd, const char *what);

/* Writes `len` bytes to `path` through a temporary file, so that no partial file is left. */
int cli_write_file(const char *cmd, const char *path, const uint8_t *data, size_t len);

/* "2026-01-01T00:00:00Z", "20260101000000Z" or seconds since the epoch ("@1767225600"). */
int cli_parse_time(const char *text, int64_t *utc);

/* Hex text into `out` (at most `cap` bytes); the length, or -1. */
long cli_parse_hex(const char *text, uint8_t *out, size_t cap);

/*
 * The data of --data FILE or --hash HEX into *out (NULL when neither is given).
 * 0, or an exit status after printing why.
 */
int cli_load_data(const char *cmd, const char *path, const char *hash_hex, eseal_data **out);

#endif
