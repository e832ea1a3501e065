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

#include "cert.h"
#include "common.h"
#include "context.h"
#include "key.h"
#include "store.h"

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
  eseal_usage_action action; /**< What happened. */
  /** Seconds since the epoch (UTC); 0: the context clock at the append. */
  int64_t time;
  /** The seal's esID. */
  const char *es_id;
  /** SM3 of the seal's bytes (32 bytes). */
  const uint8_t *seal_hash;
  size_t seal_hash_len; /**< 32. */
  /** Who used the seal (personal: only a salted hash enters the record). */
  const char *operator_id;
  /** Which device or application (personal: only a salted hash enters the record). */
  const char *device;
  /** Where (WGS-84, personal: latitude, longitude, accuracy and place enter as one salted hash). */
  int has_location;
  double latitude;  /**< Degrees north. */
  double longitude; /**< Degrees east. */
  /** Accuracy radius in metres. */
  double accuracy_m;
  /** A place name, or NULL. */
  const char *place;
  /** Pressing force reported by a smart seal, in newtons (physical uses). */
  int has_force;
  double force_newtons; /**< The force, when has_force. */
  /** Hash of the stamped document (algorithm as in the signature), 1..64 bytes. */
  const uint8_t *document_hash;
  size_t document_hash_len; /**< Its length. */
  /** SM3 of the complete SES_Signature as returned (completion records), 32 bytes. */
  const uint8_t *signature_hash;
  size_t signature_hash_len; /**< 32. */
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

/* ---- The log of a tenant in a store ----
 *
 * Every function below names a store and a tenant (eseal/store.h) and runs
 * its own transactions; none holds a write lock while a key signs. The log
 * of a tenant is created by its first record. Errors: ESEAL_EINVAL for bad
 * arguments, ESEAL_ENOTFOUND where stated, ESEAL_ETAMPERED when stored data
 * fails its integrity check, otherwise the store's code.
 */

/**
 * Appends a physical use of a seal reported by a device (a smart seal): the
 * record's action must be ESEAL_USAGE_PHYSICAL (or 0, taken as that) and
 * es_id is required; operator, device, location and force as reported. The
 * seal's registry state is not consulted: a use is logged even when the seal
 * is frozen, so that the log shows it. *seq (may be NULL) receives the record's
 * sequence number; the record is durable when this returns 0.
 */
ESEAL_EXTERN(int) eseal_usage_log_record_physical(uint64_t *seq, eseal_store *store,
                                                  const eseal_ctx *ctx, const char *tenant,
                                                  const eseal_usage_record *rec);

/** The number of records in the tenant's log (0 when it has none). */
ESEAL_EXTERN(int) eseal_usage_log_size(uint64_t *size, eseal_store *store, const char *tenant);

/** The stored bytes of record `seq` (canonical CBOR, doc/usage-log.md); ESEAL_ENOTFOUND past the end. */
ESEAL_EXTERN(int) eseal_usage_log_record_bytes(eseal_buf *out, eseal_store *store,
                                               const char *tenant, uint64_t seq);

/**
 * Records [first, first + count) as JSON Lines (one object per record, in
 * sequence order; count 0: to the end): every field of the record, the
 * pseudonyms in hex, and the clear operator, device and location where they
 * have not been erased. A record that does not decode is ESEAL_ETAMPERED.
 */
ESEAL_EXTERN(int) eseal_usage_log_show(eseal_buf *out, eseal_store *store, const char *tenant,
                                       uint64_t first, uint64_t count);

/**
 * Makes a signed checkpoint of the log as it is now (doc/usage-log.md,
 * "Checkpoints") with `key`, whose certificate `cert` must chain to an anchor
 * of the context trusted for ESEAL_ROLE_LOG_SIGNER (ESEAL_ECERT otherwise).
 * The first checkpoint with a certificate appends an ESEAL_USAGE_LOG_KEY
 * record announcing it (key rotation), which the checkpoint then covers.
 *
 * `every` 0 makes one now. `every` N > 0 makes one only when the log has
 * grown by at least N records since the latest stored checkpoint; otherwise
 * `out` is left empty and 0 is returned. Call it after appends, not inside
 * them: signing (possibly in a token) happens outside any transaction.
 *
 * `out` receives the signed note; it is also stored. Keep copies OUTSIDE the
 * store: eseal_usage_log_verify() detects a rollback of the store only
 * against a checkpoint kept elsewhere.
 */
ESEAL_EXTERN(int) eseal_usage_log_checkpoint(eseal_buf *out, eseal_store *store,
                                             const eseal_ctx *ctx, const char *tenant,
                                             eseal_key *key, const eseal_cert *cert,
                                             uint64_t every);

/** The latest stored checkpoint (signed note); ESEAL_ENOTFOUND when none was made. */
ESEAL_EXTERN(int) eseal_usage_log_latest_checkpoint(eseal_buf *out, eseal_store *store,
                                                    const char *tenant);

/**
 * An inclusion proof of record `seq` in the tree of the first `tree_size`
 * records (0: the whole log), as JSON: {"index", "tree_size", "leaf_hash",
 * "root", "path": [hex, …]} (doc/usage-log.md). ESEAL_ENOTFOUND when seq is
 * not below the tree size or the size exceeds the log.
 */
ESEAL_EXTERN(int) eseal_usage_log_prove(eseal_buf *out, eseal_store *store, const char *tenant,
                                        uint64_t seq, uint64_t tree_size);

/**
 * A consistency proof between the trees of `old_size` and `new_size` records
 * (new_size 0: the whole log), as JSON: {"old_size", "new_size", "old_root",
 * "new_root", "path": [hex, …]}. Requires 0 < old_size <= new_size <= log size
 * (ESEAL_ENOTFOUND otherwise).
 */
ESEAL_EXTERN(int) eseal_usage_log_prove_consistency(eseal_buf *out, eseal_store *store,
                                                    const char *tenant, uint64_t old_size,
                                                    uint64_t new_size);

/**
 * An evidence bundle (doc/usage-log.md, "Evidence bundles") for a signature
 * hash (SM3 of a complete SES_Signature) or a document hash: every record up
 * to the latest stored checkpoint that names it, each with its inclusion
 * proof in that checkpoint's tree, the checkpoint and the log-signer
 * certificates. It is checked offline with eseal_evidence_verify()
 * (eseal/evidence.h) or `eseal log verify-bundle`. ESEAL_ENOTFOUND when no
 * checkpoint exists or no record it covers names the hash (make a checkpoint
 * after the record first); ESEAL_ETAMPERED when the stored log no longer
 * matches its latest checkpoint.
 */
ESEAL_EXTERN(int) eseal_usage_log_export(eseal_buf *out, eseal_store *store, const char *tenant,
                                         const uint8_t *hash, size_t hash_len);

/**
 * Checks the whole log of the tenant and writes a JSON report into `report`
 * (may be NULL): every record decodes canonically, carries its own sequence
 * number and tenant, and matches its cached leaf hash; every clear personal
 * value matches its pseudonym; every stored checkpoint verifies (signed by a
 * certificate announced in the log before it, trusted for
 * ESEAL_ROLE_LOG_SIGNER) and its root equals the root of the log's prefix of
 * its size. Stamp intents with no completion or refusal are listed in the
 * report (a crash between the two phases of a stamp), not treated as damage.
 *
 * `external` (may be NULL) is a checkpoint the caller kept outside the store:
 * a log shorter than it (truncated, or the database rolled back to an earlier
 * copy) or whose prefix has another root (rewritten) is ESEAL_ETAMPERED.
 *
 * 0 when all holds; ESEAL_ETAMPERED with a message naming the first problem
 * (the report, when asked for, is written in both cases); ESEAL_ECERT when a
 * checkpoint's signer is not trusted by the context; ESEAL_EFORMAT when
 * `external` is not a checkpoint; ESEAL_EINVAL when it is one of another log.
 */
ESEAL_EXTERN(int) eseal_usage_log_verify(eseal_buf *report, eseal_store *store,
                                         const eseal_ctx *ctx, const char *tenant,
                                         const uint8_t *external, size_t external_len);

/**
 * Erases the personal data of an operator (privacy law): the clear operator
 * identity and the clear locations of the records of that operator are
 * deleted from the side table; records, hashes, checkpoints and proofs are
 * untouched and stay valid. The pseudonyms left in the records can no longer
 * be linked to the person; a later use by the same identity gets a new
 * pseudonym. A location shared with another operator's records is erased for
 * them too (it is one clear value). *erased (may be NULL) receives the number
 * of clear values deleted. ESEAL_ENOTFOUND when the operator has no clear
 * value in the tenant.
 */
ESEAL_EXTERN(int) eseal_usage_log_erase_operator(size_t *erased, eseal_store *store,
                                                 const char *tenant, const char *operator_id);

ESEAL_END_DECL

#endif
