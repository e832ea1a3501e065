/* The eseal_data object: the hashes of the protected data. */
#ifndef ESEAL_STAMP_DATA_H
#define ESEAL_STAMP_DATA_H

#include "eseal/stamp.h"
#include "../crypto/digest.h"

struct eseal_data {
  /* 1 when only a precomputed hash is known. */
  int hash_only;
  uint8_t sm3[32];
  uint8_t sha256[32];
  uint8_t sha1[20];
  uint8_t given[ESEAL__DIGEST_MAX];
  size_t given_len;
};

/*
 * Compares `data_hash` with the data: a precomputed hash byte for byte, else
 * the hash of the same length (SM3 first, then SHA-256, then SHA-1).
 * 1 when equal; *name gets the digest compared.
 */
int eseal__data_matches(const eseal_data *d, const uint8_t *data_hash, size_t len,
                        const char **name);

#endif
