/* Signed checkpoints: writing, strict parsing, signing and verification (see checkpoint.h). */
#include "checkpoint.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../context/context.h"
#include "../context/role_cert.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../core/text.h"
#include "../crypto/key.h"
#include "../crypto/pkey.h"
#include "../x509/cert.h"

#define SIG_PREFIX "\xE2\x80\x94 " /* em dash U+2014, space */
#define HASH_EXT "eseal-hash "
#define TIME_EXT "eseal-time "

static int fmt_error(const char *what) {
  return eseal__error_set(ESEAL_EFORMAT, "checkpoint: %s", what);
}

/* ---- canonical base64 (RFC 4648 §4, padded) ---- */

static size_t b64_encode(const uint8_t *in, size_t len, char *out) {
  return (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)len);
}

/* Decodes exactly the text b64_encode() writes for some bytes, into at most `cap` bytes. */
static int b64_decode(const char *text, size_t len, uint8_t *out, size_t cap, size_t *out_len) {
  if (len == 0 || len % 4 != 0 || len / 4 * 3 > cap + 2)
    return -1;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '+' || c == '/';
    int pad = c == '=' && i >= len - 2 && (i == len - 1 || text[len - 1] == '=');
    if (!alpha && !pad)
      return -1;
  }
  size_t pad = (text[len - 1] == '=') + (text[len - 2] == '=');
  uint8_t tmp[ESEAL__CKPT_SIG_MAX + 8];
  char again[sizeof tmp / 3 * 4 + 8];
  if (len / 4 * 3 > sizeof tmp)
    return -1;
  int n = EVP_DecodeBlock(tmp, (const unsigned char *)text, (int)len);
  if (n < 0 || (size_t)n < pad || (size_t)n - pad > cap)
    return -1;
  *out_len = (size_t)n - pad;
  /* Canonical: unused bits zero, so encoding again gives the same text. */
  if (b64_encode(tmp, *out_len, again) != len || memcmp(again, text, len) != 0)
    return -1;
  memcpy(out, tmp, *out_len);
  return 0;
}

/* ---- writing ---- */

/* Printable UTF-8 without spaces at the ends; for key names also no space and no '+'. */
static int name_ok(const char *s, size_t max, int key_name) {
  size_t n = strlen(s);
  if (n == 0 || n > max || !eseal__utf8_valid((const uint8_t *)s, n) || s[0] == ' ' ||
      s[n - 1] == ' ')
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f || (key_name && (c == ' ' || c == '+')))
      return 0;
  }
  return 1;
}

int eseal__checkpoint_text(const eseal__checkpoint *cp, eseal_buf *out) {
  const char *alg = eseal__tlog_hash_name(cp->alg);
  if (!name_ok(cp->origin, ESEAL__CKPT_ORIGIN_MAX, 0) || alg == NULL || cp->time < 0)
    return eseal__error_set(ESEAL_EINVAL, "checkpoint: bad origin, hash algorithm or time");
  char root[45];
  b64_encode(cp->root, 32, root);
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_appendf(&b, "%s\n%" PRIu64 "\n%s\n" HASH_EXT "%s\n" TIME_EXT "%" PRId64 "\n",
                      cp->origin, cp->size, root, alg, cp->time);
  return eseal__dbuf_finish(&b, out);
}

int eseal__checkpoint_key_id(const char *key_name, EVP_PKEY *pub, const char *algorithm,
                             uint32_t *id) {
  unsigned char *spki = NULL;
  int spki_len = i2d_PUBKEY(pub, &spki);
  if (spki_len <= 0)
    return eseal__error_set(ESEAL_ECRYPTO, "checkpoint: cannot encode the public key");
  static const uint8_t sep[] = {0x0A, 0xFF};
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  uint8_t h[32];
  unsigned int n = 0;
  int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
           EVP_DigestUpdate(md, key_name, strlen(key_name)) == 1 &&
           EVP_DigestUpdate(md, sep, sizeof sep) == 1 &&
           EVP_DigestUpdate(md, "eseal/", 6) == 1 &&
           EVP_DigestUpdate(md, algorithm, strlen(algorithm)) == 1 &&
           EVP_DigestUpdate(md, "\n", 1) == 1 && EVP_DigestUpdate(md, spki, (size_t)spki_len) == 1 &&
           EVP_DigestFinal_ex(md, h, &n) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(spki);
  if (!ok)
    return eseal__error_set(ESEAL_ECRYPTO, "checkpoint: key ID hash failed");
  *id = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
  return 0;
}

static int sign_line(const eseal_ctx *ctx, eseal_key *key, const char *name, const eseal_buf *text,
                     eseal__dbuf *b) {
  if (key == NULL || name == NULL || !name_ok(name, ESEAL__CKPT_KEY_NAME_MAX, 1))
    return eseal__error_set(ESEAL_EINVAL, "checkpoint: a key or key name is missing or unfit");
  uint32_t id = 0;
  int rc = eseal__checkpoint_key_id(name, key->pub, key->algorithm, &id);
  if (rc)
    return rc;
  eseal_buf sig = ESEAL_BUF_INIT;
  if ((rc = eseal__key_sign(key, ctx->sm2_id, ctx->sm2_id_len, text->ptr, text->size, &sig)) != 0)
    return rc;
  if (sig.size > ESEAL__CKPT_SIG_MAX) {
    eseal_buf_dispose(&sig);
    return eseal__error_set(ESEAL_ELIMIT, "checkpoint: a %zu-byte signature is too long",
                            sig.size);
  }
  uint8_t raw[4 + ESEAL__CKPT_SIG_MAX];
  char b64[(sizeof raw + 2) / 3 * 4 + 1];
  raw[0] = (uint8_t)(id >> 24), raw[1] = (uint8_t)(id >> 16), raw[2] = (uint8_t)(id >> 8),
  raw[3] = (uint8_t)id;
  memcpy(raw + 4, sig.ptr, sig.size);
  b64_encode(raw, 4 + sig.size, b64);
  eseal__dbuf_append_str(b, SIG_PREFIX); /* appendf would cut a long RSA line */
  eseal__dbuf_append_str(b, name);
  eseal__dbuf_append_byte(b, ' ');
  eseal__dbuf_append_str(b, b64);
  eseal__dbuf_append_byte(b, '\n');
  eseal_buf_dispose(&sig);
  return 0;
}

int eseal__checkpoint_sign(const eseal_ctx *ctx, const eseal__checkpoint *cp,
                           eseal_key *const *keys, const char *const *names, size_t n,
                           eseal_buf *out) {
  if (ctx == NULL || cp == NULL || out == NULL || n == 0 || n > ESEAL__CKPT_SIGS_MAX)
    return eseal__error_set(ESEAL_EINVAL, "checkpoint: 1 to %d signing keys are needed",
                            ESEAL__CKPT_SIGS_MAX);
  eseal_buf text = ESEAL_BUF_INIT;
  int rc = eseal__checkpoint_text(cp, &text);
  if (rc)
    return rc;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_append(&b, text.ptr, text.size);
  eseal__dbuf_append_byte(&b, '\n');
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = sign_line(ctx, keys[i], names[i], &text, &b);
  eseal_buf_dispose(&text);
  if (rc) {
    eseal__dbuf_release(&b);
    return rc;
  }
  return eseal__dbuf_finish(&b, out);
}

/* ---- parsing ---- */

/* A decimal without sign or leading zeros, at most `max`. */
static int parse_decimal(const char *s, size_t len, uint64_t max, uint64_t *out) {
  if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
    return -1;
  uint64_t v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    uint64_t d = (uint64_t)(s[i] - '0');
    if (v > (max - d) / 10)
      return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

typedef struct line_reader {
  const char *p, *end;
} line_reader;

/* The next line without its newline; -1 when no newline-terminated line is left. */
static int next_line(line_reader *r, const char **line, size_t *len) {
  const char *nl = r->p < r->end ? memchr(r->p, '\n', (size_t)(r->end - r->p)) : NULL;
  if (nl == NULL)
    return -1;
  *line = r->p;
  *len = (size_t)(nl - r->p);
  r->p = nl + 1;
  return 0;
}

static int starts(const char *line, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(line, prefix, n) == 0;
}

static int parse_signature(const char *line, size_t len, eseal__note_sig *sig) {
  size_t pre = strlen(SIG_PREFIX);
  if (!starts(line, len, SIG_PREFIX))
    return fmt_error("a signature line does not start with an em dash and a space");
  const char *name = line + pre;
  const char *space = memchr(name, ' ', len - pre);
  if (space == NULL || space == name)
    return fmt_error("a signature line has no key name");
  size_t name_len = (size_t)(space - name);
  if (name_len > ESEAL__CKPT_KEY_NAME_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "checkpoint: a key name is longer than %d bytes",
                            ESEAL__CKPT_KEY_NAME_MAX);
  memcpy(sig->key_name, name, name_len);
  sig->key_name[name_len] = '\0';
  if (!name_ok(sig->key_name, ESEAL__CKPT_KEY_NAME_MAX, 1))
    return fmt_error("a key name holds a '+' or a character that is not printable");
  const char *b64 = space + 1;
  size_t b64_len = len - pre - name_len - 1;
  if (b64_len > (4 + ESEAL__CKPT_SIG_MAX + 2) / 3 * 4)
    return eseal__error_set(ESEAL_ELIMIT, "checkpoint: a signature is longer than %d bytes",
                            ESEAL__CKPT_SIG_MAX);
  uint8_t raw[4 + ESEAL__CKPT_SIG_MAX];
  size_t raw_len = 0;
  if (b64_decode(b64, b64_len, raw, sizeof raw, &raw_len) != 0 || raw_len < 5)
    return fmt_error("a signature is not canonical base64 of a key ID and a signature");
  sig->key_id = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8 | raw[3];
  sig->sig_len = raw_len - 4;
  memcpy(sig->sig, raw + 4, sig->sig_len);
  return 0;
}

static int parse_body(line_reader *r, eseal__checkpoint *cp) {
  const char *line;
  size_t len;
  uint64_t v = 0;
  if (next_line(r, &line, &len) != 0 || len == 0)
    return fmt_error("no origin line");
  if (len > ESEAL__CKPT_ORIGIN_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "checkpoint: the origin is longer than %d bytes",
                            ESEAL__CKPT_ORIGIN_MAX);
  memcpy(cp->origin, line, len);
  cp->origin[len] = '\0';
  if (!name_ok(cp->origin, ESEAL__CKPT_ORIGIN_MAX, 0))
    return fmt_error("the origin line is not printable text without spaces at its ends");
  if (next_line(r, &line, &len) != 0 || parse_decimal(line, len, UINT64_MAX, &cp->size) != 0)
    return fmt_error("the tree size is not a canonical decimal");
  size_t root_len = 0;
  if (next_line(r, &line, &len) != 0 || b64_decode(line, len, cp->root, 32, &root_len) != 0 ||
      root_len != 32)
    return fmt_error("the root hash is not canonical base64 of 32 bytes");
  if (next_line(r, &line, &len) != 0 || !starts(line, len, HASH_EXT))
    return fmt_error("no eseal-hash line");
  size_t n = strlen(HASH_EXT);
  if (len - n == 3 && memcmp(line + n, "SM3", 3) == 0)
    cp->alg = ESEAL__TLOG_SM3;
  else if (len - n == 7 && memcmp(line + n, "SHA-256", 7) == 0)
    cp->alg = ESEAL__TLOG_SHA256;
  else
    return fmt_error("the tree hash is neither SM3 nor SHA-256");
  if (next_line(r, &line, &len) != 0 || !starts(line, len, TIME_EXT) ||
      parse_decimal(line + strlen(TIME_EXT), len - strlen(TIME_EXT), INT64_MAX, &v) != 0)
    return fmt_error("no eseal-time line with a canonical decimal time");
  cp->time = (int64_t)v;
  return 0;
}

int eseal__checkpoint_parse(const uint8_t *data, size_t len, eseal__signed_checkpoint *out) {
  memset(out, 0, sizeof *out);
  if (data == NULL)
    return eseal__error_set(ESEAL_EINVAL, "checkpoint: no input");
  if (len > ESEAL__CKPT_TEXT_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "checkpoint: longer than %d bytes",
                            ESEAL__CKPT_TEXT_MAX);
  if (!eseal__utf8_valid(data, len))
    return fmt_error("not valid UTF-8");
  for (size_t i = 0; i < len; i++)
    if ((data[i] < 0x20 && data[i] != '\n') || data[i] == 0x7f)
      return fmt_error("a control character other than newline");
  line_reader r = {(const char *)data, (const char *)data + len};
  int rc = parse_body(&r, &out->cp);
  if (rc)
    return rc;
  out->text_len = (size_t)(r.p - (const char *)data);
  const char *line;
  size_t n;
  if (next_line(&r, &line, &n) != 0 || n != 0)
    return fmt_error("the note text is not followed by one blank line");
  while (next_line(&r, &line, &n) == 0) {
    if (out->sig_count == ESEAL__CKPT_SIGS_MAX)
      return eseal__error_set(ESEAL_ELIMIT, "checkpoint: more than %d signatures",
                              ESEAL__CKPT_SIGS_MAX);
    if ((rc = parse_signature(line, n, &out->sigs[out->sig_count])) != 0)
      return rc;
    out->sig_count++;
  }
  if (r.p != r.end)
    return fmt_error("the last line does not end with a newline");
  if (out->sig_count == 0)
    return fmt_error("no signature line");
  return 0;
}

/* ---- verification ---- */

/* 1 when the line's key name and ID are those of `cert`'s key; 0 when not; <0 on error. */
static int line_matches(const eseal__note_sig *s, const eseal_cert *cert, const char **alg) {
  EVP_PKEY *pub = X509_get0_pubkey(cert->x509);
  *alg = pub ? eseal__pkey_algorithm(pub) : NULL;
  if (*alg == NULL)
    return 0; /* a key no checkpoint can be signed with */
  uint32_t id = 0;
  int rc = eseal__checkpoint_key_id(s->key_name, pub, *alg, &id);
  return rc ? rc : id == s->key_id;
}

/* The signature lines against the certificates, once parsed. */
static int verify_lines(const eseal_ctx *ctx, const uint8_t *data, const eseal_cert *const *certs,
                        size_t ncerts, STACK_OF(X509) *listed, eseal__signed_checkpoint *out,
                        size_t *signer) {
  int found = 0, trusted = 0, chain_rc = 0, rc;
  for (size_t i = 0; i < out->sig_count; i++) {
    const eseal__note_sig *s = &out->sigs[i];
    for (size_t c = 0; c < ncerts; c++) {
      const char *alg = NULL;
      if ((rc = line_matches(s, certs[c], &alg)) < 0)
        return rc;
      if (rc == 0)
        continue;
      found = 1;
      rc = eseal__pkey_verify(X509_get0_pubkey(certs[c]->x509), alg, ctx->sm2_id,
                              ctx->sm2_id_len, data, out->text_len, s->sig, s->sig_len);
      if (rc == ESEAL_ENOMEM)
        return rc;
      if (rc != 1)
        return eseal__error_set(ESEAL_ETAMPERED,
                                "checkpoint: the signature of %s (key %s) does not verify",
                                certs[c]->subject, s->key_name);
      if (!trusted) {
        chain_rc = eseal__ctx_check_role_cert_with(ctx, certs[c], listed, ESEAL_ROLE_LOG_SIGNER,
                                                   out->cp.time, "the log signer");
        if (chain_rc == ESEAL_ENOMEM)
          return chain_rc;
        if (chain_rc == 0) {
          trusted = 1;
          *signer = c;
        }
      }
    }
  }
  if (!found)
    return eseal__error_set(ESEAL_ECERT, "checkpoint: no signature by a given log key (%zu "
                                         "signatures, %zu certificates)",
                            out->sig_count, ncerts);
  return trusted ? 0 : chain_rc; /* chain_rc's reason is raised already */
}

int eseal__checkpoint_verify(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                             const eseal_cert *const *certs, size_t ncerts,
                             eseal__signed_checkpoint *out, size_t *signer) {
  if (ctx == NULL || out == NULL || signer == NULL || (ncerts && certs == NULL))
    return eseal__error_set(ESEAL_EINVAL, "checkpoint: NULL argument");
  int rc = eseal__checkpoint_parse(data, len, out);
  if (rc)
    return rc;
  /* Every listed certificate may serve as an intermediate of another's chain. */
  STACK_OF(X509) *listed = sk_X509_new_null();
  for (size_t c = 0; listed && c < ncerts; c++)
    if (!sk_X509_push(listed, certs[c]->x509)) {
      sk_X509_free(listed);
      listed = NULL;
    }
  if (listed == NULL)
    return eseal__error_oom();
  rc = verify_lines(ctx, data, certs, ncerts, listed, out, signer);
  sk_X509_free(listed);
  return rc;
}
