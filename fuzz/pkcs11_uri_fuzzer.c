/*
 * RFC 7512 pkcs11: URIs (src/crypto/pkcs11_uri.c): the input is a URI, cut at
 * its first NUL. The parser answers 0, ESEAL_EFORMAT, ESEAL_ELIMIT or
 * ESEAL_ENOMEM with the code in the error slot; an accepted URI has every
 * value NUL-terminated within ESEAL__P11URI_VALUE_MAX bytes, and writing its
 * attributes back fully percent-encoded parses to the same values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/pkcs11_uri.h"
#include "fuzz_common.h"

struct named {
  const char *name;
  eseal__p11uri_text *(*get)(eseal__p11uri *u);
};

#define FIELD(f) \
  static eseal__p11uri_text *get_##f(eseal__p11uri *u) { return &u->f; }
FIELD(token)
FIELD(manufacturer)
FIELD(serial)
FIELD(model)
FIELD(object)
FIELD(id)
FIELD(library_description)
FIELD(pin_value)
FIELD(module_path)

static const struct named path_fields[] = {
    {"token", get_token},   {"manufacturer", get_manufacturer},
    {"serial", get_serial}, {"model", get_model},
    {"object", get_object}, {"id", get_id},
    {"library-description", get_library_description},
};
static const struct named query_fields[] = {{"pin-value", get_pin_value},
                                             {"module-path", get_module_path}};

static char *append(char *p, const char *name, const eseal__p11uri_text *t, char sep) {
  if (t->value == NULL)
    return p;
  p += sprintf(p, "%c%s=", sep, name);
  for (size_t i = 0; i < t->len; i++)
    p += sprintf(p, "%%%02X", (unsigned char)t->value[i]);
  return p;
}

static void check_same(const eseal__p11uri_text *a, const eseal__p11uri_text *b) {
  FUZZ_CHECK((a->value == NULL) == (b->value == NULL));
  if (a->value)
    FUZZ_CHECK(a->len == b->len && memcmp(a->value, b->value, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *uri = malloc(size + 1);
  if (uri == NULL)
    return 0;
  memcpy(uri, data, size);
  uri[size] = '\0';
  eseal__p11uri u;
  eseal_error_clear();
  int rc = eseal__p11uri_parse(&u, uri);
  free(uri);
  if (rc) {
    FUZZ_CHECK(rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ENOMEM);
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == rc);
    return 0;
  }
  /* Every value: bounded, NUL-terminated; then written back and parsed again. */
  size_t cap = 64;
  for (size_t i = 0; i < sizeof path_fields / sizeof path_fields[0]; i++) {
    const eseal__p11uri_text *t = path_fields[i].get(&u);
    FUZZ_CHECK(t->value == NULL || (t->len <= ESEAL__P11URI_VALUE_MAX && t->value[t->len] == 0));
    cap += t->value ? 32 + 3 * t->len : 0;
  }
  for (size_t i = 0; i < sizeof query_fields / sizeof query_fields[0]; i++) {
    const eseal__p11uri_text *t = query_fields[i].get(&u);
    cap += t->value ? 32 + 3 * t->len : 0;
  }
  char *again = malloc(cap);
  if (again) {
    char *p = again + sprintf(again, "pkcs11:");
    for (size_t i = 0; i < sizeof path_fields / sizeof path_fields[0]; i++)
      p = append(p, path_fields[i].name, path_fields[i].get(&u), ';');
    *p++ = '?';
    *p = '\0';
    for (size_t i = 0; i < sizeof query_fields / sizeof query_fields[0]; i++)
      p = append(p, query_fields[i].name, query_fields[i].get(&u), '&');
    eseal__p11uri v;
    int rc2 = eseal__p11uri_parse(&v, again);
    /* The copy may only outgrow the URI length limit. */
    FUZZ_CHECK(rc2 == 0 || rc2 == ESEAL_ELIMIT || rc2 == ESEAL_ENOMEM);
    if (rc2 == 0) {
      for (size_t i = 0; i < sizeof path_fields / sizeof path_fields[0]; i++)
        check_same(path_fields[i].get(&u), path_fields[i].get(&v));
      for (size_t i = 0; i < sizeof query_fields / sizeof query_fields[0]; i++)
        check_same(query_fields[i].get(&u), query_fields[i].get(&v));
      eseal__p11uri_clear(&v);
    }
    free(again);
  }
  eseal__p11uri_clear(&u);
  return 0;
}
