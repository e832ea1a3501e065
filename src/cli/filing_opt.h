/* The filing identity in the CLI: `seal create`'s filing options, and what `inspect` shows. */
#ifndef ESEAL_CLI_FILING_OPT_H
#define ESEAL_CLI_FILING_OPT_H

#include <stdio.h>

#include <eseal.h>

typedef struct cli_filing {
  const char *authority, *number, *date, *credit_code;
} cli_filing;

/* The option table entries that fill a cli_filing. */
#define CLI_FILING_OPTS(f)                                                                   \
  {"--filing-authority", CLI_VALUE, &(f).authority}, {"--filing-number", CLI_VALUE, &(f).number}, \
      {"--filing-date", CLI_VALUE, &(f).date}, {"--credit-code", CLI_VALUE, &(f).credit_code}

/* Their help lines. */
extern const char cli_filing_help[];

/*
 * Sets the filing data on the builder when any option was given: all four are
 * needed (EXIT_USAGE otherwise), and malformed data is refused (EXIT_ERROR,
 * saying which field and why). 0 when done or when none was given.
 */
int cli_filing_apply(eseal_seal_builder *b, const cli_filing *f);

/* The esID's form and the filing ExtData, as inspect lines under `indent`. */
void cli_filing_print(FILE *out, const char *indent, const eseal_seal *seal);

#endif
