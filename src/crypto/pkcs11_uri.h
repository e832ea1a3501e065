/* RFC 7512 pkcs11: URIs, parsed into the attributes the PKCS#11 backend matches on. */
#ifndef ESEAL_CRYPTO_PKCS11_URI_H
#define ESEAL_CRYPTO_PKCS11_URI_H

#include <stddef.h>
#include <stdint.h>

/* Longest URI accepted, and longest decoded attribute value. */
#define ESEAL__P11URI_MAX 4096
#define ESEAL__P11URI_VALUE_MAX 1024

/* Object classes a URI's type= names (values of PKCS#11 CKO_*; -1: absent). */
typedef struct eseal__p11uri_text {
  char *value; /* decoded, NUL-terminated (NULL: attribute absent) */
  size_t len;  /* decoded length (a value may hold NUL bytes) */
} eseal__p11uri_text;

typedef struct eseal__p11uri {
  /* Token and library (path) attributes. */
  eseal__p11uri_text token, manufacturer, serial, model;
  eseal__p11uri_text library_manufacturer, library_description, library_version;
  eseal__p11uri_text slot_description, slot_manufacturer;
  int has_slot_id;
  unsigned long slot_id;
  /* Object attributes. */
  eseal__p11uri_text object, id;
  long type; /* CKO_* value, -1 when absent */
  /* Query attributes. */
  eseal__p11uri_text pin_value, pin_source, module_name, module_path;
} eseal__p11uri;

/*
 * Parses `uri` into `out` (zeroed first). Fails closed: an unknown path
 * attribute, an attribute given twice, a bad percent escape, an unknown
 * type= or a malformed slot-id are errors, since matching without them could
 * select another key. Unknown query attributes are ignored (RFC 7512 §2.4).
 * Returns 0, ESEAL_EFORMAT, ESEAL_ELIMIT or ESEAL_ENOMEM.
 */
int eseal__p11uri_parse(eseal__p11uri *out, const char *uri);

/* Frees what eseal__p11uri_parse() allocated (pin-value wiped); NULL is accepted. */
void eseal__p11uri_clear(eseal__p11uri *uri);

/*
 * 1 when `attr` is absent or equal to the fixed-length, blank-padded PKCS#11
 * field `field` of `size` bytes, 0 otherwise.
 */
int eseal__p11uri_match_field(const eseal__p11uri_text *attr, const uint8_t *field, size_t size);

#endif
