/* The seal builder's setters: each copies and checks its input. */
#include "seal_builder.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "eseal/errors.h"
#include "../asn1/oid.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/text.h"

ESEAL_EXTERN(int) eseal_seal_builder_new(eseal_seal_builder **out) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_new: NULL argument");
  *out = eseal__calloc(1, sizeof **out);
  if (*out == NULL)
    return eseal__error_oom();
  (*out)->format = ESEAL_FORMAT_V4;
  (*out)->list_type = ESEAL_CERT_LIST_CERTS;
  return eseal_seal_builder_set_vendor(*out, "libeseal");
}

static void extension_release(eseal__builder_extension *e) {
  eseal__free(e->oid);
  eseal__free(e->value);
}

ESEAL_EXTERN(void) eseal_seal_builder_free(eseal_seal_builder *b) {
  if (b == NULL)
    return;
  eseal__free(b->vendor);
  eseal__free(b->esid);
  eseal__free(b->name);
  for (size_t i = 0; i < b->cert_count; i++)
    eseal_cert_free(b->certs[i]);
  eseal__free(b->picture);
  for (size_t i = 0; i < b->extension_count; i++)
    extension_release(&b->extensions[i]);
  eseal__free(b);
}

static char *copy_string(const char *s) {
  size_t n = strlen(s);
  char *c = eseal__malloc(n + 1);
  if (c)
    memcpy(c, s, n + 1);
  return c;
}

/* Replaces *slot with a copy of `s` after checking its length and characters. */
static int set_text(eseal_seal_builder *b, char **slot, const char *what, const char *s,
                    size_t max, int ascii) {
  if (b == NULL || s == NULL)
    return eseal__error_set(ESEAL_EINVAL, "%s: NULL argument", what);
  size_t n = strlen(s);
  if (n == 0 || n > max)
    return eseal__error_set(ESEAL_EINVAL, "%s must be 1..%zu bytes", what, max);
  if (ascii ? !eseal__ascii_only((const uint8_t *)s, n) : !eseal__utf8_valid((const uint8_t *)s, n))
    return eseal__error_set(ESEAL_EINVAL, "%s must be %s", what, ascii ? "ASCII" : "UTF-8");
  char *c = copy_string(s);
  if (c == NULL)
    return eseal__error_oom();
  eseal__free(*slot);
  *slot = c;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_set_format(eseal_seal_builder *b, eseal_format_version format) {
  if (b == NULL || (format != ESEAL_FORMAT_V4 && format != ESEAL_FORMAT_V1))
    return eseal__error_set(ESEAL_EINVAL, "the seal maker writes V4 or V1 seals");
  b->format = format;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_set_vendor(eseal_seal_builder *b, const char *vendor_id) {
  return set_text(b, &b->vendor, "the vendor id", vendor_id, 256, 1);
}

ESEAL_EXTERN(int) eseal_seal_builder_set_esid(eseal_seal_builder *b, const char *esid) {
  return set_text(b, &b->esid, "the esID", esid, 64, 1);
}

ESEAL_EXTERN(int) eseal_seal_builder_set_name(eseal_seal_builder *b, const char *name) {
  return set_text(b, &b->name, "the seal name", name, 1024, 0);
}

ESEAL_EXTERN(int) eseal_seal_builder_set_type(eseal_seal_builder *b, int type) {
  if (b == NULL || type < 1 || type > 255)
    return eseal__error_set(ESEAL_EINVAL, "the seal type must be 1..255");
  b->type = type;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_set_cert_list_type(eseal_seal_builder *b,
                                                        eseal_cert_list_type type) {
  if (b == NULL || (type != ESEAL_CERT_LIST_CERTS && type != ESEAL_CERT_LIST_DIGESTS))
    return eseal__error_set(ESEAL_EINVAL, "certListType must be 1 (certificates) or 2 (digests)");
  b->list_type = type;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_add_signer_cert(eseal_seal_builder *b, const eseal_cert *cert) {
  if (b == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_add_signer_cert: NULL argument");
  if (b->cert_count == ESEAL_MAX_CERTS)
    return eseal__error_set(ESEAL_ELIMIT, "a seal lists at most %u certificates", ESEAL_MAX_CERTS);
  b->certs[b->cert_count++] = eseal_cert_ref(cert);
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_set_dates(eseal_seal_builder *b, int64_t create,
                                               int64_t valid_start, int64_t valid_end) {
  if (b == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_set_dates: NULL builder");
  if (valid_start >= valid_end)
    return eseal__error_set(ESEAL_EINVAL, "the validity window is empty or inverted");
  if (create > valid_end)
    return eseal__error_set(ESEAL_EINVAL, "the creation date lies after the end of validity");
  b->dates[0] = create;
  b->dates[1] = valid_start;
  b->dates[2] = valid_end;
  b->dates_set = 1;
  b->create_set = 1;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_set_validity(eseal_seal_builder *b, int64_t valid_start,
                                                  int64_t valid_end) {
  if (b == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_set_validity: NULL builder");
  if (valid_start >= valid_end)
    return eseal__error_set(ESEAL_EINVAL, "the validity window is empty or inverted");
  b->dates[1] = valid_start;
  b->dates[2] = valid_end;
  b->dates_set = 1;
  b->create_set = 0;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_set_picture(eseal_seal_builder *b, const char *type,
                                                 const uint8_t *data, size_t len,
                                                 unsigned int width_mm, unsigned int height_mm) {
  static const char *const known[] = {"PNG", "GIF", "JPG", "BMP", "SVG", "OFD"};
  if (b == NULL || type == NULL || data == NULL || len == 0)
    return eseal__error_set(ESEAL_EINVAL, "the picture needs a type and bytes");
  const char *canonical = NULL;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcasecmp(type, known[i]) == 0)
      canonical = known[i];
  if (canonical == NULL)
    return eseal__error_set(ESEAL_EINVAL,
                            "unknown picture type \"%s\" (PNG, GIF, JPG, BMP, SVG or OFD)", type);
  if (len > ESEAL_MAX_PICTURE_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "a picture of %zu bytes exceeds the %u-byte limit", len,
                            ESEAL_MAX_PICTURE_SIZE);
  if (width_mm < 1 || width_mm > 1000 || height_mm < 1 || height_mm > 1000)
    return eseal__error_set(ESEAL_EINVAL, "picture width and height must be 1..1000 mm");
  uint8_t *copy = eseal__malloc(len);
  if (copy == NULL)
    return eseal__error_oom();
  memcpy(copy, data, len);
  eseal__free(b->picture);
  b->picture = copy;
  b->picture_len = len;
  strcpy(b->picture_type, canonical);
  b->picture_width = width_mm;
  b->picture_height = height_mm;
  return 0;
}

ESEAL_EXTERN(int) eseal_seal_builder_add_extension(eseal_seal_builder *b, const char *oid,
                                                   int critical, const uint8_t *value, size_t len) {
  if (b == NULL || oid == NULL || (value == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_add_extension: NULL argument");
  if (b->extension_count == ESEAL_MAX_EXTENSIONS)
    return eseal__error_set(ESEAL_ELIMIT, "at most %u extensions", ESEAL_MAX_EXTENSIONS);
  if (len > ESEAL_MAX_TEXT_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "an extension value exceeds %u bytes",
                            ESEAL_MAX_TEXT_SIZE);
  eseal__dbuf check = ESEAL__DBUF_INIT;
  int bad = eseal__oid_put(&check, oid);
  eseal__dbuf_release(&check);
  if (bad)
    return eseal__error_set(ESEAL_EINVAL, "\"%s\" is not a dotted OID", oid);
  eseal__builder_extension *e = &b->extensions[b->extension_count];
  e->oid = copy_string(oid);
  e->value = eseal__malloc(len ? len : 1);
  if (e->oid == NULL || e->value == NULL) {
    extension_release(e);
    return eseal__error_oom();
  }
  if (len)
    memcpy(e->value, value, len);
  e->len = len;
  e->critical = critical != 0;
  b->extension_count++;
  return 0;
}
