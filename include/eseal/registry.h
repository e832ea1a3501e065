/*
 * libeseal — the seal registry: which seals a tenant may stamp with, and in
 * what state each one is (doc/registry.md).
 *
 * The registry lives in the context's store (eseal_ctx_set_store()), one per
 * tenant. A seal is registered by its esID and the SM3 hash of its bytes, and
 * is then in one of these states:
 *
 *   ACTIVE     may stamp;
 *   FROZEN     stamping refused (ESEAL_EFROZEN) until a registry supervisor
 *              signs an unfreeze order (eseal_unfreeze_order_sign());
 *   LOST       reported lost: final, stamping refused (ESEAL_ELOST), and a
 *              stamp claimed after the report fails verification;
 *   CANCELLED  cancelled (注销): final, refused like LOST but not a loss.
 *
 *   ACTIVE --freeze--> FROZEN --unfreeze (signed order)--> ACTIVE
 *   ACTIVE | FROZEN --report lost--> LOST
 *   ACTIVE | FROZEN --cancel--> CANCELLED
 *
 * Every transition is written, in the same transaction as the state change,
 * as a usage record (eseal/usage_log.h) naming who, when and why; a refused
 * transition changes nothing and returns its code. Re-issue: a new seal
 * under an esID whose seal is final (or ACTIVE, which the re-issue cancels)
 * is linked to it as successor / predecessor; a FROZEN seal cannot be
 * re-issued, so that a freeze is never escaped that way.
 *
 * `who` and `why` are free text (UTF-8, at most ESEAL_REGISTRY_MAX_TEXT
 * bytes); `who` enters the usage record as a salted hash like every operator.
 * Tenant NULL means ESEAL_STORE_DEFAULT_TENANT. Errors common to every
 * function: ESEAL_EINVAL (no store on the context, bad tenant or text),
 * ESEAL_ENOTFOUND (no such seal in the tenant), ESEAL_EIO (store failure).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_REGISTRY_H
#define ESEAL_REGISTRY_H

#include "cert.h"
#include "common.h"
#include "context.h"
#include "key.h"
#include "seal.h"

ESEAL_BEGIN_DECL

/** The states of a registered seal. The values are stored and never change. */
typedef enum eseal_seal_state {
  ESEAL_SEAL_ACTIVE = 1,
  ESEAL_SEAL_FROZEN = 2,
  ESEAL_SEAL_LOST = 3,
  ESEAL_SEAL_CANCELLED = 4
} eseal_seal_state;

/** The longest `who`, `why` and reason texts, in bytes. */
#define ESEAL_REGISTRY_MAX_TEXT 1024

/** "active", "frozen", "lost", "cancelled"; NULL for an unknown value. */
ESEAL_EXTERN(const char *) eseal_seal_state_name(eseal_seal_state state);

/**
 * Registers `seal` in the tenant as ACTIVE. ESEAL_EEXISTS when its esID is
 * already registered (with this seal or another: use eseal_registry_reissue()).
 */
ESEAL_EXTERN(int) eseal_registry_register(const eseal_ctx *ctx, const char *tenant,
                                          const eseal_seal *seal, const char *who,
                                          const char *why);

/**
 * Registers `seal` as the successor of the seal registered under the same
 * esID. The old seal must be LOST or CANCELLED, or ACTIVE, in which case it is
 * cancelled in the same transaction; ESEAL_EFROZEN when it is FROZEN;
 * ESEAL_ENOTFOUND when the esID is not registered; ESEAL_EEXISTS when `seal`
 * is the registered seal itself or was registered before.
 */
ESEAL_EXTERN(int) eseal_registry_reissue(const eseal_ctx *ctx, const char *tenant,
                                         const eseal_seal *seal, const char *who,
                                         const char *why);

/** ACTIVE → FROZEN. ESEAL_EFROZEN when already frozen, ESEAL_ELOST when final. */
ESEAL_EXTERN(int) eseal_registry_freeze(const eseal_ctx *ctx, const char *tenant,
                                        const char *es_id, const char *who, const char *why);

/**
 * FROZEN → ACTIVE, on a supervisor's signed order (eseal_unfreeze_order_sign()).
 * The order must name this tenant, the esID and hash of the seal registered
 * now, and the usage-log sequence of the freeze it lifts (so that an order
 * lifts one freeze only and cannot be replayed); its signature must verify
 * with the certificate it carries, which must chain to an anchor with
 * ESEAL_ROLE_REGISTRY_SUPERVISOR, be valid at the context's time and allow
 * signing; its time must lie between the freeze and the context's time (plus
 * ESEAL_UNFREEZE_ORDER_SKEW). The order is kept with the unfreeze record
 * (eseal_registry_unfreeze_order()) for auditors.
 *
 * ESEAL_ECRYPTO: the signature does not verify; ESEAL_ECERT: the certificate
 * is not a supervisor's at that time; ESEAL_EINVAL: the order is for another
 * tenant, seal or freeze, or dated outside the window; ESEAL_EFORMAT: not an
 * order; ESEAL_ELOST: the seal is final; ESEAL_ERROR: the seal is not frozen.
 */
ESEAL_EXTERN(int) eseal_registry_unfreeze(const eseal_ctx *ctx, const char *tenant,
                                          const uint8_t *order, size_t order_len,
                                          const char *who);

/**
 * Told of a loss report after it is committed: notify the CA so that it
 * revokes the signer certificates, say. Return 0 when done, or a negative
 * code; either is recorded (ESEAL_USAGE_LOSS_NOTIFIED, result = the code).
 * `es_id` and `seal_hash` (32 bytes) name the lost seal.
 */
typedef int (*eseal_loss_notify_fn)(void *payload, const char *tenant, const char *es_id,
                                    const uint8_t *seal_hash, size_t seal_hash_len,
                                    int64_t lost_at);

/**
 * ACTIVE | FROZEN → LOST, committed at once: from then on stamping is refused
 * and stamps claimed later fail verification. Then `notify` (may be NULL) is
 * called outside any transaction, and a LOSS_NOTIFIED record with its result
 * is appended. Returns 0, ESEAL_ELOST when the seal is already final, or the
 * callback's code (the loss itself stays recorded).
 */
ESEAL_EXTERN(int) eseal_registry_report_lost(const eseal_ctx *ctx, const char *tenant,
                                             const char *es_id, const char *who, const char *why,
                                             eseal_loss_notify_fn notify, void *payload);

/**
 * Records that the loss of the esID's seal was notified, with `result` (0, or
 * the negative code the notification failed with) and `why` (may be NULL): a
 * LOSS_NOTIFIED record, as eseal_registry_report_lost() writes after its
 * callback. For notifying again after a failure, and for bindings whose
 * callbacks live in another language. ESEAL_ERROR when the seal is not LOST.
 */
ESEAL_EXTERN(int) eseal_registry_loss_notified(const eseal_ctx *ctx, const char *tenant,
                                               const char *es_id, int result, const char *why);

/** ACTIVE | FROZEN → CANCELLED (final). ESEAL_ELOST when already final. */
ESEAL_EXTERN(int) eseal_registry_cancel(const eseal_ctx *ctx, const char *tenant,
                                        const char *es_id, const char *who, const char *why);

/* ---- State queries ---- */

/** A registered seal's state and history, read at one moment. */
typedef struct eseal_seal_status eseal_seal_status;

/** The state of the seal registered now under `es_id`. */
ESEAL_EXTERN(int) eseal_registry_state(eseal_seal_status **out, const eseal_ctx *ctx,
                                       const char *tenant, const char *es_id);

/** The state of the seal whose SM3 hash is `seal_hash` (also a superseded one). */
ESEAL_EXTERN(int) eseal_registry_state_by_hash(eseal_seal_status **out, const eseal_ctx *ctx,
                                               const char *tenant, const uint8_t *seal_hash,
                                               size_t seal_hash_len);

ESEAL_EXTERN(void) eseal_seal_status_free(eseal_seal_status *status);

ESEAL_EXTERN(eseal_seal_state) eseal_seal_status_state(const eseal_seal_status *status);
ESEAL_EXTERN(const char *) eseal_seal_status_es_id(const eseal_seal_status *status);
/** SM3 of the seal's bytes (32 bytes), borrowed. */
ESEAL_EXTERN(const uint8_t *) eseal_seal_status_hash(const eseal_seal_status *status, size_t *len);
/** When the seal was registered, and by whom. */
ESEAL_EXTERN(int64_t) eseal_seal_status_registered_at(const eseal_seal_status *status);
ESEAL_EXTERN(const char *) eseal_seal_status_registered_by(const eseal_seal_status *status);
/** The last transition: when, who, why ("" when none was given). */
ESEAL_EXTERN(int64_t) eseal_seal_status_changed_at(const eseal_seal_status *status);
ESEAL_EXTERN(const char *) eseal_seal_status_changed_by(const eseal_seal_status *status);
ESEAL_EXTERN(const char *) eseal_seal_status_reason(const eseal_seal_status *status);
/** Usage-log sequence of the last transition's record. */
ESEAL_EXTERN(uint64_t) eseal_seal_status_sequence(const eseal_seal_status *status);
/** When FROZEN: the usage-log sequence of the freeze record (what an unfreeze order names). */
ESEAL_EXTERN(uint64_t) eseal_seal_status_freeze_sequence(const eseal_seal_status *status);
/** When LOST or CANCELLED: since when (0 otherwise). */
ESEAL_EXTERN(int64_t) eseal_seal_status_final_at(const eseal_seal_status *status);
/**
 * When LOST: 0 when the loss callback succeeded, its negative code when it
 * failed, 1 when no callback was given.
 */
ESEAL_EXTERN(int) eseal_seal_status_notify_result(const eseal_seal_status *status);
/** The seals before and after this one under its esID (32-byte hashes); NULL when none. */
ESEAL_EXTERN(const uint8_t *) eseal_seal_status_predecessor(const eseal_seal_status *status,
                                                            size_t *len);
ESEAL_EXTERN(const uint8_t *) eseal_seal_status_successor(const eseal_seal_status *status,
                                                          size_t *len);

/* ---- Unfreeze orders (format in doc/registry.md) ---- */

/** How far ahead of the context's clock an unfreeze order may be dated, in seconds. */
#define ESEAL_UNFREEZE_ORDER_SKEW 300
/** The largest unfreeze order, in bytes. */
#define ESEAL_UNFREEZE_ORDER_MAX_SIZE (64 * 1024)

/**
 * Makes an unfreeze order (DER) for the freeze with usage-log sequence
 * `freeze_sequence` (eseal_seal_status_freeze_sequence()) of the seal
 * `es_id` / `seal_hash` (32 bytes) in `tenant`, dated `time` (0: the context's
 * clock), signed with `key` (SM2-SM3 with the context's SM2 ID, ECDSA or RSA)
 * as `cert`, which the order carries. `reason` may be NULL.
 */
ESEAL_EXTERN(int) eseal_unfreeze_order_sign(eseal_buf *out, const eseal_ctx *ctx,
                                            const char *tenant, const char *es_id,
                                            const uint8_t *seal_hash, size_t seal_hash_len,
                                            uint64_t freeze_sequence, int64_t time,
                                            const char *reason, eseal_key *key,
                                            const eseal_cert *cert);

/** A parsed unfreeze order. */
typedef struct eseal_unfreeze_order eseal_unfreeze_order;

/** Parses an order (strict DER). ESEAL_EFORMAT, ESEAL_ELIMIT, ESEAL_ENOMEM. */
ESEAL_EXTERN(int) eseal_unfreeze_order_parse(eseal_unfreeze_order **out, const uint8_t *der,
                                             size_t len);
ESEAL_EXTERN(void) eseal_unfreeze_order_free(eseal_unfreeze_order *order);

ESEAL_EXTERN(const char *) eseal_unfreeze_order_tenant(const eseal_unfreeze_order *order);
ESEAL_EXTERN(const char *) eseal_unfreeze_order_es_id(const eseal_unfreeze_order *order);
ESEAL_EXTERN(const uint8_t *) eseal_unfreeze_order_seal_hash(const eseal_unfreeze_order *order,
                                                             size_t *len);
ESEAL_EXTERN(uint64_t) eseal_unfreeze_order_freeze_sequence(const eseal_unfreeze_order *order);
ESEAL_EXTERN(int64_t) eseal_unfreeze_order_time(const eseal_unfreeze_order *order);
ESEAL_EXTERN(const char *) eseal_unfreeze_order_reason(const eseal_unfreeze_order *order);
/** The supervisor's certificate, borrowed. */
ESEAL_EXTERN(const eseal_cert *) eseal_unfreeze_order_signer(const eseal_unfreeze_order *order);

/**
 * Checks an order's signature and its signer (chain to an anchor with
 * ESEAL_ROLE_REGISTRY_SUPERVISOR, key usage, validity) at `at` (0: the
 * context's clock), as eseal_registry_unfreeze() does and as an auditor
 * re-checks a stored order. 0, ESEAL_ECRYPTO or ESEAL_ECERT.
 */
ESEAL_EXTERN(int) eseal_unfreeze_order_verify(const eseal_ctx *ctx,
                                              const eseal_unfreeze_order *order, int64_t at);

/**
 * The order kept with the unfreeze record whose usage-log sequence is
 * `unfreeze_sequence`. ESEAL_ENOTFOUND when there is none.
 */
ESEAL_EXTERN(int) eseal_registry_unfreeze_order(eseal_buf *out, const eseal_ctx *ctx,
                                                const char *tenant, uint64_t unfreeze_sequence);

ESEAL_END_DECL

#endif
