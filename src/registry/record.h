/*
 * The registry's stored state of one seal, and its byte form (DER, version 1;
 * doc/registry.md, "Stored state"). Floor 4 (registry/): uses storage/,
 * usage_log/ (same floor, one way), x509/, crypto/, asn1/ and core/.
 */
#ifndef ESEAL_REGISTRY_RECORD_H
#define ESEAL_REGISTRY_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/registry.h"
#include "../storage/store.h"

/* The longest esID the registry keeps, in bytes (real ones are 14–20 characters). */
#define ESEAL__REGISTRY_MAX_ESID 128u
#define ESEAL__SEAL_HASH_LEN 32u

/* kv areas of a tenant. */
#define ESEAL__AREA_SEALS "registry.seals"   /* SM3 hash -> seal record */
#define ESEAL__AREA_ESIDS "registry.esids"   /* esID -> SM3 hash of its current seal */
#define ESEAL__AREA_ORDERS "registry.orders" /* unfreeze record sequence (8 bytes BE) -> order */

struct eseal_seal_status {
  int version;
  eseal_seal_state state;
  char es_id[ESEAL__REGISTRY_MAX_ESID + 1];
  uint8_t hash[ESEAL__SEAL_HASH_LEN];
  int64_t registered_at;
  char registered_by[ESEAL_REGISTRY_MAX_TEXT + 1];
  int64_t changed_at;
  char changed_by[ESEAL_REGISTRY_MAX_TEXT + 1];
  char reason[ESEAL_REGISTRY_MAX_TEXT + 1];
  uint64_t sequence;
  uint64_t freeze_sequence;
  int64_t final_at;
  int notify_result;
  int has_predecessor, has_successor;
  uint8_t predecessor[ESEAL__SEAL_HASH_LEN];
  uint8_t successor[ESEAL__SEAL_HASH_LEN];
};
typedef struct eseal_seal_status eseal__seal_record;

/* The record's DER into `out`. 0 or ESEAL_ENOMEM. */
int eseal__seal_record_encode(const eseal__seal_record *r, eseal_buf *out);

/* Parses a stored record; ESEAL_ETAMPERED when the bytes are not one (the store was altered). */
int eseal__seal_record_decode(eseal__seal_record *r, const uint8_t *der, size_t len);

/* Reads the record of the seal with `hash`; ESEAL_ENOTFOUND when none. */
int eseal__seal_record_get(eseal__txn *txn, const char *tenant, const uint8_t hash[32],
                           eseal__seal_record *r);

/* Reads the record of the seal registered now under `es_id`; ESEAL_ENOTFOUND when none. */
int eseal__seal_record_get_esid(eseal__txn *txn, const char *tenant, const char *es_id,
                                eseal__seal_record *r);

/* Writes the record (keyed by its hash). */
int eseal__seal_record_put(eseal__txn *txn, const char *tenant, const eseal__seal_record *r);

/* The tenant to use: `tenant`, or ESEAL_STORE_DEFAULT_TENANT when NULL. */
const char *eseal__registry_tenant(const char *tenant);

/* Copies a text argument (NULL: "") into `out`; ESEAL_ELIMIT when it is too long. */
int eseal__registry_text(char *out, size_t cap, const char *text, const char *what);

/* The SM3 hash of a seal's bytes. */
int eseal__seal_hash(const eseal_seal *seal, uint8_t out[32]);

#endif
