/* The subcommands of the eseal command. */
#ifndef ESEAL_CLI_COMMANDS_H
#define ESEAL_CLI_COMMANDS_H

#include <stdio.h>

/* Exit statuses shared by the subcommands. */
enum {
  EXIT_PARSED = 0,
  EXIT_PASSED = 0,
  EXIT_FAILED = 1,
  EXIT_NOT_SES = 2,
  EXIT_INDETERMINATE = 2,
  EXIT_ERROR = 3,
  EXIT_USAGE = 64
};

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

#endif
