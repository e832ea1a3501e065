/* Colours for people: only on a terminal, never when NO_COLOR is set (https://no-color.org). */
#ifndef ESEAL_CLI_COLOUR_H
#define ESEAL_CLI_COLOUR_H

#include <stddef.h>
#include <stdio.h>

/* Whether `out` gets colours: a terminal, NO_COLOR unset or empty, TERM not "dumb". */
int cli_colour_wanted(FILE *out);

/*
 * Writes a text report (eseal_report_to_text()) to `out`, colouring the result
 * line and the check statuses when cli_colour_wanted(out).
 */
void cli_print_report_text(FILE *out, const char *text, size_t len);

#endif
