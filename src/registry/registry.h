/* What the registry offers the jobs above it: lookups for stamping and verification. */
#ifndef ESEAL_REGISTRY_REGISTRY_H
#define ESEAL_REGISTRY_REGISTRY_H

#include "eseal/usage_log.h"
#include "record.h"

/* What the registry knows of a seal (eseal__registry_find). */
typedef enum eseal__found {
  /* Neither the seal nor its esID is registered. */
  ESEAL__FOUND_NONE = 0,
  /* The seal itself: the record is its own. */
  ESEAL__FOUND_SEAL = 1,
  /* Not this seal, but its esID is registered: the record is the esID's current seal. */
  ESEAL__FOUND_OTHER = 2
} eseal__found;

/* Looks the seal up by hash, then by esID. 0 (with *found), or a store error. */
int eseal__registry_find(eseal__txn *txn, const char *tenant, const uint8_t hash[32],
                         const char *es_id, eseal__seal_record *r, eseal__found *found);

/* eseal__registry_find() in a read-only transaction of the context's store. */
int eseal__registry_find_now(const eseal_ctx *ctx, const char *tenant, const uint8_t hash[32],
                             const char *es_id, eseal__seal_record *r, eseal__found *found);

/*
 * Appends a usage record about the seal of `r` (esID, hash), stamped `t`,
 * with `who` as the operator and `why` as the reason.
 */
int eseal__registry_append(eseal__txn *txn, const eseal_ctx *ctx, const char *tenant,
                           eseal_usage_action action, const eseal__seal_record *r, int64_t t,
                           const char *who, const char *why, uint64_t *seq);

#endif
