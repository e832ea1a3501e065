/*
 * libeseal — the verification report.
 *
 * Modelled on ETSI EN 319 102-1: a main indication, a sub-indication that
 * says why, and the list of checks that led there, each with a stable id.
 * The checks, in the order they appear (not all appear for a seal alone):
 *
 *   format               the input parsed and is the kind expected; quirks are
 *                        listed as warnings
 *   version              TBS version, seal version and structure agree
 *   crypto.policy        algorithms and key sizes meet the crypto policy
 *   extensions           no critical extension the library does not know
 *   signature.time       the claimed signing time is not in the future
 *   signature.value      the signer's signature over the TBS bytes as received
 *   data.hash            dataHash equals the hash of the data given (for a seal
 *                        given data: no signature covers it)
 *   seal.signature       the maker's signature over the seal bytes as received
 *   seal.maker_chain     the maker certificate chains to an anchor with the
 *                        seal-maker role; key usage
 *   seal.maker_role      the maker certificate may act as maker (not a CA,
 *                        extended key usage)
 *   seal.maker_validity  the maker certificate (and chain) is valid at the policy time
 *   seal.validity        the signing time (or, for a seal, the validation time)
 *                        lies within validStart..validEnd
 *   signer.binding       the signer certificate is in the seal's certList
 *   signer.chain         the signer certificate chains to an anchor with the
 *                        signer-ca role; key usage
 *   signer.role          the signer certificate may sign (not a CA, not the
 *                        maker certificate, extended key usage)
 *   signer.validity      the signer certificate is valid at the signing time
 *   timestamp            the V4 timeStamp token: authentic, over the signature
 *                        value, from a TSA trusted for the role; its genTime is
 *                        a proof of existence (doc/timestamps.md)
 *   poe.token            tokens the caller kept over the signature (archives)
 *   signer.revocation    the signer's chain is not revoked at the best signature
 *                        time (doc/revocation.md)
 *   seal.maker_revocation the same for the maker's chain
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_REPORT_H
#define ESEAL_REPORT_H

#include "cert.h"
#include "common.h"
#include "format.h"

ESEAL_BEGIN_DECL

typedef struct eseal_report eseal_report;

typedef enum eseal_indication {
  ESEAL_TOTAL_PASSED = 1,
  ESEAL_TOTAL_FAILED = 2,
  ESEAL_INDETERMINATE = 3
} eseal_indication;

typedef enum eseal_sub_indication {
  ESEAL_SUB_NONE = 0,
  /** Malformed input, or versions that disagree. */
  ESEAL_SUB_FORMAT_FAILURE = 1,
  /** dataHash differs from the hash of the data. */
  ESEAL_SUB_HASH_FAILURE = 2,
  /** A signature value (signer's or maker's) does not verify. */
  ESEAL_SUB_SIG_CRYPTO_FAILURE = 3,
  /** A certificate was revoked before the time that matters. */
  ESEAL_SUB_REVOKED = 4,
  /** A certificate or the seal had expired at the time that matters. */
  ESEAL_SUB_EXPIRED = 5,
  /** A certificate or the seal was not yet valid at the time that matters. */
  ESEAL_SUB_NOT_YET_VALID = 6,
  /** No chain to a trust anchor could be built. */
  ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND = 7,
  /** A chain was built but a constraint failed (key usage, CA flags, bad CA signature). */
  ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE = 8,
  /** The signer is not allowed to use the seal (not in its certList). */
  ESEAL_SUB_SIG_CONSTRAINTS_FAILURE = 9,
  /** The algorithm is not supported, so nothing could be verified. */
  ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE = 10,
  /** No data (nor hash) was given, so dataHash could not be checked. */
  ESEAL_SUB_SIGNED_DATA_NOT_FOUND = 11,
  /** Revocation status was required but no answer could be had. */
  ESEAL_SUB_TRY_LATER = 12,
  /**
   * A certificate or the seal was valid at the claimed time but has expired
   * since, and nothing proves the signature existed before the expiry.
   */
  ESEAL_SUB_OUT_OF_BOUNDS_NO_POE = 13,
  /**
   * The signer's (or maker's) certificate was revoked after the claimed time,
   * and nothing proves the signature existed before the revocation.
   */
  ESEAL_SUB_REVOKED_NO_POE = 14,
  /** The same for a CA certificate of the chain. */
  ESEAL_SUB_REVOKED_CA_NO_POE = 15
} eseal_sub_indication;

typedef enum eseal_check_status {
  ESEAL_CHECK_OK = 1,
  ESEAL_CHECK_NOT_OK = 2,
  /** Passed, with something to know (quirks, an expiry after the signing time…). */
  ESEAL_CHECK_WARNING = 3,
  /** Information only; does not affect the verdict. */
  ESEAL_CHECK_INFO = 4,
  /** Not run: a prerequisite failed or nothing to check against. */
  ESEAL_CHECK_SKIPPED = 5
} eseal_check_status;

typedef enum eseal_report_time {
  /** The time the checks were made at. */
  ESEAL_TIME_VALIDATION = 1,
  /** timeInfo of the signature. */
  ESEAL_TIME_CLAIMED_SIGNING = 2,
  /** The time in a verified timestamp token. */
  ESEAL_TIME_TIMESTAMP = 3,
  /** The earliest time the signature is proven to have existed. */
  ESEAL_TIME_BEST_SIGNATURE = 4
} eseal_report_time;

ESEAL_EXTERN(void) eseal_report_free(eseal_report *report);

ESEAL_EXTERN(eseal_indication) eseal_report_indication(const eseal_report *report);
ESEAL_EXTERN(eseal_sub_indication) eseal_report_sub_indication(const eseal_report *report);
/** "TOTAL_PASSED", … and "FORMAT_FAILURE", … ("" for ESEAL_SUB_NONE). */
ESEAL_EXTERN(const char *) eseal_indication_name(eseal_indication indication);
ESEAL_EXTERN(const char *) eseal_sub_indication_name(eseal_sub_indication sub);
/** "OK", "NOT_OK", "WARNING", "INFO", "SKIPPED". */
ESEAL_EXTERN(const char *) eseal_check_status_name(eseal_check_status status);

/** What was verified: ESEAL_KIND_SEAL or ESEAL_KIND_SIGNATURE. */
ESEAL_EXTERN(eseal_kind) eseal_report_kind(const eseal_report *report);

/** @name Checks, in order */
/**@{*/
ESEAL_EXTERN(size_t) eseal_report_check_count(const eseal_report *report);
ESEAL_EXTERN(const char *) eseal_report_check_id(const eseal_report *report, size_t i);
ESEAL_EXTERN(eseal_check_status) eseal_report_check_status(const eseal_report *report, size_t i);
/**
 * The indication a check leads to: TOTAL_FAILED or INDETERMINATE for a NOT_OK
 * check, or for a SKIPPED one that leaves the result open (data.hash without
 * data); ESEAL_TOTAL_PASSED when the check does not stand in the way.
 */
ESEAL_EXTERN(eseal_indication) eseal_report_check_indication(const eseal_report *report, size_t i);
ESEAL_EXTERN(eseal_sub_indication) eseal_report_check_sub_indication(const eseal_report *report,
                                                                      size_t i);
ESEAL_EXTERN(const char *) eseal_report_check_message(const eseal_report *report, size_t i);
/** The index of the check with `id`, or -1. */
ESEAL_EXTERN(long) eseal_report_find_check(const eseal_report *report, const char *id);
/**@}*/

/** A time of the report; ESEAL_ENOTFOUND when it is not known. */
ESEAL_EXTERN(int) eseal_report_time_get(const eseal_report *report, eseal_report_time which,
                                        int64_t *utc_seconds);

/** The parser's warnings about the input (NULL when it did not parse). */
ESEAL_EXTERN(const eseal_warnings *) eseal_report_warnings(const eseal_report *report);

/** @name Evidence: the certificates the checks used */
/**@{*/
ESEAL_EXTERN(size_t) eseal_report_cert_count(const eseal_report *report);
ESEAL_EXTERN(const eseal_cert *) eseal_report_cert(const eseal_report *report, size_t i);
/** "maker", "maker-chain", "signer", "signer-chain", "tsa", "tsa-chain". */
ESEAL_EXTERN(const char *) eseal_report_cert_role(const eseal_report *report, size_t i);
/**@}*/

/**
 * @name Validation data: the CRLs, OCSP responses and timestamp tokens the
 * checks used, as DER, so that a later verification can run offline with
 * them (eseal_ctx_load_validation_data()). The certificates are above.
 */
/**@{*/
ESEAL_EXTERN(size_t) eseal_report_validation_count(const eseal_report *report);
/** "crl" (one or more DER CRLs one after another), "ocsp" or "timestamp"; NULL out of range. */
ESEAL_EXTERN(const char *) eseal_report_validation_kind(const eseal_report *report, size_t i);
ESEAL_EXTERN(const uint8_t *) eseal_report_validation_der(const eseal_report *report, size_t i,
                                                          size_t *len);
/** What it is about, for people: "signer CN=…", "maker CN=…", "timestamp". */
ESEAL_EXTERN(const char *) eseal_report_validation_about(const eseal_report *report, size_t i);
/**@}*/

/**
 * The value of the "schema" key of the JSON report: the schema's version.
 * doc/schema/eseal-report.schema.json (installed in <datadir>/libeseal/schema)
 * describes the report, with "$id" "urn:libeseal:" followed by this value. A
 * new major number means a key changed meaning or went away; added keys and
 * check ids keep the number.
 */
#define ESEAL_REPORT_SCHEMA "eseal-report/1"

/**
 * The report as JSON (UTF-8, one line): {"schema", "kind", "indication",
 * "sub_indication", "subject", "checks", "times", "warnings", "certificates"}.
 * Every key is always written, null when it has no value (a sub-indication of a
 * passed result, a time not known, a fact not learnt), so readers never test
 * for a key.
 */
ESEAL_EXTERN(int) eseal_report_to_json(const eseal_report *report, eseal_buf *out);
/** The report as text for people (UTF-8, lines ending in '\n'). */
ESEAL_EXTERN(int) eseal_report_to_text(const eseal_report *report, eseal_buf *out);

ESEAL_END_DECL

#endif
