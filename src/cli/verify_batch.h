/* eseal verify over many files: one context, a few threads, reports in input order. */
#ifndef ESEAL_CLI_VERIFY_BATCH_H
#define ESEAL_CLI_VERIFY_BATCH_H

#include <eseal.h>

#include "file_list.h"

/*
 * Verifies every file of `files` with `ctx` on `jobs` threads (1: the calling
 * thread only) and prints each report as the files come, in input order
 * (with several files and no --json, a "File:" line before each). OFD
 * packages and stdin are verified by the printing thread. Returns the worst
 * exit status (see eseal verify --help).
 */
int cli_verify_batch(const cli_file_list *files, const eseal_ctx *ctx, const eseal_data *data,
                     const eseal_verify_options *vo, int json, int jobs);

#endif
