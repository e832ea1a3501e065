/*
 * The SignedData reader. The shape (GB/T 35275-2017 §8, RFC 2315 §9):
 *
 *   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
 *   SignedData  ::= SEQUENCE { version INTEGER, digestAlgorithms SET,
 *                              contentInfo SEQUENCE { type OID,
 *                                                     [0] EXPLICIT OCTET STRING OPTIONAL },
 *                              certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL,
 *                              signerInfos SET }
 *   SignerInfo  ::= SEQUENCE { version INTEGER,
 *                              issuerAndSerialNumber SEQUENCE | [0] IMPLICIT keyIdentifier,
 *                              digestAlgorithm, authenticatedAttributes [0] IMPLICIT OPTIONAL,
 *                              digestEncryptionAlgorithm, encryptedDigest OCTET STRING,
 *                              unauthenticatedAttributes [1] IMPLICIT OPTIONAL }
 *
 * Only known fields are descended into, so the depth is bounded by this shape.
 */
#include "signed_data.h"

#include <stdio.h>
#include <string.h>

#include "../asn1/der.h"
#include "../asn1/timefmt.h"

#define OID_SM2_SIGNED_DATA "1.2.156.10197.6.1.4.2.2"
#define OID_PKCS7_SIGNED_DATA "1.2.840.113549.1.7.2"
#define OID_ATTR_CONTENT_TYPE "1.2.840.113549.1.9.3"
#define OID_ATTR_MESSAGE_DIGEST "1.2.840.113549.1.9.4"
#define OID_ATTR_SIGNING_TIME "1.2.840.113549.1.9.5"
#define OID_ATTR_SIGNING_CERT "1.2.840.113549.1.9.16.2.12"
#define OID_ATTR_SIGNING_CERT_V2 "1.2.840.113549.1.9.16.2.47"

typedef struct reader {
  char *why;
  const char *const *content_types;
  const char *content_name;
} reader;

static int fail(reader *r, const char *what, const char *detail) {
  snprintf(r->why, 256, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
  return -1;
}

/* The next element of `it`, which must carry `tag`. */
static int next(reader *r, eseal__der_iter *it, uint8_t tag, eseal__tlv *t, const char *what) {
  const char *why = NULL;
  if (eseal__der_iter_next(it, t, &why) != 0)
    return fail(r, what, why);
  if (t->tag != tag)
    return fail(r, what, "unexpected tag");
  return 0;
}

/* The next element when it carries `tag`: 1 read, 0 absent (or the end), -1 malformed. */
static int optional(reader *r, eseal__der_iter *it, uint8_t tag, eseal__tlv *t, const char *what) {
  const char *why = NULL;
  int has = eseal__der_iter_optional(it, tag, t, &why);
  return has < 0 ? fail(r, what, why) : has;
}

static int oid_text(reader *r, const eseal__tlv *t, char out[ESEAL__OID_TEXT_CAPACITY],
                    const char *what) {
  const char *why = NULL;
  if (eseal__oid_to_text(t->val, t->val_len, out, ESEAL__OID_TEXT_CAPACITY, &why) != 0)
    return fail(r, what, why);
  return 0;
}

static int next_oid(reader *r, eseal__der_iter *it, char out[ESEAL__OID_TEXT_CAPACITY],
                    const char *what) {
  eseal__tlv t;
  return next(r, it, DER_OID, &t, what) || oid_text(r, &t, out, what) ? -1 : 0;
}

static int done(reader *r, const eseal__der_iter *it, const char *what) {
  return eseal__der_iter_done(it) ? 0 : fail(r, what, "unexpected trailing elements");
}

/* AlgorithmIdentifier: the OID, with NULL or no parameters. */
static int algorithm(reader *r, eseal__der_iter *it, char out[ESEAL__OID_TEXT_CAPACITY],
                     const char *what) {
  eseal__tlv seq, params;
  eseal__der_iter in;
  if (next(r, it, DER_SEQUENCE, &seq, what))
    return -1;
  eseal__der_iter_init(&in, seq.val, seq.val_len);
  if (next_oid(r, &in, out, what))
    return -1;
  int has = optional(r, &in, 0x05, &params, what);
  if (has < 0 || (has == 1 && params.val_len != 0))
    return has < 0 ? -1 : fail(r, what, "parameters other than NULL");
  return done(r, &in, what);
}

/* The single value of an attribute's SET, which must carry `tag`. */
static int single_value(reader *r, const eseal__tlv *set, uint8_t tag, eseal__tlv *value,
                        const char *what) {
  eseal__der_iter in;
  eseal__der_iter_init(&in, set->val, set->val_len);
  if (next(r, &in, tag, value, what))
    return -1;
  return eseal__der_iter_done(&in) ? 0 : fail(r, what, "more than one value");
}

static int signing_time(reader *r, const eseal__tlv *set, eseal__cms_signed_data *out) {
  eseal__der_iter in;
  eseal__tlv t;
  const char *why = NULL;
  eseal__time time;
  eseal__der_iter_init(&in, set->val, set->val_len);
  if (eseal__der_iter_next(&in, &t, &why) != 0)
    return fail(r, "signingTime attribute", why);
  if (!eseal__der_iter_done(&in))
    return fail(r, "signingTime attribute", "more than one value");
  why = "not a UTCTime or GeneralizedTime";
  int rc = -1;
  if (t.tag == DER_UTC_TIME)
    rc = eseal__time_parse_utc((const char *)t.val, t.val_len, &time, &why);
  else if (t.tag == DER_GENERALIZED_TIME)
    rc = eseal__time_parse_generalized((const char *)t.val, t.val_len, &time, &why);
  if (rc != 0)
    return fail(r, "signingTime attribute", why);
  out->signing_time = time.utc;
  out->has_signing_time = 1;
  return 0;
}

/* One signed attribute; the three that matter may appear once each. */
static int attribute(reader *r, const eseal__tlv *attr, eseal__cms_signed_data *out) {
  eseal__der_iter in;
  eseal__tlv set, value;
  char type[ESEAL__OID_TEXT_CAPACITY];
  eseal__der_iter_init(&in, attr->val, attr->val_len);
  if (next_oid(r, &in, type, "attribute type") || next(r, &in, 0x31, &set, "attribute values") ||
      done(r, &in, "attribute"))
    return -1;
  if (strcmp(type, OID_ATTR_MESSAGE_DIGEST) == 0) {
    if (out->has_message_digest)
      return fail(r, "signed attributes", "messageDigest appears twice");
    if (single_value(r, &set, DER_OCTET_STRING, &value, "messageDigest attribute"))
      return -1;
    out->message_digest = (eseal__bytes){value.val, value.val_len};
    out->has_message_digest = 1;
  } else if (strcmp(type, OID_ATTR_CONTENT_TYPE) == 0) {
    if (out->has_attr_content_type)
      return fail(r, "signed attributes", "contentType appears twice");
    if (single_value(r, &set, DER_OID, &value, "contentType attribute") ||
        oid_text(r, &value, out->attr_content_type, "contentType attribute"))
      return -1;
    out->has_attr_content_type = 1;
  } else if (strcmp(type, OID_ATTR_SIGNING_CERT) == 0 ||
             strcmp(type, OID_ATTR_SIGNING_CERT_V2) == 0) {
    int v2 = strcmp(type, OID_ATTR_SIGNING_CERT_V2) == 0;
    eseal__bytes *slot = v2 ? &out->ess_cert_id_v2 : &out->ess_cert_id;
    const char *what = v2 ? "signingCertificateV2 attribute" : "signingCertificate attribute";
    if (slot->ptr)
      return fail(r, what, "appears twice");
    if (single_value(r, &set, DER_SEQUENCE, &value, what))
      return -1;
    *slot = (eseal__bytes){value.tlv, value.tlv_len};
  } else if (strcmp(type, OID_ATTR_SIGNING_TIME) == 0) {
    if (out->has_signing_time)
      return fail(r, "signed attributes", "signingTime appears twice");
    return signing_time(r, &set, out);
  }
  return 0;
}

static int signed_attributes(reader *r, const eseal__tlv *attrs, eseal__cms_signed_data *out) {
  eseal__der_iter in;
  eseal__tlv attr;
  size_t count = 0;
  out->signed_attrs = (eseal__bytes){attrs->tlv, attrs->tlv_len};
  eseal__der_iter_init(&in, attrs->val, attrs->val_len);
  while (!eseal__der_iter_done(&in)) {
    if (++count > ESEAL__CMS_MAX_ATTRS)
      return fail(r, "signed attributes", "more than the limit of 32");
    if (next(r, &in, DER_SEQUENCE, &attr, "signed attribute") || attribute(r, &attr, out))
      return -1;
  }
  if (count == 0)
    return fail(r, "signed attributes", "present but empty");
  if (!out->has_attr_content_type)
    out->quirks |= ESEAL__CMS_NO_CONTENT_TYPE;
  return 0;
}

static int signer_id(reader *r, eseal__der_iter *it, eseal__cms_signed_data *out) {
  eseal__tlv sid, issuer, serial;
  const char *why = NULL;
  if (eseal__der_iter_next(it, &sid, &why) != 0)
    return fail(r, "signer identifier", why);
  if (sid.tag == (DER_CONTEXT | 0)) {
    out->key_id = (eseal__bytes){sid.val, sid.val_len};
    return sid.val_len ? 0 : fail(r, "signer identifier", "empty subjectKeyIdentifier");
  }
  if (sid.tag != DER_SEQUENCE)
    return fail(r, "signer identifier", "neither issuerAndSerialNumber nor a key identifier");
  eseal__der_iter in;
  eseal__der_iter_init(&in, sid.val, sid.val_len);
  if (next(r, &in, DER_SEQUENCE, &issuer, "issuer name") ||
      next(r, &in, DER_INTEGER, &serial, "serial number") ||
      done(r, &in, "issuerAndSerialNumber"))
    return -1;
  out->issuer = (eseal__bytes){issuer.tlv, issuer.tlv_len};
  out->serial = (eseal__bytes){serial.tlv, serial.tlv_len};
  return 0;
}

static int signer_info(reader *r, const eseal__tlv *si, eseal__cms_signed_data *out) {
  eseal__der_iter in;
  eseal__tlv t;
  eseal__der_iter_init(&in, si->val, si->val_len);
  if (next(r, &in, DER_INTEGER, &t, "SignerInfo version") || signer_id(r, &in, out) ||
      algorithm(r, &in, out->digest_oid, "digestAlgorithm"))
    return -1;
  int has = optional(r, &in, DER_CONTEXT | DER_CONSTRUCTED | 0, &t, "signed attributes");
  if (has < 0 || (has == 1 && signed_attributes(r, &t, out)))
    return -1;
  if (algorithm(r, &in, out->signature_oid, "digestEncryptionAlgorithm") ||
      next(r, &in, DER_OCTET_STRING, &t, "encryptedDigest"))
    return -1;
  if (t.val_len == 0)
    return fail(r, "encryptedDigest", "empty");
  out->signature = (eseal__bytes){t.val, t.val_len};
  has = optional(r, &in, DER_CONTEXT | DER_CONSTRUCTED | 1, &t, "unsigned attributes");
  if (has < 0)
    return -1;
  if (has == 1) {
    const char *why = NULL;
    long n = eseal__der_count(t.val, t.val_len, &why);
    if (n < 0)
      return fail(r, "unsigned attributes", why);
    if (n > ESEAL__CMS_MAX_ATTRS)
      return fail(r, "unsigned attributes", "more than the limit of 32");
    out->unsigned_attr_count = (size_t)n;
  }
  return done(r, &in, "SignerInfo");
}

static int certificates(reader *r, const eseal__tlv *set, eseal__cms_signed_data *out) {
  eseal__der_iter in;
  eseal__tlv cert;
  eseal__der_iter_init(&in, set->val, set->val_len);
  while (!eseal__der_iter_done(&in)) {
    if (out->cert_count == ESEAL__CMS_MAX_CERTS)
      return fail(r, "certificates", "more than the limit of 16");
    if (next(r, &in, DER_SEQUENCE, &cert, "certificate"))
      return -1;
    out->certs[out->cert_count++] = (eseal__bytes){cert.tlv, cert.tlv_len};
  }
  return 0;
}

/* EncapsulatedContentInfo: the type, and the content when attached. */
static int encapsulated(reader *r, eseal__der_iter *it, eseal__cms_signed_data *out) {
  eseal__tlv seq, wrap, content;
  eseal__der_iter in, inner;
  if (next(r, it, DER_SEQUENCE, &seq, "contentInfo"))
    return -1;
  eseal__der_iter_init(&in, seq.val, seq.val_len);
  if (next_oid(r, &in, out->content_type, "content type"))
    return -1;
  const char *const *type = r->content_types;
  while (*type && strcmp(out->content_type, *type) != 0)
    type++;
  if (*type == NULL) {
    char detail[80];
    snprintf(detail, sizeof detail, "not %s", r->content_name);
    return fail(r, "content type", detail);
  }
  int has = optional(r, &in, DER_CONTEXT | DER_CONSTRUCTED | 0, &wrap, "content");
  if (has < 0 || done(r, &in, "contentInfo"))
    return -1;
  if (has == 0)
    return 0;
  eseal__der_iter_init(&inner, wrap.val, wrap.val_len);
  if (next(r, &inner, DER_OCTET_STRING, &content, "attached content") ||
      done(r, &inner, "attached content"))
    return -1;
  out->content = (eseal__bytes){content.val, content.val_len};
  return 0;
}

static int signed_data(reader *r, const eseal__tlv *sd, eseal__cms_signed_data *out) {
  eseal__der_iter in;
  eseal__tlv t;
  eseal__der_iter_init(&in, sd->val, sd->val_len);
  if (next(r, &in, DER_INTEGER, &t, "SignedData version") ||
      next(r, &in, 0x31, &t, "digestAlgorithms") || encapsulated(r, &in, out))
    return -1;
  int has = optional(r, &in, DER_CONTEXT | DER_CONSTRUCTED | 0, &t, "certificates");
  if (has < 0 || (has == 1 && certificates(r, &t, out)))
    return -1;
  if (optional(r, &in, DER_CONTEXT | DER_CONSTRUCTED | 1, &t, "crls") < 0 ||
      next(r, &in, 0x31, &t, "signerInfos") || done(r, &in, "SignedData"))
    return -1;
  eseal__der_iter infos;
  eseal__tlv si;
  eseal__der_iter_init(&infos, t.val, t.val_len);
  if (next(r, &infos, DER_SEQUENCE, &si, "SignerInfo"))
    return -1;
  if (!eseal__der_iter_done(&infos))
    return fail(r, "signerInfos", "more than one SignerInfo; one signer is expected");
  return signer_info(r, &si, out);
}

int eseal__cms_signed_data_parse(eseal__cms_signed_data *out, const uint8_t *der, size_t len,
                                 const char *const *content_types, const char *content_name,
                                 char why[256]) {
  reader r = {why, content_types, content_name};
  memset(out, 0, sizeof *out);
  why[0] = 0;
  if (len > ESEAL__CMS_MAX_BYTES)
    return fail(&r, "SignedData", "larger than the limit of 1 MiB");
  eseal__tlv ci, wrap, sd;
  eseal__der_iter top, in, inner;
  char type[ESEAL__OID_TEXT_CAPACITY];
  eseal__der_iter_init(&top, der, len);
  if (next(&r, &top, DER_SEQUENCE, &ci, "ContentInfo"))
    return -1;
  if (!eseal__der_iter_done(&top))
    out->quirks |= ESEAL__CMS_TRAILING_BYTES;
  eseal__der_iter_init(&in, ci.val, ci.val_len);
  if (next_oid(&r, &in, type, "ContentInfo type"))
    return -1;
  if (strcmp(type, OID_SM2_SIGNED_DATA) == 0)
    out->sm2_oids = 1;
  else if (strcmp(type, OID_PKCS7_SIGNED_DATA) != 0)
    return fail(&r, "ContentInfo type", "not signedData");
  if (next(&r, &in, DER_CONTEXT | DER_CONSTRUCTED | 0, &wrap, "ContentInfo content") ||
      done(&r, &in, "ContentInfo"))
    return -1;
  eseal__der_iter_init(&inner, wrap.val, wrap.val_len);
  if (next(&r, &inner, DER_SEQUENCE, &sd, "SignedData") || done(&r, &inner, "SignedData wrapper"))
    return -1;
  return signed_data(&r, &sd, out);
}
