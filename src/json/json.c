#include "json.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "../core/text.h"

static void separate(eseal__json *j) {
  if (j->need_comma)
    eseal__dbuf_append_byte(&j->out, ',');
  j->need_comma = 1;
}

void eseal__json_begin_object(eseal__json *j) {
  separate(j);
  eseal__dbuf_append_byte(&j->out, '{');
  j->need_comma = 0;
}

void eseal__json_end_object(eseal__json *j) {
  eseal__dbuf_append_byte(&j->out, '}');
  j->need_comma = 1;
}

void eseal__json_begin_array(eseal__json *j) {
  separate(j);
  eseal__dbuf_append_byte(&j->out, '[');
  j->need_comma = 0;
}

void eseal__json_end_array(eseal__json *j) {
  eseal__dbuf_append_byte(&j->out, ']');
  j->need_comma = 1;
}

static void raw_string(eseal__json *j, const uint8_t *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  eseal__dbuf_append_byte(&j->out, '"');
  size_t i = 0;
  while (i < len) {
    uint8_t c = s[i];
    size_t n = eseal__utf8_sequence(s + i, len - i);
    if (n == 0) {
      eseal__dbuf_append_str(&j->out, "\xef\xbf\xbd");
      i++;
      continue;
    }
    if (c == '"' || c == '\\') {
      eseal__dbuf_append_byte(&j->out, '\\');
      eseal__dbuf_append_byte(&j->out, c);
    } else if (c < 0x20 || c == 0x7f) {
      char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
      eseal__dbuf_append_str(&j->out, esc);
    } else if (n == 2 && c == 0xc2 && s[i + 1] <= 0x9f) {
      /* C1 controls (U+0080..U+009F) are valid JSON, but some terminals act on them. */
      char esc[7] = {'\\', 'u', '0', '0', hex[s[i + 1] >> 4], hex[s[i + 1] & 15], 0};
      eseal__dbuf_append_str(&j->out, esc);
    } else if (n == 3 && c == 0xe2 && s[i + 1] == 0x80 && (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
      /* U+2028 and U+2029 are valid JSON but end a line in JavaScript and in some viewers. */
      eseal__dbuf_append_str(&j->out, s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
    } else {
      eseal__dbuf_append(&j->out, s + i, n);
    }
    i += n;
  }
  eseal__dbuf_append_byte(&j->out, '"');
}

void eseal__json_key(eseal__json *j, const char *key) {
  separate(j);
  raw_string(j, (const uint8_t *)key, strlen(key));
  eseal__dbuf_append_byte(&j->out, ':');
  j->need_comma = 0;
}

void eseal__json_string_n(eseal__json *j, const uint8_t *s, size_t len) {
  separate(j);
  if (s == NULL)
    eseal__dbuf_append_str(&j->out, "null");
  else
    raw_string(j, s, len);
}

void eseal__json_string(eseal__json *j, const char *s) {
  eseal__json_string_n(j, (const uint8_t *)s, s ? strlen(s) : 0);
}

void eseal__json_int(eseal__json *j, int64_t v) {
  char text[24];
  separate(j);
  snprintf(text, sizeof text, "%lld", (long long)v);
  eseal__dbuf_append_str(&j->out, text);
}

void eseal__json_bool(eseal__json *j, int v) {
  separate(j);
  eseal__dbuf_append_str(&j->out, v ? "true" : "false");
}

void eseal__json_null(eseal__json *j) {
  separate(j);
  eseal__dbuf_append_str(&j->out, "null");
}

void eseal__json_hex(eseal__json *j, const uint8_t *data, size_t len) {
  static const char hex[] = "0123456789abcdef";
  separate(j);
  if (data == NULL) {
    eseal__dbuf_append_str(&j->out, "null");
    return;
  }
  eseal__dbuf_append_byte(&j->out, '"');
  for (size_t i = 0; i < len; i++) {
    char pair[2] = {hex[data[i] >> 4], hex[data[i] & 15]};
    eseal__dbuf_append(&j->out, pair, 2);
  }
  eseal__dbuf_append_byte(&j->out, '"');
}

void eseal__json_base64(eseal__json *j, const uint8_t *data, size_t len) {
  separate(j);
  if (data == NULL) {
    eseal__dbuf_append_str(&j->out, "null");
    return;
  }
  eseal__dbuf_append_byte(&j->out, '"');
  /* OpenSSL encodes, a piece of whole 3-byte groups at a time. */
  enum { PIECE = 48 * 3 };
  unsigned char text[PIECE / 3 * 4 + 1];
  for (size_t i = 0; i < len; i += PIECE) {
    size_t n = len - i < PIECE ? len - i : PIECE;
    int written = EVP_EncodeBlock(text, data + i, (int)n);
    eseal__dbuf_append(&j->out, text, (size_t)written);
  }
  eseal__dbuf_append_byte(&j->out, '"');
}

void eseal__json_member_string(eseal__json *j, const char *key, const char *s) {
  eseal__json_key(j, key);
  eseal__json_string(j, s);
}

void eseal__json_member_int(eseal__json *j, const char *key, int64_t v) {
  eseal__json_key(j, key);
  eseal__json_int(j, v);
}
