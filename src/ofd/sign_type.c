/* Type="Sign": the SignedData verifier, given Signature.xml and its signed SignatureDateTime. */
#include "sign_type.h"

#include <string.h>

#include "../asn1/timefmt.h"
#include "signed_data.h"

/* SignatureDateTime in the forms real files use (ses-format.md §9); 0 when unreadable. */
static int xml_time(const char *text, int64_t *utc) {
  if (text == NULL)
    return 0;
  eseal__time t;
  const char *why = NULL;
  size_t len = strlen(text);
  if (eseal__time_parse_text(text, len, &t, &why) == 0 ||
      eseal__time_parse_generalized(text, len, &t, &why) == 0) {
    *utc = t.utc;
    return 1;
  }
  return 0;
}

int eseal__ofd_verify_sign_type(eseal_report **out, const eseal_ctx *ctx, const eseal__ofd_sig *sig,
                                const uint8_t *value, size_t len, const eseal_verify_options *opts) {
  int64_t when = 0;
  int have = xml_time(sig->signature_date_time, &when);
  return eseal_ofd__verify_signed_data(out, ctx, value, len, sig->xml, sig->xml_len,
                                       have ? &when : NULL, opts);
}
