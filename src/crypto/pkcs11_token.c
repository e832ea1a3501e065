/* Choosing the token a pkcs11: URI names, and logging in with a PIN from the chosen source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "pkcs11_internal.h"

/* Most slots looked at, and longest PIN accepted. */
#define SLOTS_MAX 256
#define PIN_MAX 256

static int token_matches(const eseal__p11uri *u, CK_SLOT_ID id, const CK_SLOT_INFO *si,
                         const CK_TOKEN_INFO *ti) {
  return (!u->has_slot_id || u->slot_id == id) &&
         eseal__p11uri_match_field(&u->slot_description, si->slotDescription,
                                   sizeof si->slotDescription) &&
         eseal__p11uri_match_field(&u->slot_manufacturer, si->manufacturerID,
                                   sizeof si->manufacturerID) &&
         eseal__p11uri_match_field(&u->token, ti->label, sizeof ti->label) &&
         eseal__p11uri_match_field(&u->manufacturer, ti->manufacturerID,
                                   sizeof ti->manufacturerID) &&
         eseal__p11uri_match_field(&u->serial, ti->serialNumber, sizeof ti->serialNumber) &&
         eseal__p11uri_match_field(&u->model, ti->model, sizeof ti->model);
}

static int library_matches(CK_FUNCTION_LIST *f, const eseal__p11uri *u) {
  CK_INFO info;
  if (u->library_manufacturer.value == NULL && u->library_description.value == NULL &&
      u->library_version.value == NULL)
    return 1;
  if (f->C_GetInfo(&info) != CKR_OK)
    return 0;
  char version[16];
  snprintf(version, sizeof version, "%u.%u", info.libraryVersion.major, info.libraryVersion.minor);
  return eseal__p11uri_match_field(&u->library_manufacturer, info.manufacturerID,
                                   sizeof info.manufacturerID) &&
         eseal__p11uri_match_field(&u->library_description, info.libraryDescription,
                                   sizeof info.libraryDescription) &&
         (u->library_version.value == NULL || strcmp(u->library_version.value, version) == 0);
}

int eseal__p11_find_slot(CK_FUNCTION_LIST *f, const eseal__p11uri *uri, CK_SLOT_ID *slot,
                         CK_TOKEN_INFO *info) {
  if (!library_matches(f, uri))
    return eseal__error_set(ESEAL_ENOTFOUND, "pkcs11 URI: the module does not match the "
                                             "library attributes");
  CK_SLOT_ID slots[SLOTS_MAX];
  CK_ULONG n = SLOTS_MAX;
  CK_RV rv = f->C_GetSlotList(CK_TRUE, slots, &n);
  if (rv == CKR_BUFFER_TOO_SMALL)
    return eseal__error_set(ESEAL_ELIMIT, "the module has more than %d tokens", SLOTS_MAX);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, "C_GetSlotList");
  int found = 0;
  for (CK_ULONG i = 0; i < n; i++) {
    CK_SLOT_INFO si;
    CK_TOKEN_INFO ti;
    if (f->C_GetSlotInfo(slots[i], &si) != CKR_OK || f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
      continue;
    /* A token not yet initialised holds no keys. */
    if (!(ti.flags & CKF_TOKEN_INITIALIZED) || !token_matches(uri, slots[i], &si, &ti))
      continue;
    if (found++)
      return eseal__error_set(ESEAL_EAMBIGUOUS, "the pkcs11 URI matches more than one token; "
                                                "add token= or serial=");
    *slot = slots[i];
    *info = ti;
  }
  if (!found)
    return eseal__error_set(ESEAL_ENOTFOUND, "no token matches the pkcs11 URI");
  return 0;
}

/* The first line of `path` into pin (PIN_MAX bytes); ESEAL_EIO when unreadable. */
static int pin_from_file(const char *path, char *pin) {
  FILE *fp = fopen(path, "rb");
  if (fp == NULL)
    return eseal__error_set(ESEAL_EIO, "cannot read the PIN file %s", path);
  size_t n = fread(pin, 1, PIN_MAX - 1, fp);
  fclose(fp);
  pin[n] = '\0';
  pin[strcspn(pin, "\r\n")] = '\0';
  return 0;
}

static int copy_pin(char *pin, const char *value, const char *source) {
  size_t n = strlen(value);
  if (n >= PIN_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "the PIN from %s is longer than %d bytes", source,
                            PIN_MAX - 1);
  memcpy(pin, value, n + 1);
  return 0;
}

/* The PIN by the order of pkcs11.h; 1 when there is none. */
static int choose_pin(char *pin, const CK_TOKEN_INFO *info, const eseal__p11uri *uri,
                      const eseal_pkcs11_options *o) {
  if (o->pin)
    return copy_pin(pin, o->pin, "the options");
  if (o->pin_file)
    return pin_from_file(o->pin_file, pin);
  if (o->pin_env) {
    const char *v = getenv(o->pin_env);
    if (v == NULL)
      return eseal__error_set(ESEAL_EPASSWORD, "the environment variable %s is not set",
                              o->pin_env);
    return copy_pin(pin, v, o->pin_env);
  }
  if (uri->pin_value.value)
    return copy_pin(pin, uri->pin_value.value, "the URI");
  if (uri->pin_source.value) {
    const char *path = uri->pin_source.value;
    if (strncmp(path, "file:", 5) == 0)
      path += 5;
    return pin_from_file(path, pin);
  }
  if (o->pin_callback) {
    char label[sizeof info->label + 1];
    size_t n = sizeof info->label;
    memcpy(label, info->label, n);
    while (n > 0 && label[n - 1] == ' ')
      n--;
    label[n] = '\0';
    pin[0] = '\0';
    if (o->pin_callback(o->pin_userdata, label, pin, PIN_MAX) < 0)
      return eseal__error_set(ESEAL_EPASSWORD, "no PIN given for token \"%s\"", label);
    pin[PIN_MAX - 1] = '\0';
    return 0;
  }
  return 1;
}

int eseal__p11_login(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const CK_TOKEN_INFO *info,
                     const eseal__p11uri *uri, const eseal_pkcs11_options *opts) {
  if (info->flags & CKF_USER_PIN_LOCKED)
    return eseal__error_set(ESEAL_ELOCKED, "the token's user PIN is locked");
  CK_RV rv;
  if (info->flags & CKF_PROTECTED_AUTHENTICATION_PATH) {
    rv = f->C_Login(s, CKU_USER, NULL, 0);
  } else {
    char pin[PIN_MAX];
    int rc = choose_pin(pin, info, uri, opts);
    if (rc == 1) {
      if (info->flags & CKF_LOGIN_REQUIRED)
        return eseal__error_set(ESEAL_EPASSWORD, "the token needs a PIN and none was given");
      return 0;
    }
    if (rc) {
      OPENSSL_cleanse(pin, sizeof pin);
      return rc;
    }
    rv = f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)pin, (CK_ULONG)strlen(pin));
    OPENSSL_cleanse(pin, sizeof pin);
  }
  if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN)
    return 0;
  return eseal__p11_error(rv, "C_Login");
}
