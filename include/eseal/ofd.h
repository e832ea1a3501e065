/*
 * libeseal — OFD documents (GB/T 33190): verify every signature of a signed
 * package, the files its References protect included (doc/ofd.md).
 *
 * An SES signature covers only its Signature.xml; Signature.xml covers the
 * pages through the digests of its References. So a document is verified
 * here as a whole: each signature through the eseal_verify() pipeline with
 * its Signature.xml's raw bytes as the data, plus these checks, added to that
 * signature's report (stable ids):
 *
 *   ofd.signature_file  BaseLoc names a Signature.xml of the package, and it
 *                       parses (under the XML limits of doc/ofd.md)
 *   ofd.check_method    References/@CheckMethod is SM3 (by OID or name);
 *                       absent: SM3 assumed (WARNING); 1.2.156.10197.1.401.2:
 *                       SM3(Z ‖ file) with the signer's key, as dms360 writes
 *                       it (WARNING); MD5 / SHA-1 only under the legacy crypto
 *                       policy (WARNING), else INDETERMINATE /
 *                       CRYPTO_CONSTRAINTS_FAILURE; anything else likewise
 *   ofd.reference       every Reference: the file exists and its digest equals
 *                       CheckValue (TOTAL_FAILED / HASH_FAILURE otherwise); a
 *                       signature without References fails too
 *   ofd.signed_value    SignedValue names a file of the package
 *   ofd.signature_type  Type is "Seal" (the default) or "Sign"
 *   ofd.seal_file       Seal/BaseLoc's file equals, byte for byte, the seal
 *                       inside the SES signature (INFO without a Seal element)
 *   ofd.property_info   propertyInfo names this Signature.xml (WARNING if not)
 *   ofd.sign.*          Type="Sign": GB/T 35275 SignedData over Signature.xml
 *
 * The document has checks of its own:
 *
 *   ofd.signatures      the document carries at least one signature
 *                       (INDETERMINATE / SIGNED_DATA_NOT_FOUND otherwise)
 *   ofd.modification    no file an earlier signature covers was changed
 *                       afterwards: a later signature may not alter it (a
 *                       signature covering Signatures.xml forbids any later
 *                       one); TOTAL_FAILED / HASH_FAILURE, naming both
 *   ofd.coverage        every file of the package is covered by some
 *                       signature, apart from the signature files themselves;
 *                       an uncovered file readers render (pages, templates,
 *                       annotations, the resources they use) makes the
 *                       document INDETERMINATE / SIGNED_DATA_NOT_FOUND (content
 *                       added after signing), any other uncovered file is a
 *                       WARNING
 *
 * The document indication: TOTAL_FAILED when a signature or a document check
 * failed, else INDETERMINATE when one is indeterminate, else TOTAL_PASSED.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_OFD_H
#define ESEAL_OFD_H

#include "common.h"
#include "context.h"
#include "report.h"
#include "verify.h"

ESEAL_BEGIN_DECL

typedef struct eseal_ofd_report eseal_ofd_report;

#define ESEAL_OFD_VERIFY_OPTIONS_VERSION 1

typedef struct eseal_ofd_verify_options {
  unsigned int version;
  /**
   * Options for every signature (NULL: the defaults). Its crypto policy also
   * decides which CheckMethods count; `expect` is ignored.
   */
  const eseal_verify_options *verify;
  /**
   * Verify only the signature with this ID (Signatures.xml's ID attribute);
   * NULL: all. The document checks still look at every signature.
   */
  const char *signature_id;
} eseal_ofd_verify_options;

#define ESEAL_OFD_VERIFY_OPTIONS_INIT {ESEAL_OFD_VERIFY_OPTIONS_VERSION, NULL, NULL}

/** Fills `opts` with the defaults for the caller's ESEAL_OFD_VERIFY_OPTIONS_VERSION. */
ESEAL_EXTERN(int) eseal_ofd_verify_options_init(eseal_ofd_verify_options *opts,
                                                unsigned int version);

/**
 * Verifies the OFD package at `path`. Returns 0 whenever a report was made,
 * whatever its verdict. A package that cannot be read as an OFD gives an
 * error instead: ESEAL_EFORMAT (not a zip, no OFD.xml, malformed OFD.xml or
 * Signatures.xml, a refused entry name or a duplicate entry), ESEAL_ELIMIT
 * (a container or XML limit of doc/ofd.md), ESEAL_EIO, ESEAL_ENOTFOUND
 * (opts->signature_id names no signature), ESEAL_EINVAL, ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_ofd_verify(eseal_ofd_report **out, const eseal_ctx *ctx, const char *path,
                                   const eseal_ofd_verify_options *opts);

/** The same for a package held in memory (copied). */
ESEAL_EXTERN(int) eseal_ofd_verify_bytes(eseal_ofd_report **out, const eseal_ctx *ctx,
                                         const uint8_t *data, size_t len,
                                         const eseal_ofd_verify_options *opts);

/** 1 when `data` starts like a zip package holding OFD.xml (no limit is checked here). */
ESEAL_EXTERN(int) eseal_ofd_sniff(const uint8_t *data, size_t len);

ESEAL_EXTERN(void) eseal_ofd_report_free(eseal_ofd_report *report);

/** The document indication (see above) and its sub-indication. */
ESEAL_EXTERN(eseal_indication) eseal_ofd_report_indication(const eseal_ofd_report *report);
ESEAL_EXTERN(eseal_sub_indication) eseal_ofd_report_sub_indication(const eseal_ofd_report *report);

/**
 * The document checks (ofd.signatures, ofd.modification, ofd.coverage) as a
 * report of kind ESEAL_KIND_UNKNOWN, read with the eseal_report getters.
 * Borrowed.
 */
ESEAL_EXTERN(const eseal_report *) eseal_ofd_report_document(const eseal_ofd_report *report);

/** @name Signatures, in document order (only the selected one with signature_id) */
/**@{*/
ESEAL_EXTERN(size_t) eseal_ofd_report_signature_count(const eseal_ofd_report *report);
/**
 * Signatures.xml's ID; Type as written ("Seal" when absent); the path of
 * Signature.xml in the package (BaseLoc as written when it does not resolve).
 */
ESEAL_EXTERN(const char *) eseal_ofd_report_signature_id(const eseal_ofd_report *report, size_t i);
ESEAL_EXTERN(const char *) eseal_ofd_report_signature_type(const eseal_ofd_report *report, size_t i);
ESEAL_EXTERN(const char *) eseal_ofd_report_signature_path(const eseal_ofd_report *report, size_t i);
/** The signature's report: the ofd.* checks above and the signature's own. Borrowed. */
ESEAL_EXTERN(const eseal_report *) eseal_ofd_report_signature(const eseal_ofd_report *report,
                                                              size_t i);
/** The index of the signature with `id`, or -1. */
ESEAL_EXTERN(long) eseal_ofd_report_find_signature(const eseal_ofd_report *report, const char *id);
/**@}*/

/**
 * The report as JSON: {"kind": "ofd", "indication", "sub_indication",
 * "document": the document checks, "signatures": [{"id", "type", "path",
 * "report"}]}, each report as eseal_report_to_json() writes it.
 */
ESEAL_EXTERN(int) eseal_ofd_report_to_json(const eseal_ofd_report *report, eseal_buf *out);
/** The report as text for people (UTF-8, lines ending in '\n'). */
ESEAL_EXTERN(int) eseal_ofd_report_to_text(const eseal_ofd_report *report, eseal_buf *out);

ESEAL_END_DECL

#endif
