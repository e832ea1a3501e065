/*
 * libeseal — physical uses of a seal reported by its smart-seal device, judged
 * by the same risk policy as electronic stamping (doc/risk-control.md,
 * "Physical uses"). The physical and the electronic seal share one identity
 * and one state: a physical-use anomaly at FREEZE level freezes the
 * electronic seal.
 *
 * A device is registered in a tenant with its certificate
 * (eseal_device_register()); each report is signed by the device's key over
 * the bytes eseal_physical_use_encode() gives. An unsigned or badly signed
 * report is still logged and judged, but its FREEZE hits only alert.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_PHYSICAL_H
#define ESEAL_PHYSICAL_H

#include "cert.h"
#include "common.h"
#include "context.h"
#include "key.h"

ESEAL_BEGIN_DECL

#define ESEAL_PHYSICAL_USE_VERSION 1
/** The longest device id, operator, place and esID in a report, in bytes. */
#define ESEAL_PHYSICAL_MAX_TEXT 1024
/** The longest report signature, in bytes. */
#define ESEAL_PHYSICAL_MAX_SIGNATURE 1024

/** One physical use, as the device reports it. Start from ESEAL_PHYSICAL_USE_INIT. */
typedef struct eseal_physical_use {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /** NULL: ESEAL_STORE_DEFAULT_TENANT. */
  const char *tenant;
  /** The seal's esID (registered in the tenant). */
  const char *es_id;
  /** The registered device id. */
  const char *device;
  /** Who pressed the seal, or NULL. */
  const char *operator_id;
  /** The device's clock at the use, UTC seconds: the time the rules judge. */
  int64_t device_time;
  /** Where (WGS-84), accuracy radius in metres. */
  int has_location;
  double latitude;   /**< Degrees north. */
  double longitude;  /**< Degrees east. */
  double accuracy_m; /**< The accuracy radius, in metres. */
  /** A place name, or NULL. */
  const char *place;
  /** The pressing force, in newtons, when has_force. */
  int has_force;
  double force_newtons; /**< The force. */
} eseal_physical_use;

#define ESEAL_PHYSICAL_USE_INIT \
  {ESEAL_PHYSICAL_USE_VERSION, NULL, NULL, NULL, NULL, 0, 0, 0.0, 0.0, 0.0, NULL, 0, 0.0}

/**
 * Registers (or replaces) the certificate of device `device` in the tenant
 * of the context's store. Registering is the trust decision: a report
 * signed with the key of this certificate is the device's. ESEAL_EINVAL for
 * a bad id or no store.
 */
ESEAL_EXTERN(int) eseal_device_register(const eseal_ctx *ctx, const char *tenant,
                                        const char *device, const eseal_cert *cert);

/**
 * The bytes a device signs for `use` (format in doc/risk-control.md,
 * "Physical-use reports"). ESEAL_EINVAL when a field is missing, out of
 * range, too long or holds a line break.
 */
ESEAL_EXTERN(int) eseal_physical_use_encode(eseal_buf *out, const eseal_physical_use *use);

/**
 * Signs the report of `use` with `key` (the device side; SM2-SM3 with the
 * context's SM2 ID, ECDSA-SHA256 or RSA-SHA256; EC signatures in DER).
 */
ESEAL_EXTERN(int) eseal_physical_use_sign(eseal_buf *signature, const eseal_ctx *ctx,
                                          const eseal_physical_use *use, eseal_key *key);

/** What eseal_log_physical_use() made of a report. */
typedef struct eseal_physical_outcome {
  /** The usage-log sequence of the PHYSICAL record. */
  uint64_t sequence;
  /** 1: signed by the registered device; 0: no signature; -1: a signature that does not verify. */
  int signature;
  /** 1 when the report arrived later than the policy's late-report window after the use. */
  int late;
  /** The alert records written, and 1 when the seal was frozen. */
  size_t alerts;
  int froze; /**< 1 when the seal was frozen. */
} eseal_physical_outcome;

/**
 * Logs a physical use of a seal registered in the tenant, judged against
 * the context's policy at the device's time, in one transaction: the
 * PHYSICAL record (time = the device's time; the receipt time, the
 * signature's status and lateness in its reason), alert records, and a
 * freeze of the seal when a FREEZE rule is hit by a report that verifies.
 * `signature` may be NULL (unsigned). The alert callback runs after the
 * commit. A report is logged whatever the seal's state.
 *
 * ESEAL_ENOTFOUND: the esID is not registered; ESEAL_EEXISTS: this very
 * report with this very signature was logged before (replay); ESEAL_EINVAL:
 * a bad field; ESEAL_ELIMIT: a signature over ESEAL_PHYSICAL_MAX_SIGNATURE.
 */
ESEAL_EXTERN(int) eseal_log_physical_use(eseal_physical_outcome *outcome, const eseal_ctx *ctx,
                                         const eseal_physical_use *use,
                                         const uint8_t *signature, size_t signature_len);

ESEAL_END_DECL

#endif
