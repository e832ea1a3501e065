/* Parsing SES_Signature: V1 (2 elements, 7-field TBS_Sign) and V4/V5 (4 or 5 elements). */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../core/file.h"
#include "parse.h"

eseal_signature *eseal__signature_new(void) {
  eseal__arena arena = {0};
  eseal_signature *sig = eseal__arena_alloc(&arena, sizeof *sig);
  if (sig)
    sig->arena = arena;
  return sig;
}

ESEAL_EXTERN(void) eseal_signature_free(eseal_signature *sig) {
  if (sig) {
    eseal_seal_free(sig->seal);
    eseal__arena arena = sig->arena;
    eseal__arena_release(&arena);
  }
}

/*
 * Parses the embedded seal; its errors are prefixed with where it sits. Only
 * V1 vendors wrap it in an OCTET STRING (a quirk); GB/T 38540 has the SESeal
 * itself, and a V4/V5 TBS_Sign holding anything else is refused in every mode.
 */
static int parse_embedded_seal(eseal__parser *p, const eseal__tlv *t, int v1,
                               eseal_signature *sig) {
  static const char path[] = "SES_Signature.toSign.eseal";
  eseal__tlv seal_tlv = *t;
  const char *why;
  int rc;
  if (!v1 && t->tag != DER_SEQUENCE)
    return eseal__p_fail(p, t->tlv, path,
                         "expected SESeal, found tag 0x%02x; a V4/V5 signature holds the seal "
                         "itself (an OCTET STRING around it is a V1 variant only)",
                         t->tag);
  if (t->tag == DER_OCTET_STRING) {
    if ((rc = eseal__p_warn(p, "v1.wrapped_seal", t->tlv, path,
                            "the seal is wrapped in an OCTET STRING")))
      return rc;
    if (eseal__der_read(&seal_tlv, t->val, t->val_len, &why) != 0 ||
        seal_tlv.tlv_len != t->val_len)
      return eseal__p_fail(p, t->val, path, "OCTET STRING does not wrap one SESeal");
  } else if ((rc = eseal__p_check_tag(p, t, DER_SEQUENCE, path))) {
    return rc;
  }
  size_t bias = p->bias + (size_t)(seal_tlv.tlv - p->base);
  rc = eseal__seal_parse_embedded(&sig->seal, seal_tlv.tlv, seal_tlv.tlv_len, p->flags, bias,
                                  p->depth);
  if (rc && rc != ESEAL_ENOMEM) {
    char inner[512];
    const eseal_error *e = eseal_error_last();
    snprintf(inner, sizeof inner, "%s", e ? e->message : "malformed");
    return eseal__error_set(rc, "%s > %s", path, inner);
  }
  return rc;
}

/* V1 timeInfo: a DER time TLV, an ASCII date-time, or something undecoded. */
static int decode_v1_time(eseal__parser *p, const eseal__tlv *at, eseal_signature *sig) {
  static const char path[] = "SES_Signature.toSign.timeInfo";
  const char *s = (const char *)sig->time_raw.ptr;
  size_t n = sig->time_raw.len;
  const char *why;
  eseal__tlv inner;
  eseal__time tm;
  int ok = 0;
  if (n > 0 && n <= 80 && eseal__der_read(&inner, sig->time_raw.ptr, n, &why) == 0 &&
      inner.tlv_len == n && (inner.tag == DER_UTC_TIME || inner.tag == DER_GENERALIZED_TIME)) {
    const char *text = (const char *)inner.val;
    ok = (inner.tag == DER_UTC_TIME ? eseal__time_parse_utc(text, inner.val_len, &tm, &why)
                                    : eseal__time_parse_generalized(text, inner.val_len, &tm, &why)) == 0;
    if (ok) {
      sig->time_kind = ESEAL_TIME_DER_TLV;
      s = text;
      n = inner.val_len;
    }
  }
  if (!ok && n > 0 && n <= 64 && eseal__time_parse_text(s, n, &tm, &why) == 0) {
    ok = 1;
    sig->time_kind = tm.no_zone ? ESEAL_TIME_TEXT_LOCAL : ESEAL_TIME_TEXT_ISO8601;
  }
  if (!ok) {
    sig->time_kind = ESEAL_TIME_RAW;
    return eseal__p_warn(p, "v1.time_undecoded", at->tlv, path,
                         "timeInfo holds %zu bytes that are not a known time form", n);
  }
  sig->has_time = 1;
  sig->time_utc = tm.utc;
  if (!(sig->time_text = eseal__arena_dup(p->arena, s, n)))
    return eseal__error_oom();
  if (sig->time_kind == ESEAL_TIME_TEXT_LOCAL)
    return eseal__p_warn(p, "v1.time_no_zone", at->tlv, path,
                         "timeInfo \"%s\" has no zone; read as China Standard Time (UTC+8)",
                         sig->time_text);
  return 0;
}

/* V1 writes timeInfo and dataHash as BIT STRING; a vendor variant uses OCTET STRING. */
static int parse_v1_bits(eseal__parser *p, const eseal__tlv *t, const char *path,
                         eseal__bytes *out) {
  int rc;
  if (t->tag != DER_OCTET_STRING)
    return eseal__p_bits(p, t, path, out);
  if ((rc = eseal__p_warn(p, "v1.octet_string", t->tlv, path,
                          "OCTET STRING where V1 has BIT STRING")))
    return rc;
  out->ptr = t->val;
  out->len = t->val_len;
  return 0;
}

static int parse_tbs_v1(eseal__parser *p, eseal__der_iter *it, eseal_signature *sig) {
  eseal__tlv f;
  int rc;
  if ((rc = eseal__p_next(p, it, "SES_Signature.toSign.timeInfo", &f)) ||
      (rc = parse_v1_bits(p, &f, "SES_Signature.toSign.timeInfo", &sig->time_raw)))
    return rc;
  if (sig->time_raw.len > ESEAL_MAX_TEXT_SIZE)
    return eseal__p_limit(p, "SES_Signature.toSign.timeInfo", "size", ESEAL_MAX_TEXT_SIZE);
  if ((rc = decode_v1_time(p, &f, sig)) ||
      (rc = eseal__p_next(p, it, "SES_Signature.toSign.dataHash", &f)) ||
      (rc = parse_v1_bits(p, &f, "SES_Signature.toSign.dataHash", &sig->data_hash)) ||
      (rc = eseal__p_next(p, it, "SES_Signature.toSign.propertyInfo", &f)) ||
      (rc = eseal__p_text(p, &f, DER_IA5_STRING, "SES_Signature.toSign.propertyInfo",
                          &sig->property_info)) ||
      (rc = eseal__p_next(p, it, "SES_Signature.toSign.cert", &f)) ||
      (rc = eseal__p_octets(p, &f, "SES_Signature.toSign.cert", ESEAL_MAX_CERT_SIZE,
                            &sig->signer_cert)) ||
      (rc = eseal__p_next(p, it, "SES_Signature.toSign.signatureAlgorithm", &f)))
    return rc;
  return eseal__p_oid(p, &f, "SES_Signature.toSign.signatureAlgorithm", &sig->algorithm);
}

static int parse_tbs_v4(eseal__parser *p, eseal__der_iter *it, eseal_signature *sig) {
  eseal__tlv f;
  eseal__date date;
  int rc;
  if ((rc = eseal__p_next(p, it, "SES_Signature.toSign.timeInfo", &f)) ||
      (rc = eseal__p_date(p, &f, DER_GENERALIZED_TIME, "SES_Signature.toSign.timeInfo", &date)))
    return rc;
  sig->time_kind = ESEAL_TIME_GENERALIZED;
  sig->has_time = 1;
  sig->time_utc = date.utc;
  sig->time_text = date.text;
  sig->time_raw.ptr = f.val;
  sig->time_raw.len = f.val_len;
  if ((rc = eseal__p_next(p, it, "SES_Signature.toSign.dataHash", &f)) ||
      (rc = eseal__p_bits(p, &f, "SES_Signature.toSign.dataHash", &sig->data_hash)) ||
      (rc = eseal__p_next(p, it, "SES_Signature.toSign.propertyInfo", &f)) ||
      (rc = eseal__p_text(p, &f, DER_IA5_STRING, "SES_Signature.toSign.propertyInfo",
                          &sig->property_info)))
    return rc;
  if (eseal__der_iter_done(it))
    return 0;
  if ((rc = eseal__p_next(p, it, "SES_Signature.toSign.extDatas", &f)))
    return rc;
  if (!eseal__p_is_extensions(&f) ||
      ((f.tag & 0xe0) == (DER_CONTEXT | DER_CONSTRUCTED) && f.tag != (DER_CONTEXT | DER_CONSTRUCTED)))
    return eseal__p_fail(p, f.tlv, "SES_Signature.toSign.extDatas",
                         "expected [0] ExtensionDatas, found tag 0x%02x", f.tag);
  return eseal__p_extensions(p, &f, ESEAL__EXPLICIT, "SES_Signature.toSign.extDatas",
                             &sig->extensions);
}

static int parse_tbs(eseal__parser *p, const eseal__tlv *tbs, int v1, eseal_signature *sig) {
  static const char path[] = "SES_Signature.toSign";
  eseal__der_iter it;
  eseal__tlv f;
  int rc;
  sig->tbs.ptr = tbs->tlv;
  sig->tbs.len = tbs->tlv_len;
  if ((rc = eseal__p_enter(p, tbs, path, &it)) ||
      (rc = eseal__p_next(p, &it, "SES_Signature.toSign.version", &f)) ||
      (rc = eseal__p_int(p, &f, "SES_Signature.toSign.version", &sig->tbs_version)) ||
      (rc = eseal__p_next(p, &it, "SES_Signature.toSign.eseal", &f)) ||
      (rc = parse_embedded_seal(p, &f, v1, sig)))
    return rc;
  sig->tbs_seal_end = (size_t)(f.tlv + f.tlv_len - tbs->tlv);
  if ((rc = v1 ? parse_tbs_v1(p, &it, sig) : parse_tbs_v4(p, &it, sig)))
    return rc;
  return eseal__p_leave(p, &it, path);
}

/* Names the format and checks that the signature and its seal agree. */
static int settle_format(eseal__parser *p, eseal_signature *sig, int v1) {
  const eseal_seal *seal = sig->seal;
  int rc = 0;
  if (v1) {
    sig->format = ESEAL_FORMAT_V1;
  } else {
    sig->format = seal->format == ESEAL_FORMAT_V5 ? ESEAL_FORMAT_V5 : ESEAL_FORMAT_V4;
  }
  if ((seal->format == ESEAL_FORMAT_V1) != v1)
    rc = eseal__p_warn(p, "version.mixed", sig->tbs.ptr, "SES_Signature",
                       "a %s signature embeds a %s seal", v1 ? "V1" : "V4/V5",
                       eseal_format_name(seal->format));
  if (!rc && !v1 && sig->tbs_version != seal->header_version)
    rc = eseal__p_warn(p, "version.tbs_mismatch", sig->tbs.ptr, "SES_Signature.toSign.version",
                       "TBS_Sign version %lld differs from the seal's header version %lld",
                       (long long)sig->tbs_version, (long long)seal->header_version);
  return rc;
}

/* Appends the embedded seal's warnings after the signature's own. */
static int adopt_seal_warnings(eseal_signature *sig) {
  const eseal_warnings *w = &sig->seal->warnings;
  char path[256];
  for (size_t i = 0; i < w->count; i++) {
    snprintf(path, sizeof path, "SES_Signature.toSign.eseal > %s", w->items[i].path);
    if (eseal__warnings_add(&sig->warnings, &sig->arena, w->items[i].id, path,
                            w->items[i].message))
      return eseal__error_oom();
  }
  return 0;
}

static int parse_signature(eseal_signature *sig, const uint8_t *data, size_t len,
                           unsigned int flags) {
  eseal__parser p = {.flags = flags, .arena = &sig->arena, .warnings = &sig->warnings};
  eseal__tlv top, tbs, f;
  eseal__der_iter it;
  size_t count;
  int rc;
  if ((rc = eseal__p_top(&p, &sig->arena, data, len, "SES_Signature", &top)) ||
      (rc = eseal__p_count(&p, &top, "SES_Signature", &count)))
    return rc;
  if (count != 2 && count != 4 && count != 5)
    return eseal__p_fail(&p, top.tlv, "SES_Signature",
                         "%zu elements; a signature has 2 (V1), 4 or 5 (V4/V5)", count);
  int v1 = count == 2;
  sig->bytes.ptr = top.tlv;
  sig->bytes.len = top.tlv_len;
  if ((rc = eseal__p_enter(&p, &top, "SES_Signature", &it)) ||
      (rc = eseal__p_expect(&p, &it, DER_SEQUENCE, "SES_Signature.toSign", &tbs)) ||
      (rc = parse_tbs(&p, &tbs, v1, sig)))
    return rc;
  if (!v1 && ((rc = eseal__p_next(&p, &it, "SES_Signature.cert", &f)) ||
              (rc = eseal__p_octets(&p, &f, "SES_Signature.cert", ESEAL_MAX_CERT_SIZE,
                                    &sig->signer_cert)) ||
              (rc = eseal__p_next(&p, &it, "SES_Signature.signatureAlgID", &f)) ||
              (rc = eseal__p_oid(&p, &f, "SES_Signature.signatureAlgID", &sig->algorithm))))
    return rc;
  if ((rc = eseal__p_next(&p, &it, "SES_Signature.signature", &f)) ||
      (rc = eseal__p_sigval(&p, &f, sig->algorithm, "SES_Signature.signature", &sig->sigval,
                            &sig->sigval_der, &sig->sigval_encoding)))
    return rc;
  if (count == 5 && ((rc = eseal__p_next(&p, &it, "SES_Signature.timeStamp", &f)) ||
                     (rc = eseal__p_tagged_bits(&p, &f, "SES_Signature.timeStamp",
                                                &sig->timestamp))))
    return rc;
  if ((rc = eseal__p_leave(&p, &it, "SES_Signature")) || (rc = settle_format(&p, sig, v1)))
    return rc;
  return adopt_seal_warnings(sig);
}

ESEAL_EXTERN(int) eseal_signature_parse(eseal_signature **out, const uint8_t *data, size_t len,
                                        const eseal_parse_options *opts) {
  unsigned int flags;
  int rc;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_signature_parse: out is NULL");
  *out = NULL;
  if ((rc = eseal__parse_flags(opts, &flags)))
    return rc;
  eseal_signature *sig = eseal__signature_new();
  if (sig == NULL)
    return eseal__error_oom();
  if ((rc = parse_signature(sig, data, len, flags))) {
    eseal_signature_free(sig);
    return rc;
  }
  *out = sig;
  return 0;
}

ESEAL_EXTERN(int) eseal_signature_parse_file(eseal_signature **out, const char *path,
                                             const eseal_parse_options *opts) {
  eseal_buf buf = ESEAL_BUF_INIT;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_signature_parse_file: out is NULL");
  *out = NULL;
  int rc = eseal__read_file(&buf, path);
  if (rc == 0)
    rc = eseal_signature_parse(out, buf.ptr, buf.size, opts);
  eseal_buf_dispose(&buf);
  return rc;
}
