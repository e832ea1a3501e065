/*
 * Trust list files (doc/trust-list.md): a line reader, the header, the anchor
 * entries and the closing signature line, then the check of that signature.
 *
 * The reader is strict on purpose: a list decides what the verifier trusts,
 * so anything it does not understand is refused with the line number rather
 * than guessed at, and the whole list is parsed before anything is used.
 */
#include "trust_list.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/x509.h>

#include "eseal/context.h"
#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../core/alloc.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../core/text.h"
#include "../crypto/pkey.h"
#include "../x509/cert.h"

#define FIRST_LINE "eseal-trust-list 1"
#define MAGIC "eseal-trust-list "
#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"
/* RSA-8192 signatures; anything longer is no signature we can check. */
#define MAX_SIGNATURE_SIZE 1024u
/* The base64 text of the largest certificate the library accepts. */
#define MAX_CERT_BASE64 ((ESEAL_MAX_CERT_SIZE + 2u) / 3u * 4u)
/* Role names are short lowercase tokens; longer ones are not role names at all. */
#define MAX_ROLE_NAME 64u

typedef struct line_reader {
  const uint8_t *data;
  size_t len;
  size_t pos;
  /* The current line: its number (from 1), its start and its text without the line end. */
  size_t number;
  size_t start;
  const char *s;
  size_t n;
} line_reader;

static int fail_code(const line_reader *r, int code, const char *fmt, ...) ESEAL__PRINTF(3, 4);
static int fail_code(const line_reader *r, int code, const char *fmt, ...) {
  char why[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  return eseal__error_set(code, "trust list line %zu: %s", r->number, why);
}

#define fail(r, ...) fail_code(r, ESEAL_EFORMAT, __VA_ARGS__)

/*
 * Moves to the next line: 1 when there is one, 0 at the end of the data, or
 * an error. Every line ends in LF or CRLF (a last line without one means the
 * list was cut short), holds valid UTF-8 and no control character but tab.
 */
static int next_line(line_reader *r) {
  if (r->pos == r->len)
    return 0;
  r->number++;
  r->start = r->pos;
  const uint8_t *p = r->data + r->pos;
  size_t rest = r->len - r->pos;
  size_t window = rest < ESEAL_TRUST_LIST_MAX_LINE + 2 ? rest : ESEAL_TRUST_LIST_MAX_LINE + 2;
  const uint8_t *lf = memchr(p, '\n', window);
  if (lf == NULL) {
    if (window < rest || rest == ESEAL_TRUST_LIST_MAX_LINE + 2)
      return fail_code(r, ESEAL_ELIMIT, "longer than %u bytes", ESEAL_TRUST_LIST_MAX_LINE);
    return fail(r, "the line has no line end: the list is truncated");
  }
  size_t n = (size_t)(lf - p);
  r->pos += n + 1;
  if (n && p[n - 1] == '\r')
    n--;
  if (n > ESEAL_TRUST_LIST_MAX_LINE)
    return fail_code(r, ESEAL_ELIMIT, "longer than %u bytes", ESEAL_TRUST_LIST_MAX_LINE);
  for (size_t i = 0; i < n; i++)
    if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
      return fail(r, "control character 0x%02x at byte %zu", p[i], i + 1);
  if (!eseal__utf8_valid(p, n))
    return fail(r, "not valid UTF-8");
  r->s = (const char *)p;
  r->n = n;
  return 1;
}

static int is_space(char c) {
  return c == ' ' || c == '\t';
}

static int line_is_blank(const line_reader *r) {
  for (size_t i = 0; i < r->n; i++)
    if (!is_space(r->s[i]))
      return 0;
  return 1;
}

static int line_is_comment(const line_reader *r) {
  return r->n > 0 && r->s[0] == '#';
}

static int line_is(const line_reader *r, const char *text) {
  return r->n == strlen(text) && memcmp(r->s, text, r->n) == 0;
}

/* A "key: value" line: the key is lowercase letters and '-', the value is
 * what follows the colon without surrounding spaces and tabs. */
typedef struct field {
  const char *key;
  size_t key_len;
  const char *value;
  size_t value_len;
} field;

static int split_field(const line_reader *r, field *f) {
  const char *colon = memchr(r->s, ':', r->n);
  if (colon == NULL || colon == r->s)
    return -1;
  for (const char *k = r->s; k < colon; k++)
    if (!((*k >= 'a' && *k <= 'z') || *k == '-'))
      return -1;
  const char *v = colon + 1, *end = r->s + r->n;
  while (v < end && is_space(*v))
    v++;
  while (end > v && is_space(end[-1]))
    end--;
  f->key = r->s;
  f->key_len = (size_t)(colon - r->s);
  f->value = v;
  f->value_len = (size_t)(end - v);
  return 0;
}

static int key_is(const field *f, const char *key) {
  return f->key_len == strlen(key) && memcmp(f->key, key, f->key_len) == 0;
}

/* A list name or anchor label: 1..ESEAL_TRUST_LIST_MAX_NAME bytes (the line
 * reader has already refused control characters and invalid UTF-8). */
static int parse_text(const line_reader *r, const field *f, char *out) {
  if (f->value_len == 0)
    return fail(r, "'%.*s' is empty", (int)f->key_len, f->key);
  if (f->value_len > ESEAL_TRUST_LIST_MAX_NAME)
    return fail_code(r, ESEAL_ELIMIT, "'%.*s' is longer than %u bytes", (int)f->key_len, f->key,
                     ESEAL_TRUST_LIST_MAX_NAME);
  memcpy(out, f->value, f->value_len);
  out[f->value_len] = 0;
  return 0;
}

/* A decimal number without sign or leading zeros. */
static int parse_u64(const line_reader *r, const field *f, uint64_t *out) {
  uint64_t v = 0;
  int ok = f->value_len > 0 && (f->value_len == 1 || f->value[0] != '0');
  for (size_t i = 0; ok && i < f->value_len; i++) {
    unsigned d = (unsigned)(f->value[i] - '0');
    if (d > 9 || v > (UINT64_MAX - d) / 10)
      ok = 0;
    else
      v = v * 10 + d;
  }
  if (!ok)
    return fail(r, "'%.*s' must be a decimal number below 2^64 without leading zeros",
                (int)f->key_len, f->key);
  *out = v;
  return 0;
}

/* The time forms the eseal command accepts: ISO 8601 ("2026-11-01T00:00:00Z",
 * an offset, or none for China Standard Time), "2026-11-01 08:00:00" (China
 * Standard Time), GeneralizedTime, or "@" and seconds since the epoch. Times
 * at or before the epoch are refused: 0 means "unbounded" to the context. */
static int parse_time(const line_reader *r, const field *f, int64_t *out) {
  const char *s = f->value;
  size_t n = f->value_len;
  int64_t t = 0;
  int ok = 0;
  if (n > 1 && n <= 19 && s[0] == '@') {
    ok = 1;
    for (size_t i = 1; i < n; i++) {
      if (s[i] < '0' || s[i] > '9') {
        ok = 0;
        break;
      }
      t = t * 10 + (s[i] - '0');
    }
  } else {
    eseal__time parsed;
    const char *why = NULL;
    if (eseal__time_parse_text(s, n, &parsed, &why) == 0 ||
        eseal__time_parse_generalized(s, n, &parsed, &why) == 0) {
      ok = 1;
      t = parsed.utc;
    }
  }
  if (!ok)
    return fail(r, "'%.*s' is not a time (write it as 2026-11-01T00:00:00Z)", (int)f->key_len,
                f->key);
  if (t <= 0)
    return fail(r, "'%.*s' must lie after 1970-01-01T00:00:00Z", (int)f->key_len, f->key);
  *out = t;
  return 0;
}

/* Standard base64 with padding and nothing else; the padding bits must be 0.
 * `out` needs room for len / 4 * 3 bytes. -1 when not such base64. */
static int base64_decode(const char *s, size_t len, uint8_t *out, size_t *out_len) {
  static const char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (len == 0 || len % 4)
    return -1;
  size_t o = 0;
  for (size_t i = 0; i < len; i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; j++) {
      char c = s[i + j];
      const char *at = c ? strchr(alphabet, c) : NULL;
      if (c == '=' && i + 4 == len && j >= 2 && (j == 3 || s[i + 3] == '=')) {
        pad++;
        v <<= 6;
      } else if (at != NULL && pad == 0) {
        v = (v << 6) | (uint32_t)(at - alphabet);
      } else {
        return -1;
      }
    }
    if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff)))
      return -1;
    out[o++] = (uint8_t)(v >> 16);
    if (pad < 2)
      out[o++] = (uint8_t)(v >> 8);
    if (pad < 1)
      out[o++] = (uint8_t)v;
  }
  *out_len = o;
  return 0;
}

/* Appends `name` to the entry's unknown roles, cutting the text short with "..." when full. */
static void note_unknown_role(eseal__tl_entry *e, const char *name, size_t n) {
  size_t used = strlen(e->unknown_roles);
  size_t room = sizeof e->unknown_roles - used;
  if (used >= 3 && strcmp(e->unknown_roles + used - 3, "...") == 0)
    return;
  int need = snprintf(NULL, 0, "%s%.*s", used ? "," : "", (int)n, name);
  if ((size_t)need + 4 > room) {
    snprintf(e->unknown_roles + used, room, "%s...", used ? "," : "");
    return;
  }
  snprintf(e->unknown_roles + used, room, "%s%.*s", used ? "," : "", (int)n, name);
}

/* "seal-maker, signer-ca": known names set bits, unknown ones are kept for a note. */
static int parse_roles(const line_reader *r, const field *f, eseal__tl_entry *e) {
  const char *p = f->value, *end = f->value + f->value_len;
  if (p == end)
    return fail(r, "'roles' is empty");
  for (;;) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *stop = comma ? comma : end;
    const char *a = p, *b = stop;
    while (a < b && is_space(*a))
      a++;
    while (b > a && is_space(b[-1]))
      b--;
    size_t n = (size_t)(b - a);
    if (n == 0 || n > MAX_ROLE_NAME)
      return fail(r, "'roles' must be role names of 1 to %u characters separated by commas",
                  MAX_ROLE_NAME);
    for (size_t i = 0; i < n; i++)
      if (!((a[i] >= 'a' && a[i] <= 'z') || (a[i] >= '0' && a[i] <= '9') || a[i] == '-'))
        return fail(r, "role names are lowercase letters, digits and '-'");
    unsigned int bit = 0;
    for (unsigned int candidate = 1; candidate <= ESEAL_ROLES_ALL; candidate <<= 1) {
      const char *name = eseal_trust_role_name(candidate);
      if (strlen(name) == n && memcmp(name, a, n) == 0)
        bit = candidate;
    }
    if (bit)
      e->roles |= bit;
    else
      note_unknown_role(e, a, n);
    if (comma == NULL)
      return 0;
    p = comma + 1;
  }
}

static int read_header(line_reader *r, eseal__trust_list *tl, uint64_t *announced) {
  static const char *const keys[] = {"name", "sequence", "issued", "next-update", "anchors"};
  enum { NAME, SEQUENCE, ISSUED, NEXT_UPDATE, ANCHORS, KEY_COUNT };
  size_t seen[KEY_COUNT] = {0};
  int rc = next_line(r);
  if (rc <= 0)
    return rc ? rc : eseal__error_set(ESEAL_EFORMAT, "trust list: empty");
  if (!line_is(r, FIRST_LINE)) {
    if (r->n > strlen(MAGIC) && memcmp(r->s, MAGIC, strlen(MAGIC)) == 0)
      return fail_code(r, ESEAL_EUNSUPPORTED, "format version '%.*s' is not supported (only 1)",
                       (int)(r->n - strlen(MAGIC) > 16 ? 16 : r->n - strlen(MAGIC)),
                       r->s + strlen(MAGIC));
    return fail(r, "a trust list starts with the line '" FIRST_LINE "'");
  }
  while ((rc = next_line(r)) == 1 && !line_is_blank(r)) {
    if (line_is_comment(r))
      continue;
    field f;
    if (split_field(r, &f) != 0)
      return fail(r, "expected a header field 'key: value'");
    size_t k = 0;
    while (k < KEY_COUNT && !key_is(&f, keys[k]))
      k++;
    if (k == KEY_COUNT)
      return fail(r, "unknown header field '%.*s' (a blank line ends the header)",
                  (int)(f.key_len > 32 ? 32 : f.key_len), f.key);
    if (seen[k])
      return fail(r, "'%s' repeats line %zu", keys[k], seen[k]);
    seen[k] = r->number;
    switch (k) {
    case NAME: rc = parse_text(r, &f, tl->name); break;
    case SEQUENCE: rc = parse_u64(r, &f, &tl->sequence); break;
    case ISSUED: rc = parse_time(r, &f, &tl->issued); break;
    case NEXT_UPDATE: rc = parse_time(r, &f, &tl->next_update); break;
    default:
      rc = parse_u64(r, &f, announced);
      if (rc == 0 && *announced > ESEAL_TRUST_LIST_MAX_ANCHORS)
        rc = fail_code(r, ESEAL_ELIMIT, "more than %u anchors", ESEAL_TRUST_LIST_MAX_ANCHORS);
      break;
    }
    if (rc)
      return rc;
  }
  if (rc < 0)
    return rc;
  if (rc == 0)
    return fail(r, "the list ends inside its header: it is truncated");
  for (size_t k = 0; k < KEY_COUNT; k++)
    if (!seen[k])
      return fail(r, "the header ends without the field '%s'", keys[k]);
  if (tl->next_update <= tl->issued)
    return fail(r, "'next-update' (line %zu) must come after 'issued' (line %zu)",
                seen[NEXT_UPDATE], seen[ISSUED]);
  return 0;
}

/* The base64 lines up to PEM_END, decoded into a certificate. */
static int read_certificate(line_reader *r, eseal__tl_entry *e) {
  size_t begin = r->number;
  eseal__dbuf text = ESEAL__DBUF_INIT;
  int rc;
  while ((rc = next_line(r)) == 1 && !line_is(r, PEM_END)) {
    for (size_t i = 0; i < r->n; i++) {
      char c = r->s[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '+' || c == '/' || c == '=')) {
        eseal__dbuf_release(&text);
        return fail(r, "inside a certificate block (begun at line %zu), expected base64 or '"
                       PEM_END "'", begin);
      }
    }
    if (text.len + r->n > MAX_CERT_BASE64) {
      eseal__dbuf_release(&text);
      return fail_code(r, ESEAL_ELIMIT, "the certificate is larger than %u bytes",
                       ESEAL_MAX_CERT_SIZE);
    }
    eseal__dbuf_append(&text, r->s, r->n);
  }
  if (rc <= 0) {
    eseal__dbuf_release(&text);
    return rc ? rc : fail(r, "the list ends inside the certificate block begun at line %zu", begin);
  }
  if ((rc = eseal__dbuf_status(&text)) != 0) {
    eseal__dbuf_release(&text);
    return rc;
  }
  uint8_t *der = eseal__malloc(text.len / 4 * 3 + 1);
  size_t der_len = 0;
  if (der == NULL) {
    eseal__dbuf_release(&text);
    return eseal__error_oom();
  }
  if (base64_decode((const char *)text.ptr, text.len, der, &der_len) != 0)
    rc = fail(r, "the certificate block begun at line %zu is not valid base64", begin);
  else if ((rc = eseal__cert_from_der(&e->cert, der, der_len)) != 0 && rc != ESEAL_ENOMEM)
    rc = fail(r, "the certificate block begun at line %zu is not a DER certificate", begin);
  eseal__free(der);
  eseal__dbuf_release(&text);
  return rc;
}

/* One entry, from its "anchor:" line (the current line) to its certificate's end. */
static int read_entry(line_reader *r, const field *anchor, eseal__tl_entry *e) {
  size_t roles_line = 0, from_line = 0, until_line = 0;
  e->line = r->number;
  int rc = parse_text(r, anchor, e->label);
  if (rc)
    return rc;
  for (;;) {
    if ((rc = next_line(r)) <= 0)
      return rc ? rc : fail(r, "the list ends inside the entry of line %zu", e->line);
    if (line_is_comment(r))
      continue;
    if (line_is(r, PEM_BEGIN))
      break;
    field f;
    if (line_is_blank(r) || split_field(r, &f) != 0)
      return fail(r, "expected 'roles:', 'trusted-from:', 'trusted-until:' or '" PEM_BEGIN
                     "' in the entry of line %zu", e->line);
    size_t *seen = key_is(&f, "roles")           ? &roles_line
                   : key_is(&f, "trusted-from")  ? &from_line
                   : key_is(&f, "trusted-until") ? &until_line
                                                 : NULL;
    if (seen == NULL)
      return fail(r, "unknown anchor field '%.*s'", (int)(f.key_len > 32 ? 32 : f.key_len), f.key);
    if (*seen)
      return fail(r, "'%.*s' repeats line %zu", (int)f.key_len, f.key, *seen);
    *seen = r->number;
    rc = seen == &roles_line  ? parse_roles(r, &f, e)
         : seen == &from_line ? parse_time(r, &f, &e->trusted_from)
                              : parse_time(r, &f, &e->trusted_until);
    if (rc)
      return rc;
  }
  if (!roles_line)
    return fail(r, "the entry of line %zu has no 'roles:' before its certificate", e->line);
  if (e->trusted_from && e->trusted_until && e->trusted_until <= e->trusted_from)
    return fail(r, "in the entry of line %zu, 'trusted-until' must come after 'trusted-from'",
                e->line);
  return read_certificate(r, e);
}

static int read_signature(line_reader *r, const field *f, eseal__trust_list *tl) {
  static const char *const algorithms[] = {"SM2-SM3", "ECDSA-P256-SHA256", "RSA-SHA256"};
  const char *space = memchr(f->value, ' ', f->value_len);
  if (space == NULL)
    return fail(r, "expected 'signature: <algorithm> <base64>'");
  size_t alg_len = (size_t)(space - f->value);
  const char *b64 = space + 1;
  size_t b64_len = f->value_len - alg_len - 1;
  size_t a = 0;
  while (a < 3 && !(strlen(algorithms[a]) == alg_len && memcmp(algorithms[a], f->value, alg_len) == 0))
    a++;
  if (a == 3)
    return fail_code(r, ESEAL_EUNSUPPORTED,
                     "the signature algorithm is not SM2-SM3, ECDSA-P256-SHA256 or RSA-SHA256");
  if (b64_len > (MAX_SIGNATURE_SIZE + 2) / 3 * 4)
    return fail_code(r, ESEAL_ELIMIT, "the signature is larger than %u bytes", MAX_SIGNATURE_SIZE);
  uint8_t *sig = eseal__malloc(b64_len / 4 * 3 + 1);
  if (sig == NULL)
    return eseal__error_oom();
  size_t sig_len = 0;
  if (base64_decode(b64, b64_len, sig, &sig_len) != 0) {
    eseal__free(sig);
    return fail(r, "the signature is not one piece of base64");
  }
  snprintf(tl->sig_alg, sizeof tl->sig_alg, "%s", algorithms[a]);
  tl->sig = sig;
  tl->sig_len = sig_len;
  tl->signed_len = r->start;
  tl->has_signature = 1;
  int rc = next_line(r);
  if (rc == 1)
    return fail(r, "nothing may follow the signature line");
  return rc;
}

/* The line of an earlier entry with the same certificate, or 0. */
static size_t repeated_certificate(const eseal__trust_list *tl, const eseal_cert *cert) {
  for (size_t i = 0; i < tl->entry_count; i++) {
    const eseal_cert *other = tl->entries[i].cert;
    if (other->der_len == cert->der_len && memcmp(other->der, cert->der, cert->der_len) == 0)
      return tl->entries[i].line;
  }
  return 0;
}

static int read_body(line_reader *r, eseal__trust_list *tl, uint64_t announced) {
  if (announced) {
    tl->entries = eseal__calloc((size_t)announced, sizeof *tl->entries);
    if (tl->entries == NULL)
      return eseal__error_oom();
  }
  int rc;
  while ((rc = next_line(r)) == 1) {
    if (line_is_blank(r) || line_is_comment(r))
      continue;
    field f;
    int is_field = split_field(r, &f) == 0;
    if (is_field && key_is(&f, "signature"))
      return read_signature(r, &f, tl);
    if (!is_field || !key_is(&f, "anchor"))
      return fail(r, "expected 'anchor: <label>' or 'signature: <algorithm> <base64>'");
    if (tl->entry_count == announced)
      return fail(r, "more anchors than the %" PRIu64 " the header announces", announced);
    eseal__tl_entry *e = &tl->entries[tl->entry_count];
    rc = read_entry(r, &f, e);
    if (rc) {
      eseal_cert_free(e->cert);
      e->cert = NULL;
      return rc;
    }
    size_t earlier = repeated_certificate(tl, e->cert);
    tl->entry_count++;
    if (earlier)
      return fail(r, "the entry of line %zu has the certificate of the entry of line %zu",
                  e->line, earlier);
  }
  return rc;
}

int eseal__trust_list_parse(eseal__trust_list *out, const uint8_t *data, size_t len) {
  memset(out, 0, sizeof *out);
  if (data == NULL && len)
    return eseal__error_set(ESEAL_EINVAL, "trust list: NULL data");
  if (len > ESEAL_TRUST_LIST_MAX_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "trust list: larger than %u bytes",
                            ESEAL_TRUST_LIST_MAX_SIZE);
  line_reader r = {data, len, 0, 0, 0, NULL, 0};
  uint64_t announced = 0;
  int rc = read_header(&r, out, &announced);
  if (rc == 0)
    rc = read_body(&r, out, announced);
  if (rc == 0 && out->entry_count != announced)
    rc = eseal__error_set(ESEAL_EFORMAT,
                          "trust list: the header announces %" PRIu64 " anchors, the list holds "
                          "%zu: it is truncated or incomplete",
                          announced, out->entry_count);
  if (rc)
    eseal__trust_list_release(out);
  return rc;
}

void eseal__trust_list_release(eseal__trust_list *tl) {
  for (size_t i = 0; i < tl->entry_count; i++)
    eseal_cert_free(tl->entries[i].cert);
  eseal__free(tl->entries);
  eseal__free(tl->sig);
  memset(tl, 0, sizeof *tl);
}

int eseal__trust_list_verify(const eseal__trust_list *tl, const uint8_t *data,
                             const eseal_cert *operator_cert) {
  if (!tl->has_signature)
    return eseal__error_set(ESEAL_ECRYPTO,
                            "trust list %s #%" PRIu64 " has no signature, but an operator "
                            "certificate was given to check one",
                            tl->name, tl->sequence);
  EVP_PKEY *key = X509_get0_pubkey(operator_cert->x509);
  const char *key_alg = eseal__pkey_algorithm(key);
  /* The library calls P-256 ECDSA "ECDSA-SHA256"; the file names the curve. */
  const char *alg = strcmp(tl->sig_alg, "ECDSA-P256-SHA256") == 0 ? "ECDSA-SHA256" : tl->sig_alg;
  if (key_alg == NULL || strcmp(key_alg, alg) != 0)
    return eseal__error_set(ESEAL_ECRYPTO,
                            "trust list %s #%" PRIu64 " is signed with %s, which the operator "
                            "certificate's %s key does not make",
                            tl->name, tl->sequence, tl->sig_alg,
                            key ? EVP_PKEY_get0_type_name(key) : "missing");
  int ok = eseal__pkey_verify(key, alg, (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                              strlen(ESEAL_SM2_DEFAULT_ID), data, tl->signed_len, tl->sig,
                              tl->sig_len);
  if (ok == ESEAL_ENOMEM)
    return ok;
  if (ok != 1)
    return eseal__error_set(ESEAL_ECRYPTO,
                            "trust list %s #%" PRIu64 ": the signature does not verify with the "
                            "operator certificate's key",
                            tl->name, tl->sequence);
  if (!eseal__cert_can_sign(operator_cert))
    return eseal__error_set(ESEAL_ECERT,
                            "trust list %s #%" PRIu64 ": the operator certificate's key usage "
                            "does not allow signing",
                            tl->name, tl->sequence);
  if (tl->issued < operator_cert->not_before || tl->issued > operator_cert->not_after)
    return eseal__error_set(ESEAL_ECERT,
                            "trust list %s #%" PRIu64 ": the operator certificate was not valid "
                            "when the list was issued",
                            tl->name, tl->sequence);
  return 0;
}

ESEAL_EXTERN(int) eseal_trust_list_peek(const uint8_t *data, size_t len, char *name,
                                        size_t name_cap, uint64_t *sequence) {
  eseal__trust_list tl;
  int rc = eseal__trust_list_parse(&tl, data, len);
  if (rc)
    return rc;
  if (name && strlen(tl.name) >= name_cap)
    rc = eseal__error_set(ESEAL_EINVAL, "eseal_trust_list_peek: the name needs %zu bytes",
                          strlen(tl.name) + 1);
  else if (name)
    memcpy(name, tl.name, strlen(tl.name) + 1);
  if (rc == 0 && sequence)
    *sequence = tl.sequence;
  eseal__trust_list_release(&tl);
  return rc;
}
