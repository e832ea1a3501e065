/* eseal_seal_builder_draw_picture(): a picture (SVG or PNG) drawn from the builder's own elements. */
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "picture.h"
#include "seal_builder.h"

/* The O= of a certificate's subject, UTF-8, into `out`; "" when absent. */
static void organisation_of(const eseal_cert *cert, char *out, size_t cap) {
  out[0] = 0;
  X509_NAME *name = X509_get_subject_name(cert->x509);
  int i = X509_NAME_get_index_by_NID(name, NID_organizationName, -1);
  unsigned char *utf8 = NULL;
  int n = i < 0 ? -1
                : ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
  if (n > 0 && (size_t)n < cap) {
    memcpy(out, utf8, (size_t)n);
    out[n] = 0;
  }
  OPENSSL_free(utf8);
}

ESEAL_EXTERN(int) eseal_seal_builder_draw_picture(eseal_seal_builder *b,
                                                  const eseal_picture_options *opts) {
  if (b == NULL || opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_draw_picture: NULL argument");
  eseal_picture_options o;
  int rc = eseal__picture_options_copy(&o, opts);
  if (rc)
    return rc;
  char organisation[256];
  if (o.name == NULL)
    o.name = b->name;
  if (o.shape == ESEAL_PICTURE_ROUND && o.code == NULL)
    o.code = b->esid;
  if (o.shape == ESEAL_PICTURE_ROUND && o.organisation == NULL) {
    if (b->cert_count == 0)
      return eseal__error_set(ESEAL_EINVAL, "no organisation given and no signer certificate "
                              "to take it from");
    organisation_of(b->certs[0], organisation, sizeof organisation);
    if (organisation[0] == 0)
      return eseal__error_set(ESEAL_EINVAL, "the first signer certificate has no O= to draw");
    o.organisation = organisation;
  }
  eseal_buf pic = ESEAL_BUF_INIT;
  rc = o.png_dpi ? eseal_picture_png(&pic, &o, o.png_dpi) : eseal_picture_svg(&pic, &o);
  if (rc == 0) {
    unsigned int w, h;
    eseal__picture_size(&o, &w, &h);
    rc = eseal_seal_builder_set_picture(b, o.png_dpi ? "PNG" : "SVG", pic.ptr, pic.size, w, h);
  }
  eseal_buf_dispose(&pic);
  return rc;
}
