/* eseal log verify-bundle (evidence_cmd.c), for eseal log's dispatcher. */
#ifndef ESEAL_CLI_EVIDENCE_CMD_H
#define ESEAL_CLI_EVIDENCE_CMD_H

/* argv[0] is "verify-bundle"; returns the exit status. */
int cli_log_verify_bundle(int argc, char **argv);

#endif
