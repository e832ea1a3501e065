/*
 * libeseal — trust anchors with roles.
 *
 * An anchor is trusted for named roles only: a seal maker's chain must reach
 * an anchor with ESEAL_ROLE_SEAL_MAKER, a signer's chain one with
 * ESEAL_ROLE_SIGNER_CA, and so on. A CA that issues signer certificates can
 * then not also vouch for seal makers. Anchors come from trust paths (PEM
 * bundles, DER files, directories), single certificates, or a trust list file
 * (doc/trust-list.md), which carries roles, a trust window and a sequence
 * number per anchor and may be signed by a trust-list operator.
 *
 * Like every eseal_ctx_add_* function these are not thread-safe; configure the
 * context first, then share it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_TRUST_H
#define ESEAL_TRUST_H

#include "cert.h"
#include "common.h"
#include "context.h"

ESEAL_BEGIN_DECL

/** The roles an anchor can be trusted for (a bit set). */
typedef enum eseal_trust_role {
  /** Issues seal makers' certificates (制章者): the seal.maker_chain check. */
  ESEAL_ROLE_SEAL_MAKER = 0x01,
  /** Issues signers' certificates (签章者): the signer.chain check. */
  ESEAL_ROLE_SIGNER_CA = 0x02,
  /** Issues time-stamping authorities' certificates (RFC 3161). */
  ESEAL_ROLE_TIMESTAMP_AUTHORITY = 0x04,
  /** Issues CRL issuers' and OCSP responders' certificates. */
  ESEAL_ROLE_REVOCATION_RESPONDER = 0x08,
  /** Signs registry acts that need a supervisor (unfreezing a seal). */
  ESEAL_ROLE_REGISTRY_SUPERVISOR = 0x10,
  /** Signs usage-log checkpoints. */
  ESEAL_ROLE_LOG_SIGNER = 0x20,
  /** Signs trust lists. */
  ESEAL_ROLE_TRUST_LIST_OPERATOR = 0x40
} eseal_trust_role;

/** Every role. */
#define ESEAL_ROLES_ALL 0x7fu

/**
 * The roles granted by eseal_ctx_add_trust_path() and eseal_ctx_add_trust_cert(),
 * which predate roles: what a plain anchor has always been trusted for
 * (seal maker, signer CA, timestamp authority, revocation responder). The
 * sensitive roles (supervisor, log signer, trust-list operator) are never
 * granted by default.
 */
#define ESEAL_ROLES_DEFAULT 0x0fu

/** "seal-maker", "signer-ca", "timestamp-authority", "revocation-responder",
 * "registry-supervisor", "log-signer", "trust-list-operator"; NULL for anything
 * but a single known role. */
ESEAL_EXTERN(const char *) eseal_trust_role_name(unsigned int role);

/**
 * Parses a comma-separated list of role names (as eseal_trust_role_name()
 * gives them, or "all") into a bit set. ESEAL_EINVAL names an unknown role.
 */
ESEAL_EXTERN(int) eseal_trust_roles_parse(const char *names, unsigned int *roles);

/**
 * Adds anchors for `roles` from a path: the same inputs as
 * eseal_ctx_add_trust_path(). Adding a certificate again adds its roles.
 */
ESEAL_EXTERN(int) eseal_ctx_add_trust_path_roles(eseal_ctx *ctx, const char *path,
                                                 unsigned int roles);

/** Adds one anchor for `roles` (a CA certificate, or a trusted end-entity certificate). */
ESEAL_EXTERN(int) eseal_ctx_add_trust_cert_roles(eseal_ctx *ctx, const eseal_cert *cert,
                                                 unsigned int roles);

/** The number of anchors trusted for every role in `roles` (0: all anchors). */
ESEAL_EXTERN(size_t) eseal_ctx_trust_count_roles(const eseal_ctx *ctx, unsigned int roles);

/**
 * Notes about the trust configuration, in the order they arose: files skipped
 * in a trust directory, unknown roles ignored in a trust list, a trust list
 * accepted without a signature. Borrowed; NULL past the end.
 */
ESEAL_EXTERN(size_t) eseal_ctx_trust_note_count(const eseal_ctx *ctx);
ESEAL_EXTERN(const char *) eseal_ctx_trust_note(const eseal_ctx *ctx, size_t i);

ESEAL_END_DECL

#endif
