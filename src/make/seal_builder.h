/* The seal builder's state, shared by its setters and eseal_seal_build(). */
#ifndef ESEAL_MAKE_SEAL_BUILDER_H
#define ESEAL_MAKE_SEAL_BUILDER_H

#include "eseal/seal_builder.h"

typedef struct eseal__builder_extension {
  char *oid;
  int critical;
  uint8_t *value;
  size_t len;
} eseal__builder_extension;

struct eseal_seal_builder {
  eseal_format_version format;
  char *vendor;
  char *esid;
  char *name;
  int64_t type;
  eseal_cert_list_type list_type;
  eseal_cert *certs[ESEAL_MAX_CERTS];
  size_t cert_count;
  int64_t dates[3]; /* create, valid start, valid end */
  int dates_set;
  /* 0: the creation date is the context clock's time when the seal is built. */
  int create_set;
  char picture_type[8];
  uint8_t *picture;
  size_t picture_len;
  unsigned int picture_width, picture_height;
  eseal__builder_extension extensions[ESEAL_MAX_EXTENSIONS];
  size_t extension_count;
};

#endif
