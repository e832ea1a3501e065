/* eseal verify and eseal inspect on an OFD package (doc/ofd.md). */
#ifndef ESEAL_CLI_OFD_VERIFY_CMD_H
#define ESEAL_CLI_OFD_VERIFY_CMD_H

#include <eseal.h>

/* --signature ID of verify and inspect: only that signature (NULL: all). */
extern const char *ofd_cli_signature;

/*
 * Whether the regular file `path` starts like a zip package (never for "-"
 * or a named pipe): then it
 * is verified as an OFD straight from the file, whatever its size, since
 * seals and signatures are DER and never start so.
 */
int ofd_cli_is_package(const char *path);

/* The same test for bytes already read. */
int ofd_cli_starts_like_package(const uint8_t *data, size_t len);

/*
 * Verifies the package at `path` (or, when `input` is not NULL, the bytes read
 * from it) and prints the document report, text or JSON; returns the exit
 * status of its indication, or EXIT_ERROR when it cannot be read as an OFD.
 */
int ofd_cli_verify(const eseal_ctx *ctx, const char *path, const eseal_buf *input,
                   const eseal_verify_options *vo, int json);

/*
 * Lists the signatures of the package and the seal each carries; JSON: the
 * document report. EXIT_PARSED, or EXIT_NOT_SES when it is not a readable OFD.
 */
int ofd_cli_inspect(const char *path, const eseal_buf *input, int json);

#endif
