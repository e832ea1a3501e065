/*
 * GB/T 35275-2017 SignedData: the SignedValue.dat of an OFD Type="Sign"
 * signature, over that signature's Signature.xml (GM/T 0099-2020 7.2.2 b).
 *
 * Attached and detached; the SM2 OIDs (1.2.156.10197.6.1.4.2.x) and the
 * PKCS#7 ones real files also use. The report holds these checks (each id
 * stable, doc/ofd.md "Type=\"Sign\" signatures"):
 *
 *   ofd.sign.format     the DER parsed within the limits below; quirks
 *                       (raw r‖s value, no signed attributes, attached
 *                       content that is the digest of Signature.xml) as warnings
 *   ofd.sign.signer     the SignerInfo's issuerAndSerialNumber (or subject
 *                       key identifier) names a certificate carried in the
 *                       SignedData
 *   ofd.sign.digest     messageDigest (or, without signed attributes, the
 *                       attached content) covers Signature.xml's raw bytes
 *   ofd.sign.signature  the signer's signature over the signed attributes
 *                       (DER, SET OF re-tagged) or, without them, the content
 *   ofd.sign.time       the signingTime attribute, when present, is not after
 *                       the validation time; it is the claimed signing time
 *   ofd.sign.chain      the signer certificate chains to a signer-ca anchor
 *   ofd.sign.role       the signer certificate may sign (not a CA, EKU)
 *   ofd.sign.validity   the signer certificate (and chain) is valid at the
 *                       claimed signing time under the time policy
 *   ofd.sign.revocation the signer's chain is not revoked at the best signature
 *                       time, as signer.revocation (doc/revocation.md)
 *   crypto.policy       algorithms, keys and digests meet the crypto policy
 *                       (the same check as for seals and SES signatures)
 */
#ifndef ESEAL_OFD_SIGNED_DATA_H
#define ESEAL_OFD_SIGNED_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/context.h"
#include "eseal/report.h"
#include "eseal/verify.h"
#include "../cms/signed_data.h"

/* Limits on the input: SignedValue.dat size and element counts. The nesting
 * depth is fixed by the schema: the reader descends only into known fields. */
#define ESEAL_OFD__SIGNED_DATA_MAX_BYTES ESEAL__CMS_MAX_BYTES
#define ESEAL_OFD__SIGNED_DATA_MAX_CERTS ESEAL__CMS_MAX_CERTS
#define ESEAL_OFD__SIGNED_DATA_MAX_ATTRS ESEAL__CMS_MAX_ATTRS

/*
 * Verifies `signed_value` (the bytes of SignedValue.dat) as a SignedData over
 * `signature_xml` (the raw bytes of the same signature's Signature.xml) and
 * gives a report of kind ESEAL_KIND_SIGNATURE with the checks above; input
 * that does not parse gives ofd.sign.format NOT_OK (TOTAL_FAILED /
 * FORMAT_FAILURE). `xml_time`: Signature.xml's SignatureDateTime in UTC
 * (signed, since the SignedData covers Signature.xml), or NULL when absent or
 * unreadable; it is the claimed signing time when the SignedData has no
 * signingTime attribute (else the validation time is). `signature_xml` NULL:
 * ofd.sign.digest is SKIPPED (INDETERMINATE / SIGNED_DATA_NOT_FOUND).
 * `opts` as for eseal_verify() (NULL = defaults; `expect`
 * is ignored). Returns 0 whenever a report was made (the verdict is in it),
 * else ESEAL_EINVAL or ESEAL_ENOMEM.
 */
int eseal_ofd__verify_signed_data(eseal_report **out, const eseal_ctx *ctx,
                                  const uint8_t *signed_value, size_t len,
                                  const uint8_t *signature_xml, size_t xml_len,
                                  const int64_t *xml_time, const eseal_verify_options *opts);

#endif
