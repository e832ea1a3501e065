/* OBJECT IDENTIFIER contents <-> dotted text. */
#ifndef ESEAL_ASN1_OID_H
#define ESEAL_ASN1_OID_H

#include <stddef.h>
#include <stdint.h>

#include "../core/dbuf.h"

/* Longest OID contents accepted, in bytes; real OIDs are far shorter. */
#define ESEAL__OID_MAX_CONTENTS 64
/* Enough for the dotted form of any accepted OID (each byte adds at most 4 chars). */
#define ESEAL__OID_TEXT_CAPACITY (ESEAL__OID_MAX_CONTENTS * 4 + 8)

/* Decodes DER OID contents to "1.2.156…"; -1 with *why when malformed. */
int eseal__oid_to_text(const uint8_t *val, size_t len, char *out, size_t cap, const char **why);

/* Writes the OID TLV for dotted `text`; -1 when the text is not a valid OID. */
int eseal__oid_put(eseal__dbuf *b, const char *text);

#define ESEAL__OID_SM2_SM3 "1.2.156.10197.1.501"
/* 1 when `oid` names an elliptic-curve signature (SM2 or ECDSA), whose value is r and s. */
int eseal__oid_is_ec_signature(const char *oid);

/* The algorithm name libeseal uses for a signature OID ("SM2-SM3"), or NULL. */
const char *eseal__oid_name(const char *oid);
/* The OID of an algorithm name ("SM2-SM3" -> "1.2.156.10197.1.501"), or NULL. */
const char *eseal__oid_for_name(const char *name);

#endif
