/*
 * Finding a module by name through p11-kit's module configuration: the URI's
 * module-name=NAME names <dir>/NAME.module, whose "module:" line gives the
 * library (a relative one lives in p11-kit's module folder). The folders are
 * p11-kit's own, taken from its pkg-config file at build time.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "p11kit_paths.h" /* ESEAL_P11KIT_CONFIGS, ESEAL_P11KIT_MODULES (src/meson.build) */
#include "pkcs11_internal.h"

/* Longest configuration file read: they are a few lines. */
#define CONFIG_MAX 16384

/* A module name is a file name: no folders, no hidden files, printable ASCII. */
static int name_ok(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > 64 || name[0] == '.')
    return 0;
  for (size_t i = 0; i < n; i++)
    if (name[i] == '/' || name[i] == '\\' || name[i] <= ' ' || name[i] > '~')
      return 0;
  return 1;
}

/* The "module:" value of the configuration file `file` into `value`; 0, or -1 when none. */
static int module_line(const char *file, char *value, size_t size) {
  FILE *fp = fopen(file, "r");
  if (fp == NULL)
    return -1;
  char line[1024];
  size_t read = 0;
  int found = -1;
  while (found && read < CONFIG_MAX && fgets(line, sizeof line, fp)) {
    read += strlen(line);
    const char *p = line + strspn(line, " \t");
    if (strncmp(p, "module:", 7) != 0)
      continue;
    p += 7;
    p += strspn(p, " \t");
    size_t n = strcspn(p, "\r\n");
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
      n--;
    if (n > 0 && n < size) {
      memcpy(value, p, n);
      value[n] = '\0';
      found = 0;
    }
  }
  fclose(fp);
  return found;
}

int eseal__p11kit_module_path(const char *name, char *path, size_t size) {
  if (!name_ok(name))
    return eseal__error_set(ESEAL_EMODULE, "pkcs11 URI: module-name \"%.64s\" is not a module "
                                           "name", name);
  /* The administrator's folder first, as p11-kit reads it. */
  static const char *const folders[] = {"/etc/pkcs11/modules", ESEAL_P11KIT_CONFIGS};
  char file[512], value[512];
  for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
    snprintf(file, sizeof file, "%s/%s.module", folders[i], name);
    if (module_line(file, value, sizeof value) != 0)
      continue;
    int n = value[0] == '/' ? snprintf(path, size, "%s", value)
                            : snprintf(path, size, "%s/%s", ESEAL_P11KIT_MODULES, value);
    if (n < 0 || (size_t)n >= size)
      return eseal__error_set(ESEAL_ELIMIT, "the PKCS#11 module path is too long");
    return 0;
  }
  return eseal__error_set(ESEAL_EMODULE, "no p11-kit module configuration names \"%s\" (looked "
                                         "in /etc/pkcs11/modules and %s)",
                          name, ESEAL_P11KIT_CONFIGS);
}
