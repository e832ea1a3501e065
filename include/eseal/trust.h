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

/* ---- Trust list files (doc/trust-list.md) ---- */

/** The largest trust list file, in bytes. */
#define ESEAL_TRUST_LIST_MAX_SIZE (4u * 1024u * 1024u)
/** The most anchor entries a trust list may hold. */
#define ESEAL_TRUST_LIST_MAX_ANCHORS 1024u
/** The longest line of a trust list, in bytes, without its line end. */
#define ESEAL_TRUST_LIST_MAX_LINE 4096u
/** The longest list name or anchor label, in bytes of UTF-8. */
#define ESEAL_TRUST_LIST_MAX_NAME 128u

/**
 * Loads a trust list (the format of doc/trust-list.md): each entry becomes an
 * anchor for the roles it names, with its trust window, shown in reports as
 * from "trust list <name> #<sequence>".
 *
 * With `operator_cert`, the list must end in a signature that verifies with
 * that certificate's key (SM2-SM3 with ESEAL_SM2_DEFAULT_ID,
 * ECDSA-P256-SHA256 or RSA-SHA256), and the certificate must allow signing
 * and have been valid at the list's issue time. Without it, the list is
 * accepted unsigned: its anchors are marked as from a trust list without a
 * signature (chain checks through them end in a WARNING) and a trust note
 * says so; a signature the list carries is then not checked (also noted).
 *
 * All or nothing: on an error no anchor and no note is added (except on
 * ESEAL_ENOMEM, where part of the list may have been added). Entry roles
 * this library does not know are ignored, each with a trust note; an entry
 * left with no known role is skipped with a note.
 *
 * Rollback across runs is the caller's to prevent: keep the highest sequence
 * number accepted per list name (eseal_trust_list_peek()) and refuse lower.
 *
 * Returns 0; ESEAL_EFORMAT (malformed or truncated; the message names the
 * line); ESEAL_ELIMIT (above a limit above); ESEAL_EUNSUPPORTED (another
 * format version or signature algorithm); ESEAL_ECRYPTO (operator given, and
 * the signature is missing, does not fit the key or does not verify);
 * ESEAL_ECERT (operator certificate unusable); ESEAL_EEXPIRED (the context's
 * clock is past the list's next-update, or more than five minutes before its
 * issue time); ESEAL_EINVAL; ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_ctx_load_trust_list(eseal_ctx *ctx, const uint8_t *data, size_t len,
                                            const eseal_cert *operator_cert);

/** eseal_ctx_load_trust_list() on a file's contents; ESEAL_EIO when it cannot be read. */
ESEAL_EXTERN(int) eseal_ctx_load_trust_list_file(eseal_ctx *ctx, const char *path,
                                                 const eseal_cert *operator_cert);

/**
 * Parses a trust list without loading it or checking its signature or dates,
 * and gives its name (NUL-terminated, into `name` of `name_cap` bytes;
 * ESEAL_TRUST_LIST_MAX_NAME + 1 always suffice) and its sequence number.
 * Either output may be NULL. The same errors as eseal_ctx_load_trust_list()
 * for the list's form; ESEAL_EINVAL when the name does not fit.
 */
ESEAL_EXTERN(int) eseal_trust_list_peek(const uint8_t *data, size_t len, char *name,
                                        size_t name_cap, uint64_t *sequence);

ESEAL_END_DECL

#endif
