/*
 * The OFD container walk: an OFD package (zip) opened under the limits of
 * src/ofd/package.h, every entry read, then OFD.xml → Signatures.xml →
 * Signature.xml and the rendered-file walk. Checks the name rules the rest of
 * the code relies on: names normalised, found again by name, never climbing.
 */
#include <string.h>

#include "fuzz_common.h"
#include "ofd/package.h"
#include "ofd/rendered.h"

static int count(void *arg, const uint8_t *data, size_t len) {
  fuzz_touch(data, len);
  *(size_t *)arg += len;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal__ofd_pkg *pkg = NULL;
  if (eseal__ofd_pkg_open_bytes(&pkg, data, size) != 0) {
    FUZZ_CHECK(pkg == NULL);
    return 0;
  }
  size_t n = eseal__ofd_pkg_entry_count(pkg);
  FUZZ_CHECK(n <= ESEAL__OFD_MAX_ENTRIES);
  for (size_t i = 0; i < n; i++) {
    const char *name = eseal__ofd_pkg_entry_name(pkg, i);
    FUZZ_CHECK(name[0] != '/' && strstr(name, "//") == NULL && strcmp(name, "..") != 0 &&
               strncmp(name, "../", 3) != 0 && strstr(name, "/../") == NULL);
    if (eseal__ofd_pkg_entry_is_dir(pkg, i))
      continue;
    FUZZ_CHECK(eseal__ofd_pkg_find(pkg, name) == (long)i);
    size_t seen = 0;
    if (eseal__ofd_pkg_stream(pkg, name, count, &seen) == 0)
      FUZZ_CHECK(seen == eseal__ofd_pkg_entry_size(pkg, i));
  }
  eseal__ofd_doc *doc = NULL;
  if (eseal__ofd_doc_read(&doc, pkg) == 0) {
    for (size_t i = 0; i < doc->sig_count; i++)
      FUZZ_CHECK(doc->sigs[i].type != NULL && (doc->sigs[i].error != NULL) == (doc->sigs[i].xml == NULL));
    uint8_t *rendered = calloc(n ? n : 1, 1);
    if (rendered)
      (void)eseal__ofd_rendered(pkg, doc, rendered);
    free(rendered);
    eseal__ofd_doc_free(doc);
  }
  eseal__ofd_pkg_free(pkg);
  return 0;
}
