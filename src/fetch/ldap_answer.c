/* The value of one attribute out of libcurl's LDAP answer text (ldap_answer.h). */
#include "ldap_answer.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/base64.h"
#include "eseal/errors.h"

static int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char)(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int eseal__ldap_url_attribute(const char *url, char *attr, size_t cap) {
  if (cap == 0)
    return ESEAL_EFORMAT;
  attr[0] = 0;
  const char *q = strchr(url, '?');
  if (q == NULL)
    return 0;
  size_t n = 0;
  for (const char *p = q + 1; *p && *p != '?' && *p != '#' && *p != ','; p++) {
    int c = (unsigned char)*p;
    if (c == '%') {
      int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
      if (lo < 0)
        return ESEAL_EFORMAT;
      c = hi * 16 + lo;
      p += 2;
    }
    if (c < 0x20 || c == 0x7f || n + 1 >= cap)
      return ESEAL_EFORMAT;
    attr[n++] = (char)c;
  }
  attr[n] = 0;
  return 0;
}

static int name_matches(const uint8_t *name, size_t len, const char *attr) {
  if (attr[0] == 0)
    return 1;
  if (strlen(attr) != len)
    return 0;
  for (size_t i = 0; i < len; i++) {
    uint8_t a = name[i], b = (uint8_t)attr[i];
    if (a >= 'A' && a <= 'Z')
      a = (uint8_t)(a + 32);
    if (b >= 'A' && b <= 'Z')
      b = (uint8_t)(b + 32);
    if (a != b)
      return 0;
  }
  return 1;
}

static int fail(char *why, size_t why_cap, int code, const char *reason) {
  if (why != NULL && why_cap > 0)
    snprintf(why, why_cap, "LDAP answer: %s", reason);
  return code;
}

int eseal__ldap_answer_value(const uint8_t *text, size_t len, const char *attr, size_t max_bytes,
                             eseal_buf *out, char *why, size_t why_cap) {
  const uint8_t *end = text + len;
  if (len < 4 || memcmp(text, "DN: ", 4) != 0)
    return fail(why, why_cap, ESEAL_EFORMAT, "no entry (it does not start with \"DN: \")");
  const uint8_t *line = memchr(text, '\n', len);
  while (line != NULL && ++line < end && *line == '\t') {
    const uint8_t *eol = memchr(line, '\n', (size_t)(end - line));
    if (eol == NULL)
      return fail(why, why_cap, ESEAL_EFORMAT, "unterminated attribute line");
    const uint8_t *name = line + 1;
    const uint8_t *colon = memchr(name, ':', (size_t)(eol - name));
    if (colon == NULL || colon == name)
      return fail(why, why_cap, ESEAL_EFORMAT, "attribute line without a name and ':'");
    if (!name_matches(name, (size_t)(colon - name), attr)) {
      line = eol;
      continue;
    }
    int base64 = colon + 1 < eol && colon[1] == ':';
    const uint8_t *value = colon + (base64 ? 2 : 1);
    if (value < eol && *value == ' ')
      value++;
    size_t value_len = (size_t)(eol - value);
    size_t room = base64 ? value_len / 4 * 3 : value_len;
    if ((base64 ? room - (room > 2 ? 2 : room) : room) > max_bytes)
      return fail(why, why_cap, ESEAL_ELIMIT, "value over the size cap");
    uint8_t *bytes = eseal__malloc(room + 1);
    if (bytes == NULL)
      return ESEAL_ENOMEM;
    size_t n = value_len;
    if (base64) {
      /* An empty value is empty base64; anything else decodes to at least a byte. */
      if (value_len % 4 != 0 ||
          (value_len && eseal__base64_decode_into((const char *)value, value_len,
                                                  ESEAL__BASE64_CANONICAL, bytes, &n) != 0)) {
        eseal__free(bytes);
        return fail(why, why_cap, ESEAL_EFORMAT, "malformed base64 value");
      }
    } else if (value_len) {
      memcpy(bytes, value, value_len);
    }
    if (n > max_bytes) {
      eseal__free(bytes);
      return fail(why, why_cap, ESEAL_ELIMIT, "value over the size cap");
    }
    bytes[n] = 0;
    eseal_buf_dispose(out);
    out->ptr = bytes;
    out->size = n;
    return 0;
  }
  return fail(why, why_cap, ESEAL_EFORMAT, "the entry has no value of the requested attribute");
}
