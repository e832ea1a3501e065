/*
 * libeseal — the usage log: every use of a seal (electronic stamps, physical
 * uses reported by smart seals) and every registry change (register, freeze,
 * unfreeze, loss, cancel) as a versioned record in a per-tenant, append-only,
 * tamper-evident log kept in a store (eseal/store.h).
 *
 * Records are canonical CBOR (doc/usage-log.md, "Records"); the log is a
 * Merkle tree over them in the RFC 9162 shape with SM3. Personal data
 * (operator, device, location) enters a record only as a salted SM3 hash; the
 * clear values sit in an erasable side table, so that erasing them keeps every
 * hash, root and proof valid (doc/usage-log.md, "Personal data and erasure").
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_USAGE_LOG_H
#define ESEAL_USAGE_LOG_H

#include "common.h"

ESEAL_BEGIN_DECL

/** What a usage record reports. The values are stored in records and never change. */
typedef enum eseal_usage_action {
  /** A stamp is about to be signed (state checks passed); written before signing. */
  ESEAL_USAGE_STAMP_INTENT = 1,
  /** A stamp was signed: signature_hash set, refers_to = the intent's sequence + 1. */
  ESEAL_USAGE_STAMP_DONE = 2,
  /** A stamp was refused (frozen, lost, risk rule, …): result holds the code. */
  ESEAL_USAGE_STAMP_REFUSED = 3,
  /** A physical use of the seal reported by a device (smart seal). */
  ESEAL_USAGE_PHYSICAL = 4,
  /** The seal was registered. */
  ESEAL_USAGE_REGISTER = 5,
  /** The seal was frozen. */
  ESEAL_USAGE_FREEZE = 6,
  /** The seal was unfrozen by a supervisor's signed order. */
  ESEAL_USAGE_UNFREEZE = 7,
  /** The seal was reported lost (final). */
  ESEAL_USAGE_LOST = 8,
  /** The seal was cancelled (注销, final). */
  ESEAL_USAGE_CANCEL = 9,
  /** A risk rule raised an alert. */
  ESEAL_USAGE_ALERT = 10,
  /** The loss-report callback ran (e.g. the CA was asked to revoke); result = its return value. */
  ESEAL_USAGE_LOSS_NOTIFIED = 11,
  /** The log's checkpoint-signing key changed: document_hash = SM3 of the new certificate (DER). */
  ESEAL_USAGE_LOG_KEY = 12
} eseal_usage_action;

/** The only record format version so far. */
#define ESEAL_USAGE_RECORD_VERSION 1

/**
 * One usage record, as handed to the log. Strings are UTF-8 (NUL-terminated),
 * NULL when absent; byte fields are absent when their pointer is NULL. The
 * log adds the sequence number and the tenant. Transparent and versioned:
 * start from ESEAL_USAGE_RECORD_INIT or eseal_usage_record_init(); new fields
 * are only ever added at the end.
 */
typedef struct eseal_usage_record {
  /** ESEAL_USAGE_RECORD_VERSION. */
  unsigned int version;
  eseal_usage_action action;
  /** Seconds since the epoch (UTC); 0: the context clock at the append. */
  int64_t time;
  /** The seal's esID. */
  const char *es_id;
  /** SM3 of the seal's bytes (32 bytes). */
  const uint8_t *seal_hash;
  size_t seal_hash_len;
  /** Who used the seal (personal: only a salted hash enters the record). */
  const char *operator_id;
  /** Which device or application (personal: only a salted hash enters the record). */
  const char *device;
  /** Where (WGS-84, personal: latitude, longitude, accuracy and place enter as one salted hash). */
  int has_location;
  double latitude;
  double longitude;
  /** Accuracy radius in metres. */
  double accuracy_m;
  /** A place name, or NULL. */
  const char *place;
  /** Pressing force reported by a smart seal, in newtons (physical uses). */
  int has_force;
  double force_newtons;
  /** Hash of the stamped document (algorithm as in the signature), 1..64 bytes. */
  const uint8_t *document_hash;
  size_t document_hash_len;
  /** SM3 of the complete SES_Signature as returned (completion records), 32 bytes. */
  const uint8_t *signature_hash;
  size_t signature_hash_len;
  /** 0, or the negative ESEAL_E* code of a refusal. */
  int result;
  /** Why (freeze reason, refusal message, …), or NULL. */
  const char *reason;
  /** The sequence + 1 of the record this one completes or answers; 0 = none. */
  uint64_t refers_to;
} eseal_usage_record;

#define ESEAL_USAGE_RECORD_INIT                                                               \
  {ESEAL_USAGE_RECORD_VERSION, (eseal_usage_action)0, 0, NULL, NULL, 0, NULL, NULL, 0, 0.0, 0.0, \
   0.0, NULL, 0, 0.0, NULL, 0, NULL, 0, 0, NULL, 0}

/** Sets `rec` to ESEAL_USAGE_RECORD_INIT; ESEAL_EVERSION for an unknown `version`. */
ESEAL_EXTERN(int) eseal_usage_record_init(eseal_usage_record *rec, unsigned int version);

/** "stamp-intent", "stamp-done", … for an action; NULL for an unknown value. */
ESEAL_EXTERN(const char *) eseal_usage_action_name(eseal_usage_action action);

ESEAL_END_DECL

#endif
