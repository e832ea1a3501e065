/* Signature values of elliptic-curve algorithms: DER SEQUENCE{r,s} or raw r‖s. */
#ifndef ESEAL_ASN1_SIGVAL_H
#define ESEAL_ASN1_SIGVAL_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/format.h"
#include "../core/dbuf.h"

typedef struct eseal__sigval {
  eseal_sigval_encoding encoding;
  /* A DER INTEGER had its high bit set without a leading zero (read as unsigned). */
  int unsigned_integer;
  /* A DER INTEGER carried one superfluous leading zero octet (BER, read as its value). */
  int ber_integer;
  /* The value as DER SEQUENCE{r, s}. */
  eseal__dbuf der;
} eseal__sigval;

/*
 * Classifies the BIT STRING contents `v` of an EC signature and writes the
 * DER form into out->der (the caller releases it). Accepted: DER
 * SEQUENCE{r,s} taking the whole value (its INTEGERs may lack the sign
 * octet or carry one superfluous zero octet; see the flags), 64 bytes r‖s,
 * 128 bytes with r and s left-padded to 64. When a flag is set, out->der is
 * re-encoded as minimal DER; otherwise it is the value as given.
 * Returns 0, ESEAL_ENOMEM, or -1 with *why.
 */
int eseal__sigval_normalise(const uint8_t *v, size_t len, eseal__sigval *out, const char **why);

#endif
