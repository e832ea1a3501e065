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

/* Longest printable form of one input character: a \uHHHH escape. */
#define ESCAPED_MAX 6

static uint32_t code_point(const uint8_t *s, size_t n) {
  static const uint8_t lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t cp = s[0] & lead_mask[n];
  for (size_t i = 1; i < n; i++)
    cp = (cp << 6) | (s[i] & 0x3f);
  return cp;
}

/* Characters that are valid UTF-8 but change what a terminal shows beyond their own glyph. */
static int needs_escape(uint32_t cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
         cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x2028 || cp == 0x2029;
}

/*
 * The printable form of the character at s[0..len) (len > 0) into out, its
 * length into *out_len; returns how many input bytes it stands for.
 */
static size_t escape_one(const uint8_t *s, size_t len, char out[ESCAPED_MAX], size_t *out_len) {
  static const char hex[] = "0123456789abcdef";
  size_t n = eseal__utf8_sequence(s, len);
  if (n == 0) {
    /* Not UTF-8: show the one byte and resynchronise on the next. */
    out[0] = '\\', out[1] = 'x', out[2] = hex[s[0] >> 4], out[3] = hex[s[0] & 15];
    *out_len = 4;
    return 1;
  }
  uint32_t cp = code_point(s, n);
  if (cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t') {
    out[0] = '\\';
    out[1] = cp == '\\' ? '\\' : cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't';
    *out_len = 2;
  } else if (!needs_escape(cp)) {
    memcpy(out, s, n);
    *out_len = n;
  } else if (cp < 0x80) {
    out[0] = '\\', out[1] = 'x', out[2] = hex[cp >> 4], out[3] = hex[cp & 15];
    *out_len = 4;
  } else {
    out[0] = '\\', out[1] = 'u';
    for (int i = 0; i < 4; i++)
      out[2 + i] = hex[(cp >> (12 - 4 * i)) & 15];
    *out_len = 6;
  }
  return n;
}

void eseal__text_escape(eseal__dbuf *out, const uint8_t *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    char piece[ESCAPED_MAX];
    size_t piece_len;
    i += escape_one(s + i, len - i, piece, &piece_len);
    eseal__dbuf_append(out, piece, piece_len);
  }
}

void eseal__text_escape_str(eseal__dbuf *out, const char *s) {
  if (s != NULL)
    eseal__text_escape(out, (const uint8_t *)s, strlen(s));
}

void eseal__text_escape_file(FILE *f, const uint8_t *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    char piece[ESCAPED_MAX];
    size_t piece_len;
    i += escape_one(s + i, len - i, piece, &piece_len);
    fwrite(piece, 1, piece_len, f);
  }
}

void eseal__text_escape_fputs(FILE *f, const char *s) {
  if (s != NULL)
    eseal__text_escape_file(f, (const uint8_t *)s, strlen(s));
}
