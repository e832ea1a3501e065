/*
 * Loading PKCS#11 modules. A module may be initialised only once per process,
 * so loaded modules are kept in one process-wide list with reference counts:
 * every key from the same library shares one initialisation, and the last key
 * freed finalises it. The list is the module's own global state, mirrored.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "pkcs11_internal.h"

struct eseal__p11module {
  void *dl;
  CK_FUNCTION_LIST *f;
  int finalise; /* 0 when someone else in the process had already initialised it */
  unsigned int refs;
  struct eseal__p11module *next;
};

static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;
static eseal__p11module *modules;

static int load(eseal__p11module **out, void *dl, const char *path) {
  CK_C_GetFunctionList get = NULL;
  /* dlsym returns an object pointer; copying it avoids the non-ISO cast. */
  void *sym = dlsym(dl, "C_GetFunctionList");
  memcpy(&get, &sym, sizeof get);
  CK_FUNCTION_LIST *f = NULL;
  if (sym == NULL || get(&f) != CKR_OK || f == NULL)
    return eseal__error_set(ESEAL_EMODULE, "%s is not a PKCS#11 module (no C_GetFunctionList)",
                            path);
  if (f->version.major != 2)
    return eseal__error_set(ESEAL_EMODULE, "%s speaks PKCS#11 %u.%u; 2.x is needed", path,
                            f->version.major, f->version.minor);
  CK_C_INITIALIZE_ARGS args;
  memset(&args, 0, sizeof args);
  args.flags = CKF_OS_LOCKING_OK; /* keys sign from several threads */
  CK_RV rv = f->C_Initialize(&args);
  if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
    eseal__p11_error(rv, "C_Initialize");
    return eseal__error_prefix(ESEAL_EMODULE, path);
  }
  eseal__p11module *m = eseal__calloc(1, sizeof *m);
  if (m == NULL) {
    if (rv == CKR_OK)
      f->C_Finalize(NULL);
    return eseal__error_oom();
  }
  m->dl = dl;
  m->f = f;
  m->finalise = rv == CKR_OK;
  m->refs = 1;
  *out = m;
  return 0;
}

int eseal__p11module_acquire(eseal__p11module **out, const char *path) {
  *out = NULL;
  if (path == NULL || *path == '\0')
    return eseal__error_set(ESEAL_EMODULE,
                            "no PKCS#11 module: give its path (module-path in the URI)");
  void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (dl == NULL) {
    const char *why = dlerror();
    return eseal__error_set(ESEAL_EMODULE, "cannot load PKCS#11 module: %s",
                            why ? why : path);
  }
  pthread_mutex_lock(&modules_lock);
  int rc = 0;
  eseal__p11module *m = modules;
  while (m && m->dl != dl)
    m = m->next;
  if (m) {
    m->refs++;
    dlclose(dl); /* drops the count dlopen() just added */
  } else if ((rc = load(&m, dl, path)) == 0) {
    m->next = modules;
    modules = m;
  } else {
    dlclose(dl);
  }
  pthread_mutex_unlock(&modules_lock);
  *out = m;
  return rc;
}

void eseal__p11module_release(eseal__p11module *m) {
  if (m == NULL)
    return;
  pthread_mutex_lock(&modules_lock);
  if (--m->refs == 0) {
    eseal__p11module **p = &modules;
    while (*p != m)
      p = &(*p)->next;
    *p = m->next;
    if (m->finalise)
      m->f->C_Finalize(NULL);
    dlclose(m->dl);
    eseal__free(m);
  }
  pthread_mutex_unlock(&modules_lock);
}

CK_FUNCTION_LIST *eseal__p11module_functions(const eseal__p11module *m) {
  return m->f;
}

int eseal__p11_error(CK_RV rv, const char *what) {
  switch (rv) {
  case CKR_PIN_INCORRECT:
  case CKR_PIN_INVALID:
  case CKR_PIN_LEN_RANGE:
  case CKR_USER_NOT_LOGGED_IN:
    return eseal__error_set(ESEAL_EPASSWORD, "%s: wrong or missing PIN (CKR 0x%lx)", what,
                            (unsigned long)rv);
  case CKR_PIN_LOCKED:
  case CKR_PIN_EXPIRED:
    return eseal__error_set(ESEAL_ELOCKED, "%s: the token's PIN is %s", what,
                            rv == CKR_PIN_LOCKED ? "locked" : "expired");
  case CKR_HOST_MEMORY:
    return eseal__error_oom();
  case CKR_MECHANISM_INVALID:
  case CKR_KEY_TYPE_INCONSISTENT:
  case CKR_KEY_FUNCTION_NOT_PERMITTED:
    return eseal__error_set(ESEAL_EUNSUPPORTED, "%s: the token refuses this mechanism (CKR 0x%lx)",
                            what, (unsigned long)rv);
  default:
    return eseal__error_set(ESEAL_ECRYPTO, "%s failed (CKR 0x%lx)", what, (unsigned long)rv);
  }
}
