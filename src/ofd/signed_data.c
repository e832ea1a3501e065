/*
 * Verification of the GB/T 35275 SignedData of an OFD Type="Sign" signature
 * over Signature.xml. The certificate, time and policy checks are the SES
 * path's own (src/verify/steps.h), under ofd.sign.* ids.
 */
#include "signed_data.h"

#include <string.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../asn1/sigval.h"
#include "../cms/signed_data.h"
#include "../core/alloc.h"
#include "../crypto/digest.h"
#include "../verify/primitives.h"
#include "../verify/steps.h"
#include "../x509/cert.h"

/* The digests a SignedData may name, by OID. */
static const struct {
  const char *oid, *name;
} digests[] = {
    {"1.2.156.10197.1.401", "SM3"},
    {"2.16.840.1.101.3.4.2.1", "SHA256"},
    {"1.3.14.3.2.26", "SHA1"},
};

static const char *digest_name(const char *oid) {
  for (size_t i = 0; i < sizeof digests / sizeof digests[0]; i++)
    if (strcmp(oid, digests[i].oid) == 0)
      return digests[i].name;
  return NULL;
}

/*
 * digestEncryptionAlgorithm and digestAlgorithm to the signature algorithm
 * OID libeseal verifies with. A SignerInfo names either the combined
 * algorithm or the bare key algorithm (GB/T 35275 writes SM2-1, 301.1).
 */
static const struct {
  const char *signature, *digest, *algorithm;
} algorithms[] = {
    {"1.2.156.10197.1.501", "SM3", "1.2.156.10197.1.501"},
    {"1.2.156.10197.1.301.1", "SM3", "1.2.156.10197.1.501"},
    {"1.2.156.10197.1.301", "SM3", "1.2.156.10197.1.501"},
    {"1.2.840.10045.4.3.2", "SHA256", "1.2.840.10045.4.3.2"},
    {"1.2.840.10045.2.1", "SHA256", "1.2.840.10045.4.3.2"},
    {"1.2.840.10045.4.1", "SHA1", "1.2.840.10045.4.1"},
    {"1.2.840.10045.2.1", "SHA1", "1.2.840.10045.4.1"},
    {"1.2.840.113549.1.1.11", "SHA256", "1.2.840.113549.1.1.11"},
    {"1.2.840.113549.1.1.1", "SHA256", "1.2.840.113549.1.1.11"},
    {"1.2.840.113549.1.1.5", "SHA1", "1.2.840.113549.1.1.5"},
    {"1.2.840.113549.1.1.1", "SHA1", "1.2.840.113549.1.1.5"},
    {"1.2.156.10197.1.504", "SM3", "1.2.156.10197.1.504"},
    {"1.2.840.113549.1.1.1", "SM3", "1.2.156.10197.1.504"},
};

#define ALG_OK 0
#define ALG_UNKNOWN 1
/* Known signature algorithm with a digestAlgorithm it does not use. */
#define ALG_MISMATCH 2

static int resolve_algorithm(const char *signature, const char *digest, const char **out) {
  int known = 0;
  *out = NULL;
  for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++) {
    if (strcmp(signature, algorithms[i].signature) != 0)
      continue;
    known = 1;
    if (digest && strcmp(digest, algorithms[i].digest) == 0) {
      *out = algorithms[i].algorithm;
      return ALG_OK;
    }
  }
  return known && digest ? ALG_MISMATCH : ALG_UNKNOWN;
}

/* What the verification works with, gathered before the checks are reported. */
typedef struct job {
  eseal__verifier *v;
  eseal__cms_signed_data sd;
  const uint8_t *xml;
  size_t xml_len;
  const EVP_MD *md;
  const char *md_name;
  const char *algorithm; /* signature OID for eseal__check_signed_bytes, or NULL */
  int alg_status;
  eseal__sigval sigval; /* EC signatures: the value as DER */
  const char *sigval_why;
  eseal_cert *signer;
  char signer_why[300];
} job;

static void step_format(job *j) {
  eseal_report *r = j->v->report;
  const eseal__cms_signed_data *sd = &j->sd;
  char quirks[400] = "";
  size_t n = 0;
  if (sd->quirks & ESEAL__CMS_RAW_SIGNATURE)
    n += (size_t)snprintf(quirks + n, sizeof quirks - n, "; quirk: the EC signature value is %s",
                          j->sigval.encoding == ESEAL_SIGVAL_DER ? "DER with loose INTEGERs"
                                                                 : "raw r||s, not DER");
  if (sd->quirks & ESEAL__CMS_NO_CONTENT_TYPE && n < sizeof quirks)
    n += (size_t)snprintf(quirks + n, sizeof quirks - n,
                          "; quirk: the signed attributes carry no contentType");
  if (sd->quirks & ESEAL__CMS_TRAILING_BYTES && n < sizeof quirks)
    snprintf(quirks + n, sizeof quirks - n, "; quirk: bytes follow the ContentInfo");
  if (sd->has_attr_content_type && strcmp(sd->attr_content_type, sd->content_type) != 0) {
    eseal__report_fail(r, "ofd.sign.format", ESEAL_SUB_FORMAT_FAILURE,
                       "the contentType attribute (%s) differs from the content type (%s)",
                       sd->attr_content_type, sd->content_type);
    return;
  }
  eseal_check_status status = ESEAL_CHECK_OK;
  if (sd->quirks)
    status = (j->v->opts.flags & ESEAL_VERIFY_STRICT) ? ESEAL_CHECK_NOT_OK : ESEAL_CHECK_WARNING;
  eseal__report_check(r, "ofd.sign.format", status,
                      status == ESEAL_CHECK_NOT_OK ? ESEAL_TOTAL_FAILED : ESEAL_TOTAL_PASSED,
                      ESEAL_SUB_FORMAT_FAILURE,
                      "a %s SignedData, %s, with %zu certificate(s), %s signed attributes and %zu "
                      "unsigned attribute(s) (not verified)%s%s",
                      sd->sm2_oids ? "GB/T 35275" : "PKCS#7",
                      sd->content.ptr ? "attached" : "detached",
                      sd->cert_count, sd->signed_attrs.ptr ? "with" : "without",
                      sd->unsigned_attr_count, quirks,
                      status == ESEAL_CHECK_NOT_OK ? " (refused in strict mode)" : "");
}

/* Finds the signer certificate among those carried; j->signer stays NULL when none fits. */
static int find_signer(job *j) {
  snprintf(j->signer_why, sizeof j->signer_why, "%s",
           j->sd.cert_count ? "none of the certificates carried" : "the SignedData carries no "
                                                                    "certificate, so none");
  for (size_t i = 0; i < j->sd.cert_count && j->signer == NULL; i++) {
    eseal_cert *c = NULL;
    char why[256];
    int rc = eseal__steps_read_cert_cached(j->v->ctx, j->sd.certs[i].ptr, j->sd.certs[i].len,
                                           &c, why);
    if (rc)
      return rc;
    if (c && eseal__cms_names_signer(&j->sd, c->x509))
      j->signer = c;
    else
      eseal_cert_free(c);
  }
  return 0;
}

static void step_signer(job *j) {
  eseal_report *r = j->v->report;
  if (j->signer) {
    eseal__report_fact(r, "signer", j->signer->subject);
    eseal__report_ok(r, "ofd.sign.signer",
                     "the SignerInfo's %s names the carried certificate %s (serial %s)",
                     j->sd.key_id.ptr ? "subjectKeyIdentifier" : "issuerAndSerialNumber",
                     j->signer->subject, j->signer->serial_hex);
    return;
  }
  eseal__report_check(r, "ofd.sign.signer", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                      ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                      "%s matches the SignerInfo's %s: the signing certificate is unknown",
                      j->signer_why,
                      j->sd.key_id.ptr ? "subjectKeyIdentifier" : "issuerAndSerialNumber");
}

/* What the attached content is: Signature.xml, its digest, or neither. */
#define CONTENT_XML 1
#define CONTENT_DIGEST 2
#define CONTENT_OTHER 3

static int attached_is(const job *j, const uint8_t *xml_digest, size_t digest_len) {
  const eseal__bytes *c = &j->sd.content;
  if (c->len == j->xml_len && memcmp(c->ptr, j->xml, c->len) == 0)
    return CONTENT_XML;
  if (c->len == digest_len && memcmp(c->ptr, xml_digest, digest_len) == 0)
    return CONTENT_DIGEST;
  return CONTENT_OTHER;
}

static void step_digest(job *j) {
  eseal_report *r = j->v->report;
  const eseal__cms_signed_data *sd = &j->sd;
  if (j->md == NULL) {
    eseal__report_check(r, "ofd.sign.digest", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                        "the digest algorithm %s is not supported", sd->digest_oid);
    return;
  }
  if (j->xml == NULL) {
    eseal__report_check(r, "ofd.sign.digest", ESEAL_CHECK_SKIPPED, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIGNED_DATA_NOT_FOUND,
                        "Signature.xml was not given, so what the SignedData covers is unknown");
    return;
  }
  uint8_t xml_digest[ESEAL__DIGEST_MAX], content_digest[ESEAL__DIGEST_MAX];
  size_t xml_len = 0, content_len = 0;
  if (eseal__digest(j->md, j->xml, j->xml_len, xml_digest, &xml_len) != 0) {
    j->v->report->failed = 1;
    return;
  }
  int what = sd->content.ptr ? attached_is(j, xml_digest, xml_len) : CONTENT_XML;
  if (what == CONTENT_OTHER) {
    eseal__report_fail(r, "ofd.sign.digest", ESEAL_SUB_HASH_FAILURE,
                       "the attached content (%zu bytes) is neither Signature.xml nor its %s "
                       "digest: the SignedData signs something else",
                       sd->content.len, j->md_name);
    return;
  }
  const char *covered = !sd->content.ptr          ? "Signature.xml (detached)"
                        : what == CONTENT_XML     ? "the attached content, which is Signature.xml"
                                                  : "the attached content";
  /* A digest as content is sound (the signature covers Signature.xml
   * through it) but not what GM/T 0099 describes: reported, not refused. */
  eseal_check_status status = what == CONTENT_DIGEST ? ESEAL_CHECK_WARNING : ESEAL_CHECK_OK;
  const char *note = what == CONTENT_DIGEST
                         ? "; the attached content is the digest of Signature.xml, not "
                           "Signature.xml itself, as some vendors write it"
                         : "";
  if (!sd->signed_attrs.ptr) {
    eseal__report_check(r, "ofd.sign.digest", status, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "no signed attributes: the signature is directly over %s (see "
                        "ofd.sign.signature)%s",
                        covered, note);
    return;
  }
  if (!sd->has_message_digest) {
    eseal__report_fail(r, "ofd.sign.digest", ESEAL_SUB_FORMAT_FAILURE,
                       "the signed attributes carry no messageDigest, so the signature is not "
                       "tied to any content");
    return;
  }
  const uint8_t *data = sd->content.ptr ? sd->content.ptr : j->xml;
  size_t data_len = sd->content.ptr ? sd->content.len : j->xml_len;
  if (eseal__digest(j->md, data, data_len, content_digest, &content_len) != 0) {
    j->v->report->failed = 1;
    return;
  }
  if (sd->message_digest.len != content_len ||
      memcmp(sd->message_digest.ptr, content_digest, content_len) != 0) {
    eseal__report_fail(r, "ofd.sign.digest", ESEAL_SUB_HASH_FAILURE,
                       "messageDigest (%zu bytes) is not the %s digest of %s: the signed data "
                       "was changed",
                       sd->message_digest.len, j->md_name, covered);
    return;
  }
  eseal__report_check(r, "ofd.sign.digest", status, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                      "messageDigest is the %s digest of %s%s", j->md_name, covered, note);
}

/* The bytes the SignerInfo signature covers; *copy is set when they were built. */
static const uint8_t *signed_message(const job *j, size_t *len, uint8_t **copy) {
  const eseal__cms_signed_data *sd = &j->sd;
  *copy = NULL;
  if (sd->signed_attrs.ptr) {
    *copy = eseal__cms_signed_attrs_message(sd);
    *len = sd->signed_attrs.len;
    return *copy;
  }
  *len = sd->content.ptr ? sd->content.len : j->xml_len;
  return sd->content.ptr ? sd->content.ptr : j->xml;
}

static int step_signature(job *j) {
  eseal_report *r = j->v->report;
  if (j->alg_status != ALG_OK) {
    if (j->alg_status == ALG_MISMATCH)
      eseal__report_fail(r, "ofd.sign.signature", ESEAL_SUB_FORMAT_FAILURE,
                         "the signature algorithm %s does not use the digestAlgorithm %s",
                         j->sd.signature_oid, j->sd.digest_oid);
    else
      eseal__report_check(r, "ofd.sign.signature", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                          ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                          "the signature algorithm %s with digest %s is not supported",
                          j->sd.signature_oid, j->sd.digest_oid);
    return 0;
  }
  if (j->sigval_why) {
    eseal__report_fail(r, "ofd.sign.signature", ESEAL_SUB_FORMAT_FAILURE,
                       "the signature value is malformed: %s", j->sigval_why);
    return 0;
  }
  if (j->signer == NULL || (j->xml == NULL && !j->sd.signed_attrs.ptr && !j->sd.content.ptr)) {
    eseal__report_check(r, "ofd.sign.signature", ESEAL_CHECK_SKIPPED, ESEAL_INDETERMINATE,
                        j->signer ? ESEAL_SUB_SIGNED_DATA_NOT_FOUND
                                  : ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                        "not checked: %s", j->signer ? "Signature.xml was not given"
                                                     : "the signing certificate is unknown");
    return 0;
  }
  size_t len = 0;
  uint8_t *copy = NULL;
  const uint8_t *msg = signed_message(j, &len, &copy);
  if (msg == NULL)
    return ESEAL_ENOMEM;
  const eseal__bytes *value = &j->sd.signature;
  const uint8_t *sig = j->sigval.der.len ? j->sigval.der.ptr : value->ptr;
  size_t sig_len = j->sigval.der.len ? j->sigval.der.len : value->len;
  eseal__check_outcome o;
  int rc = eseal__check_signed_bytes(j->v->ctx, j->signer, j->algorithm, msg, len, sig, sig_len,
                                     &o);
  eseal__free(copy);
  if (rc)
    return rc;
  const char *over = j->sd.signed_attrs.ptr ? "the signed attributes" : "the content";
  if (o.outcome == ESEAL__SIG_VALID)
    eseal__report_ok(r, "ofd.sign.signature", "%s over %s as received", o.detail, over);
  else if (o.outcome == ESEAL__SIG_INVALID)
    eseal__report_fail(r, "ofd.sign.signature", ESEAL_SUB_SIG_CRYPTO_FAILURE,
                       "%s over %s: they were altered, or signed with another key or SM2 ID",
                       o.detail, over);
  else
    eseal__report_check(r, "ofd.sign.signature", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "%s", o.detail);
  eseal__policy_signature(j->v, "the SignedData signature", j->algorithm, j->signer);
  return 0;
}

/* Reads what the checks need; a parse failure is reported and ends the run (returns 1). */
static int prepare(job *j, const uint8_t *der, size_t len) {
  /* What an OFD signature signs is bytes: Signature.xml or its digest. */
  static const char *const data_types[] = {"1.2.156.10197.6.1.4.2.1", "1.2.840.113549.1.7.1",
                                           NULL};
  char why[256];
  if (eseal__cms_signed_data_parse(&j->sd, der, len, data_types, "data", why) != 0) {
    eseal__report_fail(j->v->report, "ofd.sign.format", ESEAL_SUB_FORMAT_FAILURE,
                       "not a well-formed SignedData: %s", why);
    return 1;
  }
  j->md_name = digest_name(j->sd.digest_oid);
  j->md = eseal__digest_by_name(j->md_name);
  j->alg_status = resolve_algorithm(j->sd.signature_oid, j->md_name, &j->algorithm);
  if (j->algorithm && eseal__oid_is_ec_signature(j->algorithm)) {
    const char *bad = NULL;
    int rc = eseal__sigval_normalise(j->sd.signature.ptr, j->sd.signature.len, &j->sigval, &bad);
    if (rc == ESEAL_ENOMEM)
      return rc;
    if (rc)
      j->sigval_why = bad;
    else if (j->sigval.encoding != ESEAL_SIGVAL_DER || j->sigval.unsigned_integer ||
             j->sigval.ber_integer)
      j->sd.quirks |= ESEAL__CMS_RAW_SIGNATURE;
  }
  return find_signer(j);
}

static int run(job *j, const uint8_t *der, size_t len, const int64_t *xml_time) {
  eseal__verifier *v = j->v;
  eseal__report_fact(v->report, "format", "GB/T 35275 SignedData");
  int rc = prepare(j, der, len);
  if (rc == 1)
    return eseal__report_conclude(v->report);
  if (rc)
    return rc;
  int64_t at = v->validation_time;
  const char *at_label = "validation time (no signing time given)";
  if (j->sd.has_signing_time || xml_time) {
    at = j->sd.has_signing_time ? j->sd.signing_time : *xml_time;
    at_label = j->sd.has_signing_time ? "signing time (signingTime attribute)"
                                      : "signing time (SignatureDateTime of Signature.xml)";
    eseal__report_time(v->report, ESEAL_TIME_CLAIMED_SIGNING, at);
  }
  step_format(j);
  step_signer(j);
  step_digest(j);
  if ((rc = step_signature(j)) != 0)
    return rc;
  if (j->sd.has_signing_time || xml_time)
    eseal__step_claimed_time(v, "ofd.sign.time", at);
  if (j->signer) {
    eseal__cert_checks c = {"signer",        ESEAL_ROLE_SIGNER_CA, "ofd.sign.chain",
                            "ofd.sign.role", "ofd.sign.validity",  NULL,
                            0,               NULL,                 NULL};
    if ((rc = eseal__steps_cert(v, j->signer, &c, at, at_label)) != 0)
      return rc;
  }
  if ((rc = eseal__step_revocation(v, j->signer, ESEAL_ROLE_SIGNER_CA, ESEAL_CERT_CLASS_SIGNER,
                                   "ofd.sign.revocation", at, at_label)) != 0)
    return rc;
  eseal__step_crypto_policy(v);
  return eseal__report_conclude(v->report);
}

int eseal_ofd__verify_signed_data(eseal_report **out, const eseal_ctx *ctx,
                                  const uint8_t *signed_value, size_t len,
                                  const uint8_t *signature_xml, size_t xml_len,
                                  const int64_t *xml_time, const eseal_verify_options *opts) {
  if (out == NULL || (signed_value == NULL && len) || (signature_xml == NULL && xml_len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd__verify_signed_data: NULL argument");
  *out = NULL;
  eseal__verifier v;
  int rc = eseal__verifier_start(&v, ctx, opts, ESEAL_KIND_SIGNATURE);
  if (rc)
    return rc;
  job j = {.v = &v, .xml = signature_xml, .xml_len = xml_len};
  rc = run(&j, signed_value, len, xml_time);
  eseal__verifier_end(&v);
  eseal__dbuf_release(&j.sigval.der);
  eseal_cert_free(j.signer);
  if (rc) {
    eseal_report_free(v.report);
    return rc;
  }
  *out = v.report;
  return 0;
}
