/* eseal seal use | device: physical uses reported by smart seals (doc/risk-control.md). */
#ifndef ESEAL_CLI_PHYSICAL_CMD_H
#define ESEAL_CLI_PHYSICAL_CMD_H

#include <stdio.h>

/* The usage lines of the two verbs, for eseal seal --help. */
void physical_cmd_usage(FILE *out);

/* 1 for "use" and "device". */
int physical_cmd_is_verb(const char *verb);

/* Runs `eseal seal VERB ...` (argv[0] is the verb). An exit status. */
int physical_cmd_run(int argc, char **argv);

#endif
