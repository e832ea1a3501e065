#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/oid.h"
#include "../asn1/sigval.h"
#include "../asn1/timefmt.h"
#include "../core/text.h"

#define MESSAGE_CAPACITY 320

static size_t offset_of(const eseal__parser *p, const uint8_t *at) {
  return p->bias + (size_t)(at - p->base);
}

int eseal__p_fail(eseal__parser *p, const uint8_t *at, const char *path, const char *fmt, ...) {
  char msg[MESSAGE_CAPACITY];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return eseal__error_set(ESEAL_EFORMAT, "%s: %s (at byte %zu)", path, msg, offset_of(p, at));
}

int eseal__p_limit(eseal__parser *p, const char *path, const char *what, size_t limit) {
  (void)p;
  return eseal__error_set(ESEAL_ELIMIT, "%s: %s exceeds the limit of %zu", path, what, limit);
}

int eseal__p_warn(eseal__parser *p, const char *id, const uint8_t *at, const char *path,
                  const char *fmt, ...) {
  char msg[MESSAGE_CAPACITY];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if ((p->flags & ESEAL_PARSE_STRICT) && eseal__warning_is_quirk(id))
    return eseal__p_fail(p, at, path, "%s [%s; refused in strict mode]", msg, id);
  char full[MESSAGE_CAPACITY + 32];
  snprintf(full, sizeof full, "%s (at byte %zu)", msg, offset_of(p, at));
  if (eseal__warnings_add(p->warnings, p->arena, id, path, full) != 0)
    return eseal__error_oom();
  return 0;
}

/*
 * Whether `obj` (a whole TLV) parses as a seal or a signature, in the default
 * mode: ESEAL_KIND_SEAL, ESEAL_KIND_SIGNATURE or ESEAL_KIND_UNKNOWN, or
 * ESEAL_ENOMEM. Any other failure, limits included, means "neither".
 */
static int parse_as_object(const eseal__tlv *obj, eseal_kind *kind) {
  eseal_kind guess = eseal__guess_kind(obj->tlv, obj->tlv_len);
  int rc = ESEAL_EFORMAT;
  *kind = ESEAL_KIND_UNKNOWN;
  if (guess == ESEAL_KIND_SEAL) {
    eseal_seal *seal = NULL;
    rc = eseal_seal_parse(&seal, obj->tlv, obj->tlv_len, NULL);
    eseal_seal_free(seal);
  } else if (guess == ESEAL_KIND_SIGNATURE) {
    eseal_signature *sig = NULL;
    rc = eseal_signature_parse(&sig, obj->tlv, obj->tlv_len, NULL);
    eseal_signature_free(sig);
  }
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc == 0)
    *kind = guess;
  return 0;
}

/*
 * No seal or signature the parser accepts is this short: the three dates of
 * its SealInfo alone take 36 bytes, and the smallest whole seal is over 80.
 */
#define MIN_OBJECT_SIZE 64

/*
 * 1 when `t` has the outline of a seal or a signature: not too short, a first
 * element that is a SEQUENCE (see eseal__guess_kind), and 2, 4 or 5 elements.
 * Reads at most six element headers, so it costs the same for any input.
 */
static int object_outline(const eseal__tlv *t) {
  const char *why;
  eseal__der_iter it;
  eseal__tlv e;
  size_t count = 0;
  if (t->tlv_len < MIN_OBJECT_SIZE || eseal__guess_kind(t->tlv, t->tlv_len) == ESEAL_KIND_UNKNOWN)
    return 0;
  eseal__der_iter_init(&it, t->val, t->val_len);
  while (count < 6 && !eseal__der_iter_done(&it)) {
    if (eseal__der_iter_next(&it, &e, &why) != 0)
      return 0;
    count++;
  }
  return eseal__der_iter_done(&it) && (count == 2 || count == 4 || count == 5);
}

/*
 * Bytes after the object are covered by no signature. A seal or signature
 * among them is refused (a second object that another reader may take for
 * the one that was verified); anything else is the der.trailing_bytes quirk.
 * Candidates are complete DER SEQUENCEs with the outline of a seal or a
 * signature, starting after any zero padding or junk; each is parsed once and
 * the search resumes after it, so no trailing byte is parsed twice, the input
 * limits apply unchanged, and at most one parse per 64 trailing bytes runs.
 */
static int check_trailing(eseal__parser *p, const uint8_t *tail, size_t n, const char *what) {
  const char *why;
  size_t zeros = 0;
  while (zeros < n && tail[zeros] == 0)
    zeros++;
  for (size_t pos = zeros; pos < n;) {
    eseal__tlv obj;
    eseal_kind kind;
    if (tail[pos] != DER_SEQUENCE || eseal__der_read(&obj, tail + pos, n - pos, &why) != 0 ||
        !object_outline(&obj)) {
      pos++;
      continue;
    }
    if (parse_as_object(&obj, &kind) != 0)
      return eseal__error_oom();
    if (kind != ESEAL_KIND_UNKNOWN)
      return eseal__p_fail(p, tail + pos, what,
                           "a second seal/signature follows the first: a %s after %zu other "
                           "bytes, and bytes after the object are covered by no signature",
                           kind == ESEAL_KIND_SEAL ? "seal (SESeal)" : "signature (SES_Signature)",
                           pos);
    pos += obj.tlv_len;
  }
  if (zeros == n)
    return eseal__p_warn(p, "der.trailing_bytes", tail, what,
                         "%zu zero bytes follow the DER object and are ignored", n);
  return eseal__p_warn(p, "der.trailing_bytes", tail, what,
                       "%zu bytes follow the DER object and are ignored", n);
}

int eseal__p_top(eseal__parser *p, eseal__arena *arena, const uint8_t *data, size_t len,
                 const char *what, eseal__tlv *top) {
  const char *why;
  if (data == NULL && len != 0)
    return eseal__error_set(ESEAL_EINVAL, "%s: no data", what);
  if (len == 0)
    return eseal__error_set(ESEAL_EFORMAT, "%s: empty input", what);
  if (len > ESEAL_MAX_INPUT_SIZE)
    return eseal__p_limit(p, what, "input size", ESEAL_MAX_INPUT_SIZE);
  const uint8_t *copy = eseal__arena_dup(arena, data, len);
  if (copy == NULL)
    return eseal__error_oom();
  p->base = copy;
  if (copy[0] != DER_SEQUENCE) {
    for (size_t i = 1; i + 1 < len && i < 256; i++)
      if (copy[i] == DER_SEQUENCE && (copy[i + 1] == 0x82 || copy[i + 1] == 0x81))
        return eseal__p_fail(p, copy, what,
                             "does not start with a DER SEQUENCE; a SEQUENCE starts at byte %zu, "
                             "so vendor bytes may precede the object (refused)",
                             i);
    return eseal__p_fail(p, copy, what, "does not start with a DER SEQUENCE (first byte 0x%02x)",
                         copy[0]);
  }
  if (eseal__der_read(top, copy, len, &why) != 0)
    return eseal__p_fail(p, copy, what, "%s", why);
  return top->tlv_len < len ? check_trailing(p, copy + top->tlv_len, len - top->tlv_len, what) : 0;
}

int eseal__p_next(eseal__parser *p, eseal__der_iter *it, const char *path, eseal__tlv *out) {
  const char *why;
  if (eseal__der_iter_next(it, out, &why) != 0)
    return eseal__p_fail(p, it->p + it->pos, path, "%s", why);
  return 0;
}

int eseal__p_check_tag(eseal__parser *p, const eseal__tlv *t, uint8_t tag, const char *path) {
  if (t->tag != tag)
    return eseal__p_fail(p, t->tlv, path, "expected tag 0x%02x, found 0x%02x", tag, t->tag);
  return 0;
}

int eseal__p_expect(eseal__parser *p, eseal__der_iter *it, uint8_t tag, const char *path,
                    eseal__tlv *out) {
  int rc = eseal__p_next(p, it, path, out);
  return rc ? rc : eseal__p_check_tag(p, out, tag, path);
}

int eseal__p_enter(eseal__parser *p, const eseal__tlv *t, const char *path, eseal__der_iter *it) {
  if (!(t->tag & DER_CONSTRUCTED))
    return eseal__p_fail(p, t->tlv, path, "expected a constructed value, found tag 0x%02x",
                         t->tag);
  if (p->depth >= ESEAL_MAX_NESTING)
    return eseal__p_limit(p, path, "nesting depth", ESEAL_MAX_NESTING);
  p->depth++;
  eseal__der_iter_init(it, t->val, t->val_len);
  return 0;
}

int eseal__p_leave(eseal__parser *p, eseal__der_iter *it, const char *path) {
  if (!eseal__der_iter_done(it))
    return eseal__p_fail(p, it->p + it->pos, path, "unexpected extra element");
  p->depth--;
  return 0;
}

int eseal__p_count(eseal__parser *p, const eseal__tlv *t, const char *path, size_t *count) {
  const char *why;
  long n = eseal__der_count(t->val, t->val_len, &why);
  if (n < 0)
    return eseal__p_fail(p, t->val, path, "%s", why);
  *count = (size_t)n;
  return 0;
}

int eseal__p_int(eseal__parser *p, const eseal__tlv *t, const char *path, int64_t *out) {
  const char *why;
  int rc = eseal__p_check_tag(p, t, DER_INTEGER, path);
  if (rc)
    return rc;
  if (eseal__der_int64(t->val, t->val_len, out, &why) != 0)
    return eseal__p_fail(p, t->tlv, path, "%s", why);
  return 0;
}

static const char *string_type_name(uint8_t tag) {
  switch (tag) {
  case DER_IA5_STRING: return "IA5String";
  case DER_UTF8_STRING: return "UTF8String";
  case DER_PRINTABLE_STRING: return "PrintableString";
  default: return "?";
  }
}

int eseal__p_text(eseal__parser *p, const eseal__tlv *t, uint8_t tag, const char *path,
                  char **out) {
  int rc = 0;
  if (t->tag != DER_IA5_STRING && t->tag != DER_UTF8_STRING && t->tag != DER_PRINTABLE_STRING)
    return eseal__p_fail(p, t->tlv, path, "expected %s, found tag 0x%02x", string_type_name(tag),
                         t->tag);
  if (t->val_len > ESEAL_MAX_TEXT_SIZE)
    return eseal__p_limit(p, path, "text size", ESEAL_MAX_TEXT_SIZE);
  if (memchr(t->val, 0, t->val_len) != NULL)
    return eseal__p_fail(p, t->tlv, path, "text contains a NUL byte");
  if (t->tag != tag)
    rc = eseal__p_warn(p, "text.string_type", t->tlv, path, "%s where the format has %s",
                       string_type_name(t->tag), string_type_name(tag));
  if (!rc && t->tag == DER_IA5_STRING && !eseal__ascii_only(t->val, t->val_len))
    rc = eseal__p_warn(p, "text.not_ia5", t->tlv, path, "IA5String holds bytes above 0x7f");
  if (!rc && t->tag == DER_PRINTABLE_STRING && !eseal__printable_only(t->val, t->val_len))
    rc = eseal__p_warn(p, "text.not_printable", t->tlv, path,
                       "PrintableString holds characters outside its set");
  if (!rc && t->tag == DER_UTF8_STRING && !eseal__utf8_valid(t->val, t->val_len))
    rc = eseal__p_warn(p, "text.bad_utf8", t->tlv, path, "UTF8String is not valid UTF-8");
  if (rc)
    return rc;
  *out = eseal__arena_dup(p->arena, t->val, t->val_len);
  return *out ? 0 : eseal__error_oom();
}

int eseal__p_octets(eseal__parser *p, const eseal__tlv *t, const char *path, size_t max,
                    eseal__bytes *out) {
  int rc = eseal__p_check_tag(p, t, DER_OCTET_STRING, path);
  if (rc)
    return rc;
  if (t->val_len > max)
    return eseal__p_limit(p, path, "size", max);
  out->ptr = t->val;
  out->len = t->val_len;
  return 0;
}

int eseal__p_bits(eseal__parser *p, const eseal__tlv *t, const char *path, eseal__bytes *out) {
  int rc = eseal__p_check_tag(p, t, DER_BIT_STRING, path);
  if (rc)
    return rc;
  if (t->val_len == 0)
    return eseal__p_fail(p, t->tlv, path, "BIT STRING without its unused-bits octet");
  if (t->val[0] != 0)
    return eseal__p_fail(p, t->tlv, path, "BIT STRING with %u unused bits", t->val[0]);
  out->ptr = t->val + 1;
  out->len = t->val_len - 1;
  return 0;
}

int eseal__p_oid(eseal__parser *p, const eseal__tlv *t, const char *path, char **out) {
  char text[ESEAL__OID_TEXT_CAPACITY];
  const char *why;
  int rc = eseal__p_check_tag(p, t, DER_OID, path);
  if (rc)
    return rc;
  if (eseal__oid_to_text(t->val, t->val_len, text, sizeof text, &why) != 0)
    return eseal__p_fail(p, t->tlv, path, "%s", why);
  *out = eseal__arena_strdup(p->arena, text);
  return *out ? 0 : eseal__error_oom();
}

int eseal__p_date(eseal__parser *p, const eseal__tlv *t, uint8_t tag, const char *path,
                  eseal__date *out) {
  eseal__time tm;
  const char *why;
  int rc = 0;
  if (t->tag != DER_UTC_TIME && t->tag != DER_GENERALIZED_TIME)
    return eseal__p_fail(p, t->tlv, path, "expected a time, found tag 0x%02x", t->tag);
  if (t->val_len > 64)
    return eseal__p_fail(p, t->tlv, path, "time text too long");
  const char *s = (const char *)t->val;
  if ((t->tag == DER_UTC_TIME ? eseal__time_parse_utc(s, t->val_len, &tm, &why)
                              : eseal__time_parse_generalized(s, t->val_len, &tm, &why)) != 0)
    return eseal__p_fail(p, t->tlv, path, "%s", why);
  if (t->tag != tag)
    rc = eseal__p_warn(p, "time.type", t->tlv, path, "%s where the format has %s",
                       t->tag == DER_UTC_TIME ? "UTCTime" : "GeneralizedTime",
                       tag == DER_UTC_TIME ? "UTCTime" : "GeneralizedTime");
  if (!rc && tm.no_zone)
    rc = eseal__p_warn(p, "time.no_zone", t->tlv, path,
                       "time without a zone, read as China Standard Time (UTC+8)");
  else if (!rc && tm.not_der)
    rc = eseal__p_warn(p, "time.not_der", t->tlv, path,
                       "time not in DER form (zone offset, missing seconds or trailing zeros)");
  if (!rc && tm.fraction)
    rc = eseal__p_warn(p, "time.fraction", t->tlv, path, "fractional seconds are ignored");
  if (rc)
    return rc;
  out->utc = tm.utc;
  out->text = eseal__arena_dup(p->arena, t->val, t->val_len);
  return out->text ? 0 : eseal__error_oom();
}

int eseal__p_is_extensions(const eseal__tlv *t) {
  return t->tag == DER_SEQUENCE || t->tag == DER_OCTET_STRING ||
         (t->tag & 0xe0) == (DER_CONTEXT | DER_CONSTRUCTED);
}

/* Finds the SEQUENCE OF ExtData inside `t` and the form it was written in. */
static int locate_extension_list(eseal__parser *p, const eseal__tlv *t, const char *path,
                                 eseal__tlv *list, eseal__tagging *form) {
  const char *why;
  eseal__tlv inner, first;
  if (t->tag == DER_SEQUENCE) {
    *list = *t;
    *form = ESEAL__UNTAGGED;
    return 0;
  }
  if (t->tag == DER_OCTET_STRING) {
    if (eseal__der_read(&inner, t->val, t->val_len, &why) != 0 || inner.tag != DER_SEQUENCE ||
        inner.tlv_len != t->val_len)
      return eseal__p_fail(p, t->tlv, path, "OCTET STRING does not wrap an ExtensionDatas");
    *list = inner;
    *form = ESEAL__WRAPPED;
    return 0;
  }
  /* [n] constructed. EXPLICIT holds one SEQUENCE OF ExtData, whose elements
   * are SEQUENCEs; IMPLICIT holds the ExtData elements, which start with an OID. */
  if (t->val_len > 0 && eseal__der_read(&inner, t->val, t->val_len, &why) == 0 &&
      inner.tag == DER_SEQUENCE && inner.tlv_len == t->val_len &&
      (inner.val_len == 0 ||
       (eseal__der_read(&first, inner.val, inner.val_len, &why) == 0 && first.tag == DER_SEQUENCE))) {
    *list = inner;
    *form = ESEAL__EXPLICIT;
    return 0;
  }
  *list = *t;
  *form = ESEAL__IMPLICIT;
  return 0;
}

static int parse_ext_data(eseal__parser *p, const eseal__tlv *t, const char *path,
                          eseal__extension *ext) {
  eseal__der_iter it;
  eseal__tlv f;
  int rc = eseal__p_check_tag(p, t, DER_SEQUENCE, path);
  if (!rc)
    rc = eseal__p_enter(p, t, path, &it);
  if (!rc)
    rc = eseal__p_expect(p, &it, DER_OID, path, &f);
  if (!rc)
    rc = eseal__p_oid(p, &f, path, &ext->oid);
  if (!rc)
    rc = eseal__p_next(p, &it, path, &f);
  if (!rc && f.tag == DER_BOOLEAN) {
    if (f.val_len != 1)
      return eseal__p_fail(p, f.tlv, path, "BOOLEAN of %zu bytes", f.val_len);
    ext->critical = f.val[0] != 0;
    if (f.val[0] == 0)
      rc = eseal__p_warn(p, "der.explicit_default", f.tlv, path,
                         "critical FALSE written out although it is the DEFAULT");
    else if (f.val[0] != 0xff)
      rc = eseal__p_warn(p, "der.boolean_value", f.tlv, path, "BOOLEAN TRUE written as 0x%02x",
                         f.val[0]);
    if (!rc)
      rc = eseal__p_next(p, &it, path, &f);
  }
  if (!rc)
    rc = eseal__p_octets(p, &f, path, ESEAL_MAX_INPUT_SIZE, &ext->value);
  if (!rc)
    rc = eseal__p_leave(p, &it, path);
  return rc;
}

int eseal__p_extensions(eseal__parser *p, const eseal__tlv *t, eseal__tagging canonical,
                        const char *path, eseal_extensions **out) {
  eseal__tlv list, item;
  eseal__tagging form;
  eseal__der_iter it;
  size_t count = 0;
  char item_path[160];
  int rc = locate_extension_list(p, t, path, &list, &form);
  if (rc)
    return rc;
  if (form != canonical) {
    static const char *const names[] = {"untagged", "[n] EXPLICIT", "[n] IMPLICIT",
                                        "wrapped in an OCTET STRING"};
    const char *id = form == ESEAL__WRAPPED                ? "extensions.wrapped"
                     : canonical == ESEAL__UNTAGGED        ? "extensions.tagged"
                     : form == ESEAL__IMPLICIT             ? "tagging.implicit"
                                                           : "tagging.untagged";
    rc = eseal__p_warn(p, id, t->tlv, path, "ExtensionDatas written %s instead of %s",
                       names[form], names[canonical]);
    if (rc)
      return rc;
  }
  if ((rc = eseal__p_count(p, &list, path, &count)) != 0)
    return rc;
  if (count > ESEAL_MAX_EXTENSIONS)
    return eseal__p_limit(p, path, "number of extensions", ESEAL_MAX_EXTENSIONS);
  eseal_extensions *ext = eseal__arena_alloc(p->arena, sizeof *ext);
  if (ext == NULL || (count && !(ext->items = eseal__arena_alloc(p->arena, count * sizeof *ext->items))))
    return eseal__error_oom();
  if ((rc = eseal__p_enter(p, &list, path, &it)) != 0)
    return rc;
  for (size_t i = 0; i < count; i++) {
    snprintf(item_path, sizeof item_path, "%s[%zu]", path, i);
    if ((rc = eseal__p_next(p, &it, item_path, &item)) != 0 ||
        (rc = parse_ext_data(p, &item, item_path, &ext->items[i])) != 0)
      return rc;
    ext->count++;
  }
  if ((rc = eseal__p_leave(p, &it, path)) != 0)
    return rc;
  *out = ext;
  return 0;
}

int eseal__p_tagged_bits(eseal__parser *p, const eseal__tlv *t, const char *path,
                         eseal__bytes *out) {
  const char *why;
  eseal__tlv inner;
  if (t->tag == (DER_CONTEXT | DER_CONSTRUCTED)) {
    if (eseal__der_read(&inner, t->val, t->val_len, &why) != 0 || inner.tlv_len != t->val_len)
      return eseal__p_fail(p, t->tlv, path, "[0] must hold exactly one BIT STRING");
    return eseal__p_bits(p, &inner, path, out);
  }
  int rc;
  if (t->tag == DER_CONTEXT) {
    if ((rc = eseal__p_warn(p, "tagging.implicit", t->tlv, path,
                            "[0] IMPLICIT where [0] EXPLICIT is written")) != 0)
      return rc;
    eseal__tlv as_bits = *t;
    as_bits.tag = DER_BIT_STRING;
    return eseal__p_bits(p, &as_bits, path, out);
  }
  if (t->tag == DER_BIT_STRING) {
    if ((rc = eseal__p_warn(p, "tagging.untagged", t->tlv, path,
                            "untagged BIT STRING where [0] EXPLICIT is written")) != 0)
      return rc;
    return eseal__p_bits(p, t, path, out);
  }
  return eseal__p_fail(p, t->tlv, path, "expected [0] BIT STRING, found tag 0x%02x", t->tag);
}

int eseal__p_sigval(eseal__parser *p, const eseal__tlv *t, const char *algorithm,
                    const char *path, eseal__bytes *raw, eseal__bytes *der,
                    eseal_sigval_encoding *encoding) {
  eseal__sigval sv;
  const char *why;
  int rc = eseal__p_bits(p, t, path, raw);
  if (rc)
    return rc;
  if (raw->len == 0)
    return eseal__p_fail(p, t->tlv, path, "empty signature value");
  if (!eseal__oid_is_ec_signature(algorithm)) {
    *der = *raw;
    *encoding = ESEAL_SIGVAL_OPAQUE;
    return 0;
  }
  rc = eseal__sigval_normalise(raw->ptr, raw->len, &sv, &why);
  if (rc == ESEAL_ENOMEM)
    return eseal__error_oom();
  if (rc)
    return eseal__p_fail(p, t->tlv, path, "%s", why);
  *encoding = sv.encoding;
  if (sv.encoding == ESEAL_SIGVAL_DER && !sv.unsigned_integer && !sv.ber_integer) {
    *der = *raw;
  } else {
    der->ptr = eseal__arena_dup(p->arena, sv.der.ptr, sv.der.len);
    der->len = sv.der.len;
  }
  eseal__dbuf_release(&sv.der);
  if (der->ptr == NULL)
    return eseal__error_oom();
  if (sv.encoding == ESEAL_SIGVAL_RAW_RS)
    rc = eseal__p_warn(p, "signature.raw_rs", t->tlv, path,
                       "signature value is raw 64-byte r||s instead of DER SEQUENCE{r, s}");
  else if (sv.encoding == ESEAL_SIGVAL_RAW_RS_PADDED)
    rc = eseal__p_warn(p, "signature.raw_rs_padded", t->tlv, path,
                       "signature value is r||s padded to 128 bytes instead of DER");
  if (!rc && sv.unsigned_integer)
    rc = eseal__p_warn(p, "signature.integer_unsigned", t->tlv, path,
                       "a DER INTEGER of the signature lacks its leading zero; read as unsigned");
  if (!rc && sv.ber_integer)
    rc = eseal__p_warn(p, "signature.integer_ber", t->tlv, path,
                       "an INTEGER of the signature carries a superfluous leading zero byte "
                       "(BER, not DER); read as its value");
  return rc;
}
