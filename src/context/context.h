/* The eseal_ctx object. */
#ifndef ESEAL_CONTEXT_CONTEXT_H
#define ESEAL_CONTEXT_CONTEXT_H

#include <openssl/x509_vfy.h>

#include "eseal/context.h"

#define ESEAL__MAX_STAMP_CHECKS 32

typedef struct eseal__stamp_hook {
  char name[64];
  eseal_stamp_check_fn check;
  void *payload;
} eseal__stamp_hook;

struct eseal_ctx {
  eseal_clock_fn clock;
  void *clock_payload;
  int64_t fixed_time;
  uint8_t *sm2_id;
  size_t sm2_id_len;
  /* Trust anchors, each carrying the SM2 ID. */
  X509_STORE *store;
  size_t trust_count;
  /* Untrusted CA certificates offered for chain building. */
  STACK_OF(X509) *intermediates;
  eseal__stamp_hook hooks[ESEAL__MAX_STAMP_CHECKS];
  size_t hook_count;
};

#endif
