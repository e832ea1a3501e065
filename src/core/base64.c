#include "base64.h"

static int digit_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int eseal__base64_decode_into(const char *s, size_t len, unsigned int flags, uint8_t *out,
                              size_t *out_len) {
  uint32_t acc = 0;
  size_t n = 0, digits = 0, pad = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((flags & ESEAL__BASE64_SKIP_SPACE) && is_space(c))
      continue;
    if (c == '=') {
      pad++;
      continue;
    }
    int v = digit_value(c);
    if (v < 0 || pad)
      return -1;
    acc = acc << 6 | (uint32_t)v;
    if (++digits % 4 == 0) {
      out[n++] = (uint8_t)(acc >> 16);
      out[n++] = (uint8_t)(acc >> 8);
      out[n++] = (uint8_t)acc;
      acc = 0;
    }
  }
  size_t tail = digits % 4;
  if (digits == 0 || tail == 1 || (tail && pad != 4 - tail) || (!tail && pad))
    return -1;
  /* Bits of the last digit beyond the bytes it carries: zero in the canonical spelling. */
  uint32_t spare = tail == 2 ? acc & 0xf : tail == 3 ? acc & 0x3 : 0;
  if ((flags & ESEAL__BASE64_CANONICAL) && spare)
    return -1;
  if (tail == 2) {
    out[n++] = (uint8_t)(acc >> 4);
  } else if (tail == 3) {
    out[n++] = (uint8_t)(acc >> 10);
    out[n++] = (uint8_t)(acc >> 2);
  }
  *out_len = n;
  return 0;
}
