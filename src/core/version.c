/* Version and limit queries. */
#include "eseal/common.h"

ESEAL_EXTERN(const char *) eseal_version(void) {
  return ESEAL_VERSION;
}

ESEAL_EXTERN(unsigned int) eseal_version_number(void) {
  return ESEAL_VERSION_NUMBER;
}

ESEAL_EXTERN(size_t) eseal_limit(eseal_limit_id which) {
  switch (which) {
  case ESEAL_LIMIT_INPUT_SIZE: return ESEAL_MAX_INPUT_SIZE;
  case ESEAL_LIMIT_NESTING: return ESEAL_MAX_NESTING;
  case ESEAL_LIMIT_CERTS: return ESEAL_MAX_CERTS;
  case ESEAL_LIMIT_PICTURE_SIZE: return ESEAL_MAX_PICTURE_SIZE;
  case ESEAL_LIMIT_EXTENSIONS: return ESEAL_MAX_EXTENSIONS;
  case ESEAL_LIMIT_TEXT_SIZE: return ESEAL_MAX_TEXT_SIZE;
  case ESEAL_LIMIT_CERT_SIZE: return ESEAL_MAX_CERT_SIZE;
  }
  return 0;
}
