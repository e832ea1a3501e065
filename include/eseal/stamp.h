/*
 * libeseal — stamping: apply a seal to data and produce a SES_Signature.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_STAMP_H
#define ESEAL_STAMP_H

#include "cert.h"
#include "common.h"
#include "context.h"
#include "key.h"
#include "seal.h"
#include "signature.h"

ESEAL_BEGIN_DECL

/**
 * The data a signature protects: its bytes, a file, or a hash computed
 * elsewhere. Bytes, which are not kept, are hashed once with SM3, SHA-256 and
 * SHA-1, so that any signature algorithm's data hash can be checked. A
 * regular file is hashed with SM3 only (what SM2 stamps carry) and read again
 * for SHA-256 or SHA-1 the first time a signature needs one; if its SM3 has
 * changed by then, that verification or stamp fails with ESEAL_EIO. Other
 * files (pipes) are hashed with all three at once. A data object may be
 * shared between threads.
 */
typedef struct eseal_data eseal_data;

/** Hashes `len` bytes (not kept). */
ESEAL_EXTERN(int) eseal_data_from_bytes(eseal_data **out, const uint8_t *data, size_t len);
/** Hashes a file as it is streamed (any size); ESEAL_EIO when it cannot be read. The
 * path is kept, for the digests computed later. */
ESEAL_EXTERN(int) eseal_data_from_file(eseal_data **out, const char *path);
/** A precomputed hash (20, 32 or 48 bytes), compared as given. */
ESEAL_EXTERN(int) eseal_data_from_hash(eseal_data **out, const uint8_t *hash, size_t len);
ESEAL_EXTERN(void) eseal_data_free(eseal_data *data);

#define ESEAL_STAMP_OPTIONS_VERSION 3

/** How eseal_stamp() stamps. Start from ESEAL_STAMP_OPTIONS_INIT. */
typedef struct eseal_stamp_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /** 0: the seal's format (the default); otherwise ESEAL_FORMAT_V4 or ESEAL_FORMAT_V1, which must be the seal's. */
  eseal_format_version format;
  /** propertyInfo: what the hash covers, e.g. "/Doc_0/Signs/Sign_0/Signature.xml". NULL = "". */
  const char *property_info;
  /* Version 2: stamping with a store, used only when the context has one (eseal_ctx_set_store()). */
  /** The tenant whose registry and usage log count; NULL = ESEAL_STORE_DEFAULT_TENANT. */
  const char *tenant;
  /** Who stamps and with what device or application (NULL: not recorded). */
  const char *operator_id;
  const char *device; /**< The device or application. */
  /** Where (WGS-84 degrees; accuracy radius in metres; place name or NULL), when has_location. */
  int has_location;
  double latitude;   /**< Degrees north. */
  double longitude;  /**< Degrees east. */
  double accuracy_m; /**< The accuracy radius, in metres. */
  const char *place; /**< A place name, or NULL. */
  /** Nonzero: a seal the tenant's registry does not know may stamp (its esID unknown too). */
  int allow_unregistered;
  /* Version 3. */
  /**
   * An RFC 3161 timestamp authority (http or https URL) to timestamp the
   * signature value, embedded in the V4 timeStamp field (doc/timestamps.md);
   * NULL for none. V1 signatures have no such field (ESEAL_EUNSUPPORTED).
   */
  const char *tsa_url;
  /** The TSA policy OID to ask for; NULL: the TSA's default. */
  const char *tsa_policy;
  /** Nonzero: the TSA may be on a loopback or private address (doc/fetcher.md). */
  int tsa_allow_private_targets;
} eseal_stamp_options;

#define ESEAL_STAMP_OPTIONS_INIT                                                               \
  {ESEAL_STAMP_OPTIONS_VERSION, ESEAL_FORMAT_UNKNOWN, NULL, NULL, NULL, NULL, 0, 0.0, 0.0, 0.0, \
   NULL, 0, NULL, NULL, 0}

/**
 * Fills `opts` with the defaults. `version` is the caller's
 * ESEAL_STAMP_OPTIONS_VERSION; versions 1 (the first three members) and 2
 * (up to allow_unregistered) are still accepted here and by eseal_stamp().
 */
ESEAL_EXTERN(int) eseal_stamp_options_init(eseal_stamp_options *opts, unsigned int version);

/**
 * Stamps `data` with `seal`, signing as `signer_cert` with `key`, at the
 * context clock's time, in the seal's format. Before anything is signed, these checks run in order
 * and refuse with their code (and *out stays NULL):
 *
 *  - ESEAL_ENOTBOUND: the signer certificate is not in the seal's certList
 *    (byte comparison; digest comparison for certListType 2);
 *  - ESEAL_ESEALTIME: the signing time is outside the seal's validity;
 *  - ESEAL_ECERT: the signer certificate is not valid at the signing time or
 *    lacks the digitalSignature / nonRepudiation key usage;
 *  - ESEAL_EBADSEAL: the seal's maker signature does not verify;
 *  - ESEAL_ECRYPTO: the key does not belong to the signer certificate;
 *  - then every check added with eseal_ctx_add_stamp_check(), with its own code;
 *  - when the context has revocation configured (eseal_ctx_set_revocation(),
 *    or a CRL or OCSP response added): the signer's chain to a signer-ca
 *    anchor, each certificate below the anchor looked up at the signing time:
 *    ESEAL_EREVOKED when one is revoked, ESEAL_ESTATUS when a status cannot be
 *    established (fail-closed, whatever the soft-fail setting);
 *  - with a store on the context (doc/registry.md, "Stamping phases"), in one
 *    transaction: the seal's state in the tenant's registry (ESEAL_EFROZEN;
 *    ESEAL_ELOST when lost or cancelled; ESEAL_ENOTFOUND when the seal is not
 *    registered, unless opts->allow_unregistered and its esID is unknown too)
 *    and an intent record in the usage log, or a refusal record. Then the
 *    signing, outside any transaction (and the timestamp, when opts->tsa_url
 *    is set: a TSA that fails or answers with a token that does not verify
 *    fails the stamp); then a completion record with the SM3
 *    of the whole SES_Signature, committed before this function returns (a
 *    failure to commit it fails the stamp).
 *
 * The signature carries the seal's original bytes and is returned parsed.
 */
ESEAL_EXTERN(int) eseal_stamp(eseal_signature **out, const eseal_ctx *ctx, const eseal_seal *seal,
                              eseal_key *key, const eseal_cert *signer_cert,
                              const eseal_data *data, const eseal_stamp_options *opts);

ESEAL_END_DECL

#endif
