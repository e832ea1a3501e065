/* The "filing" member of a seal's inspect JSON (filing_json.c). */
#ifndef ESEAL_JSON_FILING_JSON_H
#define ESEAL_JSON_FILING_JSON_H

#include "eseal/seal.h"
#include "json.h"

/* Writes "filing": the esID's form and parts, and the filing ExtData read and judged. */
void eseal__json_member_filing(eseal__json *j, const eseal_seal *seal);

#endif
