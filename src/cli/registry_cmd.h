/* eseal seal register|freeze|unfreeze|unfreeze-order|report-lost|cancel|state, and the
 * --store, --tenant, --operator, --device and --location options of other commands. */
#ifndef ESEAL_CLI_REGISTRY_CMD_H
#define ESEAL_CLI_REGISTRY_CMD_H

#include <stdio.h>

#include <eseal.h>

/* 1 when `verb` is one of the registry's seal subcommands. */
int registry_cmd_is_verb(const char *verb);

/* Runs `eseal seal VERB …` (argv[0] is VERB); an exit status. */
int registry_cmd_run(int argc, char **argv);

/* The registry subcommands' usage lines, for eseal seal --help. */
void registry_cmd_usage(FILE *out);

/* Registers a seal just made (eseal seal create --store). 0 or an exit status. */
int registry_cli_register(const char *path, const char *tenant, const eseal_seal *seal);

/*
 * Fills the stamp options' store fields from the command line: tenant,
 * operator, device, "LAT,LON[,ACC[,PLACE]]". 0 or EXIT_USAGE after saying why.
 */
int registry_cli_stamp_options(eseal_stamp_options *o, const char *tenant, const char *op,
                               const char *device, const char *location);

#endif
