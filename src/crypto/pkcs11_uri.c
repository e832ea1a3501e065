/* Parsing RFC 7512 pkcs11: URIs: path attributes split by ';', query attributes by '&'. */
#include "pkcs11_uri.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <p11-kit/pkcs11.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes [p, p+len) into a new NUL-terminated string. */
static int decode(eseal__p11uri_text *out, const char *name, const char *p, size_t len) {
  if (out->value)
    return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: attribute %s given twice", name);
  if (len > 3 * ESEAL__P11URI_VALUE_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "pkcs11 URI: attribute %s is too long", name);
  char *v = eseal__malloc(len + 1);
  if (v == NULL)
    return eseal__error_oom();
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (p[i] != '%') {
      v[n++] = p[i];
      continue;
    }
    int hi = i + 2 < len ? hex_digit(p[i + 1]) : -1, lo = i + 2 < len ? hex_digit(p[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      eseal__free(v);
      return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: bad percent escape in %s", name);
    }
    v[n++] = (char)(hi << 4 | lo);
    i += 2;
  }
  if (n > ESEAL__P11URI_VALUE_MAX) {
    eseal__free(v);
    return eseal__error_set(ESEAL_ELIMIT, "pkcs11 URI: attribute %s is too long", name);
  }
  v[n] = '\0';
  out->value = v;
  out->len = n;
  return 0;
}

static int parse_type(eseal__p11uri *u, const eseal__p11uri_text *t) {
  static const struct {
    const char *name;
    long cko;
  } types[] = {{"private", CKO_PRIVATE_KEY}, {"public", CKO_PUBLIC_KEY},
               {"cert", CKO_CERTIFICATE},    {"secret-key", CKO_SECRET_KEY},
               {"data", CKO_DATA}};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strlen(types[i].name) == t->len && strcmp(t->value, types[i].name) == 0) {
      u->type = types[i].cko;
      return 0;
    }
  return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: unknown type \"%s\"", t->value);
}

static int parse_slot_id(eseal__p11uri *u, const eseal__p11uri_text *t) {
  unsigned long v = 0;
  if (t->len == 0 || t->len > 19)
    return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: bad slot-id");
  for (size_t i = 0; i < t->len; i++) {
    if (t->value[i] < '0' || t->value[i] > '9')
      return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: bad slot-id");
    v = v * 10 + (unsigned long)(t->value[i] - '0');
  }
  u->has_slot_id = 1;
  u->slot_id = v;
  return 0;
}

/* One name=value pair of the path (`query` 0) or the query (`query` 1). */
static int attribute(eseal__p11uri *u, const char *p, size_t len, int query) {
  const char *eq = memchr(p, '=', len);
  if (eq == NULL)
    return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: attribute without '='");
  size_t nlen = (size_t)(eq - p);
  const char *v = eq + 1;
  size_t vlen = len - nlen - 1;
  const struct {
    const char *name;
    int query;
    eseal__p11uri_text *slot;
  } fields[] = {
      {"token", 0, &u->token},
      {"manufacturer", 0, &u->manufacturer},
      {"serial", 0, &u->serial},
      {"model", 0, &u->model},
      {"library-manufacturer", 0, &u->library_manufacturer},
      {"library-description", 0, &u->library_description},
      {"library-version", 0, &u->library_version},
      {"slot-description", 0, &u->slot_description},
      {"slot-manufacturer", 0, &u->slot_manufacturer},
      {"object", 0, &u->object},
      {"id", 0, &u->id},
      {"pin-value", 1, &u->pin_value},
      {"pin-source", 1, &u->pin_source},
      {"module-name", 1, &u->module_name},
      {"module-path", 1, &u->module_path},
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (fields[i].query == query && strlen(fields[i].name) == nlen &&
        memcmp(fields[i].name, p, nlen) == 0)
      return decode(fields[i].slot, fields[i].name, v, vlen);
  if (!query && nlen == 4 && memcmp(p, "type", 4) == 0) {
    eseal__p11uri_text t = {NULL, 0};
    int rc = decode(&t, "type", v, vlen);
    if (rc == 0)
      rc = u->type != -1 ? eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: type given twice")
                         : parse_type(u, &t);
    eseal__free(t.value);
    return rc;
  }
  if (!query && nlen == 7 && memcmp(p, "slot-id", 7) == 0) {
    eseal__p11uri_text t = {NULL, 0};
    int rc = decode(&t, "slot-id", v, vlen);
    if (rc == 0)
      rc = u->has_slot_id ? eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: slot-id given twice")
                          : parse_slot_id(u, &t);
    eseal__free(t.value);
    return rc;
  }
  if (query)
    return 0;
  return eseal__error_set(ESEAL_EFORMAT, "pkcs11 URI: unknown attribute \"%.*s\"",
                          (int)(nlen < 64 ? nlen : 64), p);
}

/* The attributes of [p, end) separated by `sep`; empty parts are skipped. */
static int attributes(eseal__p11uri *u, const char *p, const char *end, char sep, int query) {
  while (p < end) {
    const char *next = memchr(p, sep, (size_t)(end - p));
    if (next == NULL)
      next = end;
    if (next > p) {
      int rc = attribute(u, p, (size_t)(next - p), query);
      if (rc)
        return rc;
    }
    p = next + 1;
  }
  return 0;
}

int eseal__p11uri_parse(eseal__p11uri *out, const char *uri) {
  memset(out, 0, sizeof *out);
  out->type = -1;
  if (uri == NULL || strncasecmp(uri, "pkcs11:", 7) != 0)
    return eseal__error_set(ESEAL_EFORMAT, "not a pkcs11: URI");
  size_t len = strnlen(uri, ESEAL__P11URI_MAX + 1);
  if (len > ESEAL__P11URI_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "pkcs11 URI longer than %d bytes", ESEAL__P11URI_MAX);
  const char *path = uri + 7, *end = uri + len;
  const char *q = memchr(path, '?', (size_t)(end - path));
  int rc = attributes(out, path, q ? q : end, ';', 0);
  if (rc == 0 && q)
    rc = attributes(out, q + 1, end, '&', 1);
  if (rc)
    eseal__p11uri_clear(out);
  return rc;
}

static void text_clear(eseal__p11uri_text *t, int wipe) {
  if (t->value && wipe)
    OPENSSL_cleanse(t->value, t->len);
  eseal__free(t->value);
  t->value = NULL;
  t->len = 0;
}

void eseal__p11uri_clear(eseal__p11uri *u) {
  if (u == NULL)
    return;
  eseal__p11uri_text *all[] = {&u->token, &u->manufacturer, &u->serial, &u->model,
                               &u->library_manufacturer, &u->library_description,
                               &u->library_version, &u->slot_description, &u->slot_manufacturer,
                               &u->object, &u->id, &u->pin_source, &u->module_name,
                               &u->module_path};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    text_clear(all[i], 0);
  text_clear(&u->pin_value, 1);
  u->has_slot_id = 0;
  u->type = -1;
}

int eseal__p11uri_match_field(const eseal__p11uri_text *attr, const uint8_t *field, size_t size) {
  if (attr->value == NULL)
    return 1;
  if (attr->len > size || memcmp(attr->value, field, attr->len) != 0)
    return 0;
  for (size_t i = attr->len; i < size; i++)
    if (field[i] != ' ')
      return 0;
  return 1;
}
