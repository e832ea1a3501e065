#include "base64.h"

#include <string.h>

#include <openssl/evp.h>

/*
 * OpenSSL does the decoding (EVP_DecodeBlock); this file holds the grammar,
 * which OpenSSL's decoder is too lenient for: it skips white space at both
 * ends, accepts unpadded tails and does not see non-canonical padding bits.
 */

static int is_digit64(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Decodes whole quads in `quads` (count a multiple of 4) to out + *n. */
static int decode_quads(const char *quads, size_t count, uint8_t *out, size_t *n) {
  if (count == 0)
    return 0;
  int written = EVP_DecodeBlock(out + *n, (const unsigned char *)quads, (int)count);
  if (written != (int)(count / 4 * 3))
    return -1;
  *n += (size_t)written;
  return 0;
}

int eseal__base64_decode_into(const char *s, size_t len, unsigned int flags, uint8_t *out,
                              size_t *out_len) {
  /* Digits (and the final '=') are gathered into whole quads, decoded a piece at a time. */
  char piece[256];
  size_t held = 0, n = 0, digits = 0, pad = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((flags & ESEAL__BASE64_SKIP_SPACE) && is_space(c))
      continue;
    if (c == '=') {
      if (++pad > 2)
        return -1;
    } else if (!is_digit64(c) || pad) {
      return -1;
    } else {
      digits++;
    }
    piece[held++] = (char)c;
    if (held == sizeof piece) {
      if (decode_quads(piece, held, out, &n) != 0)
        return -1;
      held = 0;
    }
  }
  size_t tail = digits % 4;
  if (digits == 0 || tail == 1 || (tail && pad != 4 - tail) || (!tail && pad))
    return -1;
  if (decode_quads(piece, held, out, &n) != 0)
    return -1;
  /* EVP_DecodeBlock counts the padded quad as 3 bytes. */
  n -= pad;
  if ((flags & ESEAL__BASE64_CANONICAL) && pad) {
    /* Canonical: the padded quad is what encoding its bytes gives back, so the
       last digit's bits beyond the bytes it carries are zero. */
    const char *quad = held ? piece + held - 4 : piece + sizeof piece - 4;
    unsigned char again[5];
    EVP_EncodeBlock(again, out + n - (3 - pad), (int)(3 - pad));
    if (memcmp(again, quad, 4) != 0)
      return -1;
  }
  *out_len = n;
  return 0;
}
