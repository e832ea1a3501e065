/*
 * The checks of one signature's References: ofd.check_method and
 * ofd.reference (include/eseal/ofd.h).
 */
#ifndef ESEAL_OFD_REFERENCES_H
#define ESEAL_OFD_REFERENCES_H

#include "eseal/signature.h"
#include "eseal/verify.h"
#include "../verify/report.h"
#include "package.h"

/* What became of one Reference. */
typedef enum eseal__ref_state {
  ESEAL__REF_UNCHECKED = 0,
  ESEAL__REF_OK = 1,
  ESEAL__REF_MISMATCH = 2,
  ESEAL__REF_MISSING = 3
} eseal__ref_state;

/* SM3 digests of entries already hashed, by entry index: several signatures cover the same pages. */
typedef struct eseal__digest_cache {
  uint8_t (*sm3)[32];
  uint8_t *have;
  size_t count;
} eseal__digest_cache;

/*
 * Adds ofd.check_method and ofd.reference to `r` for `sig`, and the state of
 * each Reference to `states` (sig->ref_count items). `ses`: the parsed SES
 * signature when there is one (its signer key is needed for SM3-with-Z).
 * Returns 0, or ESEAL_ENOMEM.
 */
int eseal__ofd_check_references(eseal_report *r, const eseal__ofd_pkg *pkg,
                                const eseal__ofd_sig *sig, const eseal_signature *ses,
                                eseal_crypto_policy policy, eseal__digest_cache *cache,
                                eseal__ref_state *states);

#endif
