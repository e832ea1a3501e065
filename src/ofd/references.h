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

/*
 * The digests of entries already hashed in one verification, by entry and
 * digest (SM3, SHA-256, SHA-1, MD5, and SM3 with Z): several signatures
 * cover the same pages, so each entry is inflated and hashed once per digest.
 * SM3 with Z depends on the signer's key: the Z of the last computation is
 * kept with it, and another signer's key hashes the entry again (the
 * package's inflation budget bounds that).
 */
#define ESEAL__DIGEST_KINDS 5
typedef struct eseal__digest_cache {
  /* Slot entry * ESEAL__DIGEST_KINDS + kind: the digest and its length (0: none yet). */
  uint8_t (*value)[32];
  uint8_t *len;
  /* Per entry: the Z its SM3-with-Z slot was computed with. */
  uint8_t (*z)[32];
  size_t count;
} eseal__digest_cache;

/* An empty cache for a package of `entries` entries; 0 or ESEAL_ENOMEM. */
int eseal__digest_cache_init(eseal__digest_cache *cache, size_t entries);
void eseal__digest_cache_free(eseal__digest_cache *cache);

/*
 * Adds ofd.check_method and ofd.reference to `r` for `sig`, and the state of
 * each Reference to `states` (sig->ref_count items). `ses`: the parsed SES
 * signature when there is one (its signer key is needed for SM3-with-Z).
 * Returns 0, or ESEAL_ENOMEM; a file that cannot be hashed fails its
 * Reference (after an ESEAL_ELIMIT of the inflation budget the caller asks
 * eseal__ofd_pkg_budget_check).
 */
int eseal__ofd_check_references(eseal_report *r, const eseal__ofd_pkg *pkg,
                                const eseal__ofd_sig *sig, const eseal_signature *ses,
                                eseal_crypto_policy policy, eseal__digest_cache *cache,
                                eseal__ref_state *states);

#endif
