/* Parsing SESeal: V1 (2 elements), V4 (4), V5 (4 with header version 5, or 5 with a timeStamp). */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/file.h"
#include "parse.h"

/* Structural family, before the header version splits V4 from V5. */
typedef enum family { FAMILY_V1, FAMILY_V4 } family;

eseal_seal *eseal__seal_new(void) {
  eseal__arena arena = {0};
  eseal_seal *seal = eseal__arena_alloc(&arena, sizeof *seal);
  if (seal)
    seal->arena = arena;
  return seal;
}

ESEAL_EXTERN(void) eseal_seal_free(eseal_seal *seal) {
  if (seal) {
    eseal__arena arena = seal->arena;
    eseal__arena_release(&arena);
  }
}

static int parse_header(eseal__parser *p, eseal__der_iter *parent, eseal_seal *seal) {
  static const char path[] = "SESeal.eSealInfo.header";
  eseal__tlv t, f;
  eseal__der_iter it;
  int rc;
  if ((rc = eseal__p_expect(p, parent, DER_SEQUENCE, path, &t)) ||
      (rc = eseal__p_enter(p, &t, path, &it)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.header.ID", &f)) ||
      (rc = eseal__p_text(p, &f, DER_IA5_STRING, "SESeal.eSealInfo.header.ID", &seal->header_id)))
    return rc;
  if (strcmp(seal->header_id, "ES") != 0 &&
      (rc = eseal__p_warn(p, "header.id", f.tlv, "SESeal.eSealInfo.header.ID",
                          "header ID is not \"ES\"")))
    return rc;
  if ((rc = eseal__p_next(p, &it, "SESeal.eSealInfo.header.version", &f)) ||
      (rc = eseal__p_int(p, &f, "SESeal.eSealInfo.header.version", &seal->header_version)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.header.Vid", &f)) ||
      (rc = eseal__p_text(p, &f, DER_IA5_STRING, "SESeal.eSealInfo.header.Vid", &seal->vendor_id)))
    return rc;
  return eseal__p_leave(p, &it, path);
}

static int parse_cert_entry(eseal__parser *p, const eseal__tlv *t, const char *path,
                            eseal_seal *seal, eseal__cert_entry *entry) {
  eseal__der_iter it;
  eseal__tlv f;
  int rc;
  switch (seal->cert_list_type) {
  case ESEAL_CERT_LIST_CERTS:
    return eseal__p_octets(p, t, path, ESEAL_MAX_CERT_SIZE, &entry->data);
  case ESEAL_CERT_LIST_IDS: {
    char *id;
    if ((rc = eseal__p_text(p, t, DER_IA5_STRING, path, &id)))
      return rc;
    entry->data.ptr = (const uint8_t *)id;
    entry->data.len = strlen(id);
    return 0;
  }
  case ESEAL_CERT_LIST_DIGESTS:
    if ((rc = eseal__p_check_tag(p, t, DER_SEQUENCE, path)) ||
        (rc = eseal__p_enter(p, t, path, &it)) || (rc = eseal__p_next(p, &it, path, &f)) ||
        (rc = eseal__p_text(p, &f, DER_PRINTABLE_STRING, path, &entry->digest_type)) ||
        (rc = eseal__p_next(p, &it, path, &f)) ||
        (rc = eseal__p_octets(p, &f, path, ESEAL_MAX_CERT_SIZE, &entry->data)))
      return rc;
    return eseal__p_leave(p, &it, path);
  }
  return eseal__p_fail(p, t->tlv, path, "unknown certList type");
}

static int note_duplicates(eseal__parser *p, const eseal_seal *seal, const uint8_t *at) {
  for (size_t i = 0; i < seal->cert_count; i++)
    for (size_t j = i + 1; j < seal->cert_count; j++)
      if (seal->certs[i].data.len == seal->certs[j].data.len &&
          memcmp(seal->certs[i].data.ptr, seal->certs[j].data.ptr, seal->certs[i].data.len) == 0)
        return eseal__p_warn(p, "certlist.duplicate", at, "SESeal.eSealInfo.property.certList",
                             "entries %zu and %zu are identical", i, j);
  return 0;
}

/* The element type of the certList decides the list type for V1 and must agree with certListType for V4. */
static int parse_cert_list(eseal__parser *p, eseal__der_iter *parent, family fam, eseal_seal *seal) {
  static const char path[] = "SESeal.eSealInfo.property.certList";
  eseal__tlv list, item;
  eseal__der_iter it;
  char item_path[96];
  size_t count;
  int rc;
  if ((rc = eseal__p_expect(p, parent, DER_SEQUENCE, path, &list)) ||
      (rc = eseal__p_count(p, &list, path, &count)))
    return rc;
  if (count > ESEAL_MAX_CERTS)
    return eseal__p_limit(p, path, "number of certificates", ESEAL_MAX_CERTS);
  if (count && !(seal->certs = eseal__arena_alloc(p->arena, count * sizeof *seal->certs)))
    return eseal__error_oom();
  if ((rc = eseal__p_enter(p, &list, path, &it)))
    return rc;
  for (size_t i = 0; i < count; i++) {
    snprintf(item_path, sizeof item_path, "%s[%zu]", path, i);
    if ((rc = eseal__p_next(p, &it, item_path, &item)))
      return rc;
    if (fam == FAMILY_V1 && i == 0 && item.tag == DER_IA5_STRING) {
      seal->cert_list_type = ESEAL_CERT_LIST_IDS;
      if ((rc = eseal__p_warn(p, "v1.cert_id", item.tlv, item_path,
                              "certList holds certificate IDs, not certificates")))
        return rc;
    }
    uint8_t want = seal->cert_list_type == ESEAL_CERT_LIST_CERTS     ? DER_OCTET_STRING
                   : seal->cert_list_type == ESEAL_CERT_LIST_DIGESTS ? DER_SEQUENCE
                                                                     : DER_IA5_STRING;
    if (item.tag != want)
      return eseal__p_fail(p, item.tlv, item_path,
                           "element tag 0x%02x disagrees with certList type %d", item.tag,
                           (int)seal->cert_list_type);
    if ((rc = parse_cert_entry(p, &item, item_path, seal, &seal->certs[i])))
      return rc;
    seal->cert_count++;
  }
  if ((rc = eseal__p_leave(p, &it, path)))
    return rc;
  return note_duplicates(p, seal, list.tlv);
}

static int parse_property(eseal__parser *p, eseal__der_iter *parent, family fam, eseal_seal *seal) {
  static const char path[] = "SESeal.eSealInfo.property";
  static const char *const date_paths[] = {"SESeal.eSealInfo.property.createDate",
                                           "SESeal.eSealInfo.property.validStart",
                                           "SESeal.eSealInfo.property.validEnd"};
  eseal__tlv t, f;
  eseal__der_iter it;
  int rc;
  if ((rc = eseal__p_expect(p, parent, DER_SEQUENCE, path, &t)) ||
      (rc = eseal__p_enter(p, &t, path, &it)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.property.type", &f)) ||
      (rc = eseal__p_int(p, &f, "SESeal.eSealInfo.property.type", &seal->type)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.property.name", &f)) ||
      (rc = eseal__p_text(p, &f, DER_UTF8_STRING, "SESeal.eSealInfo.property.name", &seal->name)))
    return rc;
  if (fam == FAMILY_V4) {
    int64_t list_type;
    if ((rc = eseal__p_next(p, &it, "SESeal.eSealInfo.property.certListType", &f)) ||
        (rc = eseal__p_int(p, &f, "SESeal.eSealInfo.property.certListType", &list_type)))
      return rc;
    if (list_type != ESEAL_CERT_LIST_CERTS && list_type != ESEAL_CERT_LIST_DIGESTS)
      return eseal__p_fail(p, f.tlv, "SESeal.eSealInfo.property.certListType",
                           "unknown certListType %lld (1 = certificates, 2 = digests)",
                           (long long)list_type);
    seal->cert_list_type = (eseal_cert_list_type)list_type;
  } else {
    seal->cert_list_type = ESEAL_CERT_LIST_CERTS;
  }
  if ((rc = parse_cert_list(p, &it, fam, seal)))
    return rc;
  uint8_t date_tag = fam == FAMILY_V1 ? DER_UTC_TIME : DER_GENERALIZED_TIME;
  for (int i = 0; i < 3; i++) {
    if ((rc = eseal__p_next(p, &it, date_paths[i], &f)))
      return rc;
    if (fam == FAMILY_V1 && f.tag == DER_GENERALIZED_TIME &&
        (rc = eseal__p_warn(p, "v1.generalized_time", f.tlv, date_paths[i],
                            "GeneralizedTime where V1 has UTCTime")))
      return rc;
    /* The V1 GeneralizedTime variant has its own warning; do not raise time.type too. */
    uint8_t want = fam == FAMILY_V1 && f.tag == DER_GENERALIZED_TIME ? f.tag : date_tag;
    if ((rc = eseal__p_date(p, &f, want, date_paths[i], &seal->dates[i])))
      return rc;
  }
  return eseal__p_leave(p, &it, path);
}

static int check_picture_type(eseal__parser *p, const eseal__tlv *t, const char *type) {
  static const char *const known[] = {"GIF", "BMP", "JPG", "JPEG", "PNG", "SVG", "OFD", "TIF", "TIFF"};
  static const char path[] = "SESeal.eSealInfo.picture.type";
  char upper[8];
  size_t n = strlen(type);
  if (n < sizeof upper) {
    for (size_t i = 0; i <= n; i++)
      upper[i] = (char)(type[i] >= 'a' && type[i] <= 'z' ? type[i] - 32 : type[i]);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
      if (strcmp(upper, known[i]) != 0)
        continue;
      if (strcmp(upper, "OFD") == 0)
        return eseal__p_warn(p, "picture.type_ofd", t->tlv, path,
                             "the picture is an OFD package holding a vector image");
      if (strcmp(upper, type) != 0)
        return eseal__p_warn(p, "picture.type_case", t->tlv, path,
                             "picture type \"%s\" is not upper case", type);
      return 0;
    }
  }
  return eseal__p_warn(p, "picture.type_unknown", t->tlv, path, "unknown picture type");
}

static int parse_picture(eseal__parser *p, eseal__der_iter *parent, eseal_seal *seal) {
  static const char path[] = "SESeal.eSealInfo.picture";
  eseal__tlv t, f;
  eseal__der_iter it;
  int rc;
  if ((rc = eseal__p_expect(p, parent, DER_SEQUENCE, path, &t)) ||
      (rc = eseal__p_enter(p, &t, path, &it)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.picture.type", &f)) ||
      (rc = eseal__p_text(p, &f, DER_IA5_STRING, "SESeal.eSealInfo.picture.type",
                          &seal->picture_type)) ||
      (rc = check_picture_type(p, &f, seal->picture_type)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.picture.data", &f)) ||
      (rc = eseal__p_octets(p, &f, "SESeal.eSealInfo.picture.data", ESEAL_MAX_PICTURE_SIZE,
                            &seal->picture)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.picture.width", &f)) ||
      (rc = eseal__p_int(p, &f, "SESeal.eSealInfo.picture.width", &seal->picture_width)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.picture.height", &f)) ||
      (rc = eseal__p_int(p, &f, "SESeal.eSealInfo.picture.height", &seal->picture_height)))
    return rc;
  return eseal__p_leave(p, &it, path);
}

static int parse_seal_info(eseal__parser *p, const eseal__tlv *info, family fam, eseal_seal *seal) {
  static const char path[] = "SESeal.eSealInfo";
  eseal__der_iter it;
  eseal__tlv f;
  int rc;
  seal->info.ptr = info->tlv;
  seal->info.len = info->tlv_len;
  if ((rc = eseal__p_enter(p, info, path, &it)) || (rc = parse_header(p, &it, seal)) ||
      (rc = eseal__p_next(p, &it, "SESeal.eSealInfo.esID", &f)) ||
      (rc = eseal__p_text(p, &f, DER_IA5_STRING, "SESeal.eSealInfo.esID", &seal->esid)) ||
      (rc = parse_property(p, &it, fam, seal)) || (rc = parse_picture(p, &it, seal)))
    return rc;
  if (!eseal__der_iter_done(&it)) {
    if ((rc = eseal__p_next(p, &it, "SESeal.eSealInfo.extDatas", &f)))
      return rc;
    if (!eseal__p_is_extensions(&f))
      return eseal__p_fail(p, f.tlv, "SESeal.eSealInfo.extDatas",
                           "expected ExtensionDatas, found tag 0x%02x", f.tag);
    if ((rc = eseal__p_extensions(p, &f, ESEAL__UNTAGGED, "SESeal.eSealInfo.extDatas",
                                  &seal->extensions)))
      return rc;
  }
  return eseal__p_leave(p, &it, path);
}

/* V1 signs SEQUENCE { SealInfo, cert, signatureAlgorithm } built from the original TLVs. */
static int build_v1_signed_range(eseal__parser *p, eseal_seal *seal, const eseal__tlv *cert,
                                 const eseal__tlv *alg) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  size_t mark = eseal__der_begin(&b);
  eseal__dbuf_append(&b, seal->info.ptr, seal->info.len);
  eseal__dbuf_append(&b, cert->tlv, cert->tlv_len);
  eseal__dbuf_append(&b, alg->tlv, alg->tlv_len);
  eseal__der_end(&b, mark, DER_SEQUENCE);
  if (!b.failed) {
    seal->signed_range.ptr = eseal__arena_dup(p->arena, b.ptr, b.len);
    seal->signed_range.len = b.len;
  }
  eseal__dbuf_release(&b);
  return seal->signed_range.ptr ? 0 : eseal__error_oom();
}

static int parse_v1_sign_info(eseal__parser *p, eseal__der_iter *parent, eseal_seal *seal) {
  static const char path[] = "SESeal.signInfo";
  eseal__tlv t, cert, alg, sig;
  eseal__der_iter it;
  const char *why;
  int rc;
  if ((rc = eseal__p_next(p, parent, path, &t)))
    return rc;
  if (t.tag == DER_BIT_STRING) {
    /* A vendor variant wraps SES_SignInfo in a BIT STRING. */
    eseal__bytes inner;
    if ((rc = eseal__p_bits(p, &t, path, &inner)) ||
        (rc = eseal__p_warn(p, "v1.wrapped_sign_info", t.tlv, path,
                            "SES_SignInfo is wrapped in a BIT STRING")))
      return rc;
    eseal__tlv unwrapped;
    if (eseal__der_read(&unwrapped, inner.ptr, inner.len, &why) != 0 ||
        unwrapped.tlv_len != inner.len)
      return eseal__p_fail(p, inner.ptr, path, "BIT STRING does not wrap one SES_SignInfo");
    t = unwrapped;
  }
  if ((rc = eseal__p_check_tag(p, &t, DER_SEQUENCE, path)) ||
      (rc = eseal__p_enter(p, &t, path, &it)) ||
      (rc = eseal__p_next(p, &it, "SESeal.signInfo.cert", &cert)) ||
      (rc = eseal__p_octets(p, &cert, "SESeal.signInfo.cert", ESEAL_MAX_CERT_SIZE,
                            &seal->maker_cert)) ||
      (rc = eseal__p_next(p, &it, "SESeal.signInfo.signatureAlgorithm", &alg)) ||
      (rc = eseal__p_oid(p, &alg, "SESeal.signInfo.signatureAlgorithm", &seal->algorithm)) ||
      (rc = eseal__p_next(p, &it, "SESeal.signInfo.signData", &sig)) ||
      (rc = eseal__p_sigval(p, &sig, seal->algorithm, "SESeal.signInfo.signData", &seal->sigval,
                            &seal->sigval_der, &seal->sigval_encoding)) ||
      (rc = eseal__p_leave(p, &it, path)))
    return rc;
  return build_v1_signed_range(p, seal, &cert, &alg);
}

static int parse_v4_signature(eseal__parser *p, eseal__der_iter *it, size_t count, eseal_seal *seal) {
  eseal__tlv f;
  int rc;
  if ((rc = eseal__p_next(p, it, "SESeal.cert", &f)) ||
      (rc = eseal__p_octets(p, &f, "SESeal.cert", ESEAL_MAX_CERT_SIZE, &seal->maker_cert)) ||
      (rc = eseal__p_next(p, it, "SESeal.signAlgID", &f)) ||
      (rc = eseal__p_oid(p, &f, "SESeal.signAlgID", &seal->algorithm)) ||
      (rc = eseal__p_next(p, it, "SESeal.signedValue", &f)) ||
      (rc = eseal__p_sigval(p, &f, seal->algorithm, "SESeal.signedValue", &seal->sigval,
                            &seal->sigval_der, &seal->sigval_encoding)))
    return rc;
  if (count == 5 && ((rc = eseal__p_next(p, it, "SESeal.timeStamp", &f)) ||
                     (rc = eseal__p_tagged_bits(p, &f, "SESeal.timeStamp", &seal->timestamp))))
    return rc;
  seal->signed_range = seal->info;
  return 0;
}

/* Names the format from the structure, then checks the header version against it. */
static int settle_format(eseal__parser *p, eseal_seal *seal, size_t count) {
  int64_t v = seal->header_version;
  const uint8_t *at = seal->info.ptr;
  static const char path[] = "SESeal.eSealInfo.header.version";
  if (count == 2) {
    seal->format = ESEAL_FORMAT_V1;
    if (v != 1 && v != 2 && v != 11)
      return eseal__p_warn(p, "header.version_unusual", at, path,
                           "V1 seal with header version %lld (1, 2 or 11 expected)", (long long)v);
    return 0;
  }
  if (count == 5) {
    seal->format = ESEAL_FORMAT_V5;
    if (v != 5)
      return eseal__p_warn(p, "header.version_mismatch", at, path,
                           "V5 structure (with timeStamp) but header version %lld", (long long)v);
    return 0;
  }
  /* Four elements: V4 and V5 share this layout; the header version tells them apart. */
  seal->format = v == 5 ? ESEAL_FORMAT_V5 : ESEAL_FORMAT_V4;
  if (v != 4 && v != 5)
    return eseal__p_warn(p, "header.version_mismatch", at, path,
                         "V4 structure but header version %lld", (long long)v);
  return 0;
}

static int parse_seal(eseal_seal *seal, const uint8_t *data, size_t len, unsigned int flags,
                      size_t bias, unsigned int depth) {
  eseal__parser p = {.bias = bias, .flags = flags, .arena = &seal->arena,
                     .warnings = &seal->warnings, .depth = depth};
  eseal__tlv top, info;
  eseal__der_iter it;
  size_t count;
  int rc;
  if ((rc = eseal__p_top(&p, &seal->arena, data, len, "SESeal", &top)) ||
      (rc = eseal__p_count(&p, &top, "SESeal", &count)))
    return rc;
  if (count != 2 && count != 4 && count != 5)
    return eseal__p_fail(&p, top.tlv, "SESeal",
                         "%zu elements; a seal has 2 (V1), 4 (V4/V5) or 5 (V5)", count);
  seal->bytes.ptr = top.tlv;
  seal->bytes.len = top.tlv_len;
  family fam = count == 2 ? FAMILY_V1 : FAMILY_V4;
  if ((rc = eseal__p_enter(&p, &top, "SESeal", &it)) ||
      (rc = eseal__p_expect(&p, &it, DER_SEQUENCE, "SESeal.eSealInfo", &info)) ||
      (rc = parse_seal_info(&p, &info, fam, seal)))
    return rc;
  rc = fam == FAMILY_V1 ? parse_v1_sign_info(&p, &it, seal) : parse_v4_signature(&p, &it, count, seal);
  if (rc || (rc = eseal__p_leave(&p, &it, "SESeal")))
    return rc;
  return settle_format(&p, seal, count);
}

static int parse_into_new(eseal_seal **out, const uint8_t *data, size_t len, unsigned int flags,
                          size_t bias, unsigned int depth) {
  eseal_seal *seal = eseal__seal_new();
  if (seal == NULL)
    return eseal__error_oom();
  int rc = parse_seal(seal, data, len, flags, bias, depth);
  if (rc) {
    eseal_seal_free(seal);
    return rc;
  }
  *out = seal;
  return 0;
}

int eseal__seal_parse_embedded(eseal_seal **out, const uint8_t *data, size_t len,
                               unsigned int flags, size_t bias, unsigned int depth) {
  return parse_into_new(out, data, len, flags, bias, depth);
}

ESEAL_EXTERN(int) eseal_seal_parse(eseal_seal **out, const uint8_t *data, size_t len,
                                   const eseal_parse_options *opts) {
  unsigned int flags;
  int rc;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_parse: out is NULL");
  *out = NULL;
  if ((rc = eseal__parse_flags(opts, &flags)))
    return rc;
  return parse_into_new(out, data, len, flags, 0, 0);
}

ESEAL_EXTERN(int) eseal_seal_parse_file(eseal_seal **out, const char *path,
                                        const eseal_parse_options *opts) {
  eseal_buf buf = ESEAL_BUF_INIT;
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_parse_file: out is NULL");
  *out = NULL;
  int rc = eseal__read_file(&buf, path);
  if (rc == 0)
    rc = eseal_seal_parse(out, buf.ptr, buf.size, opts);
  eseal_buf_dispose(&buf);
  return rc;
}
