/* The subcommands of the eseal command. */
#ifndef ESEAL_CLI_COMMANDS_H
#define ESEAL_CLI_COMMANDS_H

#include <stdio.h>

/*
 * Exit statuses, one meaning each across the commands (doc/cli.md has the
 * table; every --help repeats the lines that apply).
 */
enum {
  EXIT_PASSED = 0,        /* done; verify: TOTAL_PASSED */
  EXIT_PARSED = 0,
  EXIT_FAILED = 1,        /* verify: TOTAL_FAILED; demo: did not go as described */
  EXIT_INDETERMINATE = 2, /* verify: INDETERMINATE */
  EXIT_ERROR = 3,         /* could not run: a file, a key, the library failed */
  EXIT_NOT_SES = 4,       /* inspect: not a seal or signature (or damaged) */
  EXIT_REFUSED = 5,       /* stamp: a pre-stamp check refused (binding, validity, seal) */
  EXIT_EXISTS = 6,        /* pki init: files exist and --force was not given */
  EXIT_USAGE = 64         /* bad options or arguments (sysexits.h EX_USAGE) */
};

/* The exit-status lines of the --help texts. */
#define CLI_EXIT_HELP_ERRORS "3 error (could not run), 64 usage"

typedef struct cli_command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
  void (*usage)(FILE *out);
} cli_command;

extern const cli_command cli_inspect;
extern const cli_command cli_pki;
extern const cli_command cli_seal;
extern const cli_command cli_stamp;
extern const cli_command cli_verify;
extern const cli_command cli_demo;
extern const cli_command cli_ofd;
extern const cli_command cli_log;
extern const cli_command cli_cert;
extern const cli_command cli_policy;
extern const cli_command cli_alerts;

#endif
