/* The thread-local error slot. The message lives in a fixed buffer so that
 * reporting an out-of-memory condition never needs memory. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

#include "eseal/errors.h"

#define MESSAGE_CAPACITY 512

static _Thread_local struct {
  int set;
  char message[MESSAGE_CAPACITY];
  eseal_error error;
} slot;

int eseal__error_set(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(slot.message, sizeof slot.message, fmt, ap);
  va_end(ap);
  slot.error.code = code;
  slot.error.message = slot.message;
  slot.set = 1;
  return code;
}

int eseal__error_prefix(int code, const char *prefix) {
  char copy[MESSAGE_CAPACITY];
  snprintf(copy, sizeof copy, "%s", slot.set ? slot.message : "");
  return eseal__error_set(code, "%s: %s", prefix, copy);
}

int eseal__error_oom(void) {
  return eseal__error_set(ESEAL_ENOMEM, "out of memory");
}

ESEAL_EXTERN(const eseal_error *) eseal_error_last(void) {
  return slot.set ? &slot.error : NULL;
}

ESEAL_EXTERN(void) eseal_error_clear(void) {
  slot.set = 0;
}

ESEAL_EXTERN(const char *) eseal_strerror(int code) {
  switch (code) {
  case ESEAL_OK: return "success";
  case ESEAL_ERROR: return "error";
  case ESEAL_ENOMEM: return "out of memory";
  case ESEAL_EINVAL: return "invalid argument";
  case ESEAL_EFORMAT: return "malformed input";
  case ESEAL_ELIMIT: return "resource limit exceeded";
  case ESEAL_ENOTFOUND: return "not found";
  case ESEAL_EIO: return "input/output error";
  case ESEAL_EUNSUPPORTED: return "unsupported";
  case ESEAL_EVERSION: return "unknown struct version";
  case ESEAL_ENOTBOUND: return "signer certificate not bound to the seal";
  case ESEAL_ESEALTIME: return "seal not valid at this time";
  case ESEAL_ECERT: return "certificate not usable";
  case ESEAL_EBADSEAL: return "seal signature invalid";
  case ESEAL_ECRYPTO: return "cryptographic operation failed";
  case ESEAL_EPASSWORD: return "wrong password";
  case ESEAL_EEXPIRED: return "expired or not yet valid";
  case ESEAL_EFROZEN: return "seal frozen";
  case ESEAL_ELOST: return "seal lost or cancelled";
  case ESEAL_EEXISTS: return "already exists";
  case ESEAL_ETAMPERED: return "integrity check failed: data was altered";
  case ESEAL_EREVOKED: return "certificate revoked";
  case ESEAL_ESTATUS: return "revocation status unknown";
  case ESEAL_ENETWORK: return "network fetch failed";
  case ESEAL_EEGRESS: return "fetch refused by the egress rules";
  case ESEAL_EMODULE: return "device library (PKCS#11 module) missing or unusable";
  case ESEAL_ELOCKED: return "token PIN locked";
  case ESEAL_EAMBIGUOUS: return "more than one match";
  default: return "unknown error code";
  }
}
