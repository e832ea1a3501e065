#include "text.h"

#include <string.h>

size_t eseal__utf8_sequence(const uint8_t *s, size_t len) {
  if (len == 0)
    return 0;
  uint8_t c = s[0];
  if (c < 0x80)
    return 1;
  size_t n;
  uint32_t min, cp;
  if ((c & 0xe0) == 0xc0) {
    n = 2, min = 0x80, cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3, min = 0x800, cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (len < n)
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

int eseal__utf8_valid(const uint8_t *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t n = eseal__utf8_sequence(s + i, len - i);
    if (n == 0)
      return 0;
    i += n;
  }
  return 1;
}

int eseal__ascii_only(const uint8_t *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] >= 0x80)
      return 0;
  return 1;
}

int eseal__printable_only(const uint8_t *s, size_t len) {
  static const char extra[] = " '()+,-./:=?";
  for (size_t i = 0; i < len; i++) {
    uint8_t c = s[i];
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             (c != 0 && memchr(extra, c, sizeof extra - 1) != NULL);
    if (!ok)
      return 0;
  }
  return 1;
}
