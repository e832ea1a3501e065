/* Option parsing and small helpers shared by the eseal subcommands (doc/cli.md). */
#ifndef ESEAL_CLI_ARGS_H
#define ESEAL_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
  /* "--long-name", or "-x" for an option with only a one-letter name. */
  const char *name;
  cli_opt_kind kind;
  void *target;
  /* A one-letter alias of a long option ('o' for -o), or 0 for none. */
  int short_name;
} cli_opt;

/*
 * Parses argv[1..argc) against `opts` (a table ending with a NULL name) with
 * getopt_long: "--name value" and "--name=value", "-x value" and "-xvalue",
 * options before or after the arguments, "--" ending the options. "-" alone is
 * an argument (stdin or stdout, see cli_read_input()). Every command also takes
 * --quiet (-q) and --verbose (-v), which set cli_quiet and cli_verbose.
 * Arguments that are not options go to `positional` (at most `max`).
 * Returns 0, or prints why to stderr and returns EXIT_USAGE.
 */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **positional,
              int max, int *npositional);

/* Set by --quiet and --verbose. */
extern int cli_quiet;
extern int cli_verbose;

/*
 * Prints "eseal CMD: WHAT: <last library error>" (WHAT left out when the
 * message already names it), then a hint of what to do for the common
 * errors, and returns the exit status of the error (EXIT_ERROR).
 */
int cli_fail(const char *cmd, const char *what);

/*
 * Where messages for people go: stdout, stderr when stdout carries content
 * (-o -), or NULL with --quiet.
 */
FILE *cli_messages(void);
/* printf to cli_messages(), when not NULL. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf to stderr, prefixed with "eseal CMD: ", only with --verbose. */
void cli_info(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The bytes of `path` into `out`, or of stdin when `path` is "-" (stdin can be
 * read once per command). 0, or an exit status after printing why.
 */
int cli_read_input(const char *cmd, const char *path, eseal_buf *out);

/*
 * Writes `len` bytes to `path` through a temporary file, so that no partial file is
 * left; "-" writes them to stdout.
 */
int cli_write_file(const char *cmd, const char *path, const uint8_t *data, size_t len);

/*
 * "2026-01-01T00:00:00Z", "20260101000000Z", seconds since the epoch
 * ("@1767225600"), or a date alone, "2026-01-01", meaning 00:00:00 UTC.
 */
int cli_parse_time(const char *text, int64_t *utc);

/* "2026-01-01T00:00:00Z" into `out`; "-" for 0 (no time). Returns `out`. */
const char *cli_format_time(int64_t utc, char out[32]);

/* Hex text into `out` (at most `cap` bytes); the length, or -1. */
long cli_parse_hex(const char *text, uint8_t *out, size_t cap);

/*
 * The data of --data FILE ("-": stdin) or --hash HEX into *out (NULL when
 * neither is given). 0, or an exit status after printing why.
 */
int cli_load_data(const char *cmd, const char *path, const char *hash_hex, eseal_data **out);

#endif
