/* Parse options, format names and file input. */
#include "eseal/errors.h"
#include "../core/error.h"
#include "model.h"

ESEAL_EXTERN(int) eseal_parse_options_init(eseal_parse_options *opts, unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_parse_options_init: opts is NULL");
  if (version == 0 || version > ESEAL_PARSE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_parse_options: unknown version %u", version);
  *opts = (eseal_parse_options)ESEAL_PARSE_OPTIONS_INIT;
  opts->version = version;
  return 0;
}

int eseal__parse_flags(const eseal_parse_options *opts, unsigned int *flags) {
  *flags = 0;
  if (opts == NULL)
    return 0;
  if (opts->version == 0 || opts->version > ESEAL_PARSE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_parse_options: unknown version %u",
                            opts->version);
  if (opts->flags & ~(unsigned int)ESEAL_PARSE_STRICT)
    return eseal__error_set(ESEAL_EINVAL, "eseal_parse_options: unknown flags 0x%x",
                            opts->flags & ~(unsigned int)ESEAL_PARSE_STRICT);
  *flags = opts->flags;
  return 0;
}

ESEAL_EXTERN(const char *) eseal_format_name(eseal_format_version format) {
  switch (format) {
  case ESEAL_FORMAT_V1: return "V1";
  case ESEAL_FORMAT_V4: return "V4";
  case ESEAL_FORMAT_V5: return "V5";
  default: return "unknown";
  }
}

ESEAL_EXTERN(const char *) eseal_kind_name(eseal_kind kind) {
  switch (kind) {
  case ESEAL_KIND_SEAL: return "seal";
  case ESEAL_KIND_SIGNATURE: return "signature";
  default: return "unknown";
  }
}

ESEAL_EXTERN(const char *) eseal_sigval_encoding_name(eseal_sigval_encoding encoding) {
  switch (encoding) {
  case ESEAL_SIGVAL_DER: return "der";
  case ESEAL_SIGVAL_RAW_RS: return "raw_rs";
  case ESEAL_SIGVAL_RAW_RS_PADDED: return "raw_rs_padded";
  case ESEAL_SIGVAL_OPAQUE: return "opaque";
  default: return "unknown";
  }
}
