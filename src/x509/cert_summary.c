#include "cert_summary.h"

#include <limits.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../asn1/timefmt.h"

static void hex(char *out, size_t cap, const uint8_t *data, size_t len) {
  static const char digits[] = "0123456789abcdef";
  size_t n = 0;
  for (size_t i = 0; i < len && n + 2 < cap; i++) {
    out[n++] = digits[data[i] >> 4];
    out[n++] = digits[data[i] & 15];
  }
  out[n] = 0;
}

void eseal__name_text(char *out, size_t cap, const X509_NAME *name) {
  BIO *bio = BIO_new(BIO_s_mem());
  char *text = NULL;
  long n = 0;
  out[0] = 0;
  if (bio && X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
    n = BIO_get_mem_data(bio, &text);
  if (text && n > 0) {
    size_t len = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
    memcpy(out, text, len);
    out[len] = 0;
  }
  BIO_free(bio);
}

int eseal__asn1_time_utc(const ASN1_TIME *t, int64_t *utc) {
  int days = 0, secs = 0;
  /* The difference from the epoch gives UTC seconds, whatever the local zone. */
  ASN1_TIME *epoch = ASN1_TIME_set(NULL, 0);
  int ok = t && epoch && ASN1_TIME_diff(&days, &secs, epoch, t) == 1;
  ASN1_TIME_free(epoch);
  if (ok)
    *utc = (int64_t)days * 86400 + secs;
  return ok ? 0 : -1;
}

static void time_text(char out[21], const ASN1_TIME *t) {
  int64_t utc = 0;
  out[0] = 0;
  if (eseal__asn1_time_utc(t, &utc) != 0 || eseal__time_format_iso(utc, out) != 0)
    out[0] = 0;
}

void eseal__cert_summary_read(eseal__cert_summary *out, const uint8_t *der, size_t len) {
  uint8_t md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  memset(out, 0, sizeof *out);
  if (der && EVP_Digest(der, len, md, &md_len, EVP_sm3(), NULL) == 1)
    hex(out->sm3_hex, sizeof out->sm3_hex, md, md_len);
  const unsigned char *p = der;
  X509 *cert = der && len <= LONG_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
  if (cert == NULL) {
    out->error = "not a DER X.509 certificate";
    return;
  }
  if (p != der + len) {
    out->error = "trailing bytes after the certificate";
  } else {
    const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
    eseal__name_text(out->subject, sizeof out->subject, X509_get_subject_name(cert));
    eseal__name_text(out->issuer, sizeof out->issuer, X509_get_issuer_name(cert));
    hex(out->serial_hex, sizeof out->serial_hex, ASN1_STRING_get0_data(serial),
        (size_t)ASN1_STRING_length(serial));
    time_text(out->not_before, X509_get0_notBefore(cert));
    time_text(out->not_after, X509_get0_notAfter(cert));
  }
  X509_free(cert);
}
