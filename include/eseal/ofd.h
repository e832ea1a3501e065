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
 *                       parses (under the XML limits of doc/ofd.md) with its
 *                       elements where GB/T 33190 puts them: no SignedInfo,
 *                       SignedValue, References, Reference, Seal… in a
 *                       foreign namespace, nested elsewhere or repeated
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

/** How eseal_ofd_verify() judges. Start from ESEAL_OFD_VERIFY_OPTIONS_INIT. */
typedef struct eseal_ofd_verify_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /**
   * Options for every signature (NULL: the defaults). Its crypto policy also
   * decides which CheckMethods count; `expect` is ignored.
   */
  const eseal_verify_options *verify;
  /**
   * Verify only the signature with this ID (Signatures.xml's ID attribute);
   * NULL: all. The document checks still look at every signature.
   * `verify->poe_tokens` (options version 4, doc/timestamps.md) are over one
   * signature's SignedValue.dat: with a document of several signatures this
   * must name it (else ESEAL_EINVAL).
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
 * Signatures.xml — a Signature entry in a foreign namespace or nested, or
 * two entries naming one Signature.xml, included —, a refused entry name or
 * a duplicate entry), ESEAL_ELIMIT (a container or XML limit of doc/ofd.md,
 * or the inflation budget: at most 4 times the size of the package's entries
 * plus 16 MiB inflated in one call), ESEAL_EIO, ESEAL_ENOTFOUND
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
 * The report as JSON (doc/schema/eseal-ofd-report.schema.json):
 * {"schema": "eseal-ofd-report/1", "kind": "ofd", "indication", "sub_indication",
 * "document": the document checks, "signatures": [{"id", "type", "path",
 * "report"}]}, each report as eseal_report_to_json() writes it.
 */
ESEAL_EXTERN(int) eseal_ofd_report_to_json(const eseal_ofd_report *report, eseal_buf *out);
/** The report as text for people (UTF-8, lines ending in '\n'). */
ESEAL_EXTERN(int) eseal_ofd_report_to_text(const eseal_ofd_report *report, eseal_buf *out);

ESEAL_END_DECL

/* ---- Stamping an OFD (src/ofd/stamp*.c; doc/ofd.md "Stamping an OFD") ---- */

#include "cert.h"
#include "key.h"
#include "seal.h"

ESEAL_BEGIN_DECL
/** Where the seal's appearance goes. */
typedef enum eseal_ofd_placement {
  /** On page `page`, top-left corner at (x_mm, y_mm) from the page's top-left corner. */
  ESEAL_OFD_PLACE_AT = 1,
  /** Centred on `keyword` where it appears in the pages' text (first or every occurrence). */
  ESEAL_OFD_PLACE_KEYWORD = 2,
  /**
   * A cross-page seal (骑缝章) over pages `page`..`last_page`: each page shows
   * one vertical slice of the seal at its right edge, so that the slices join
   * when the pages are fanned out. One signature, one StampAnnot per page.
   */
  ESEAL_OFD_PLACE_CROSS_PAGE = 3
} eseal_ofd_placement;

/** 2: tsa_url, tsa_policy, tsa_allow_private_targets; 1 is still accepted. */
#define ESEAL_OFD_STAMP_OPTIONS_VERSION 2

/** How eseal_ofd_stamp() places and signs. Start from ESEAL_OFD_STAMP_OPTIONS_INIT. */
typedef struct eseal_ofd_stamp_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  eseal_ofd_placement placement; /**< At a position, on a keyword, or across pages. */
  /** AT: the page (1 = the first). CROSS_PAGE: the first page (0 = the first). */
  unsigned int page;
  /** CROSS_PAGE: the last page (0 = the document's last). */
  unsigned int last_page;
  /** AT: top-left corner in mm. CROSS_PAGE: y_mm is the top of the seal (0 = centred). */
  double x_mm;
  double y_mm; /**< With x_mm: the position (see above). */
  /** Size of the appearance in mm; 0 = the size the seal's picture states. */
  double width_mm;
  double height_mm; /**< With width_mm: the size (see above). */
  /** KEYWORD: UTF-8 text searched in every page's TextObject/TextCode, in page order. */
  const char *keyword;
  /** KEYWORD: 1 = one StampAnnot on every occurrence (at most 256), 0 = the first only. */
  int all_occurrences;
  /**
   * 1: the References also cover Signatures.xml (ofdrw's "complete
   * protection"): no signature can be added to the document afterwards, and
   * eseal_ofd_stamp() refuses to, naming this signature. 0 (the default):
   * Signatures.xml stays uncovered so that later signatures remain possible.
   */
  int cover_signatures;
  /**
   * Version 2. A TSA to timestamp SignedValue.dat's signature value with, as
   * eseal_stamp_options.tsa_url (RFC 3161 over HTTP, the token embedded in
   * the V4 signature; a TSA that fails, or whose token does not verify,
   * fails the stamp and nothing is written); NULL: none.
   */
  const char *tsa_url;
  /** Version 2. The TSA policy OID to ask for; NULL: the TSA's default. */
  const char *tsa_policy;
  /** Version 2. Nonzero: the TSA may be on a loopback or private address (doc/fetcher.md). */
  int tsa_allow_private_targets;
} eseal_ofd_stamp_options;

#define ESEAL_OFD_STAMP_OPTIONS_INIT \
  {ESEAL_OFD_STAMP_OPTIONS_VERSION, ESEAL_OFD_PLACE_AT, 1, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, NULL, 0}

/** Fills `opts` with the defaults; ESEAL_EVERSION for an unknown version. */
ESEAL_EXTERN(int) eseal_ofd_stamp_options_init(eseal_ofd_stamp_options *opts, unsigned int version);

/**
 * Adds a seal signature (Type="Seal") to the OFD package `ofd` and writes the
 * new package into `out`. `ofd` itself is never changed.
 *
 * What is added, beside the document's Signatures.xml (created, and named in
 * OFD.xml's DocBody, when the document has none), in a new Signs/Sign_N/:
 *
 *  - Seal.esl: the seal's bytes;
 *  - Signature.xml: Provider, SignatureMethod 1.2.156.10197.1.501, the time,
 *    References with CheckMethod 1.2.156.10197.1.401 (SM3) over every file
 *    of the package (OFD.xml as updated, the new Seal.esl, earlier
 *    signatures' files) except Signatures.xml unless cover_signatures is set,
 *    the StampAnnots of the placement, and Seal/BaseLoc;
 *  - SignedValue.dat: eseal_stamp() over Signature.xml's bytes, with
 *    propertyInfo = the absolute path of that Signature.xml.
 *
 * Existing XML is extended by inserting bytes, never re-serialised, so
 * earlier signatures that do not cover Signatures.xml stay valid.
 *
 * The appearance is the seal's picture, which OFD readers draw in each
 * StampAnnot's Boundary: it must be PNG or JPEG.
 *
 * Errors (nothing is written on any of them):
 *  - ESEAL_EUNSUPPORTED: the seal's picture is not PNG or JPEG (an SVG
 *    picture needs a PNG rendering first); a package of several documents;
 *  - ESEAL_EINVAL: an earlier signature covers Signatures.xml (the message
 *    names it); a page out of range; a box that does not fit on the page;
 *    a cross-page range of fewer than two pages; a bad keyword;
 *  - ESEAL_ENOTFOUND: the keyword is on no page;
 *  - ESEAL_EFORMAT / ESEAL_ELIMIT: the package (see eseal_ofd_verify's limits);
 *  - every refusal of eseal_stamp() (ESEAL_ENOTBOUND, ESEAL_ESEALTIME,
 *    ESEAL_ECERT, ESEAL_EBADSEAL, ESEAL_ECRYPTO, …).
 */
ESEAL_EXTERN(int) eseal_ofd_stamp_bytes(eseal_buf *out, const eseal_ctx *ctx, const uint8_t *ofd,
                                        size_t len, const eseal_seal *seal, eseal_key *key,
                                        const eseal_cert *signer_cert,
                                        const eseal_ofd_stamp_options *opts);

/**
 * eseal_ofd_stamp_bytes() from the file `in_path` to the file `out_path`
 * (which may be the same path). The output is written to a temporary file
 * in out_path's folder, synced, and renamed over out_path only when
 * complete: any failure leaves no output file and the input untouched.
 * ESEAL_EIO when a file cannot be read or written.
 */
ESEAL_EXTERN(int) eseal_ofd_stamp(const char *out_path, const eseal_ctx *ctx, const char *in_path,
                                  const eseal_seal *seal, eseal_key *key,
                                  const eseal_cert *signer_cert,
                                  const eseal_ofd_stamp_options *opts);

ESEAL_END_DECL

#endif
