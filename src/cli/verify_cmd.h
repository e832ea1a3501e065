/* Printing a verification report, shared by eseal verify and eseal demo. */
#ifndef ESEAL_CLI_VERIFY_CMD_H
#define ESEAL_CLI_VERIFY_CMD_H

#include <eseal.h>

/* Prints the report (text or JSON) and returns the exit status of its indication. */
int verify_print(const eseal_report *report, int json);

#endif
