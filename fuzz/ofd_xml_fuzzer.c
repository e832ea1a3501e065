/*
 * The Signatures.xml and Signature.xml readers of src/ofd/structure.c, over
 * XML given directly (the first byte picks which, the rest is the file), and
 * the streaming page scan of src/ofd/xml.c. Checks that every path they keep
 * is normalised and that CheckValues are whole base64 decodes.
 */
#include <string.h>

#include <libxml/tree.h>

#include "fuzz_common.h"
#include "core/alloc.h"
#include "ofd/package.h"
#include "ofd/xml.h"

static void normalised(const char *path) {
  if (path)
    FUZZ_CHECK(path[0] && path[0] != '/' && strstr(path, "//") == NULL &&
               strncmp(path, "../", 3) != 0 && strstr(path, "/../") == NULL);
}

static void on_text(void *arg, const char *text) {
  FUZZ_CHECK(strlen(text) <= 4096);
  (*(size_t *)arg)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint8_t which = data[0] % 3;
  data++, size--;
  if (which == 2) {
    eseal__xml_scan *scan = NULL;
    size_t texts = 0;
    if (eseal__xml_scan_new(&scan, "PageRes", "Content", on_text, &texts) == 0) {
      size_t half = size / 2;
      if (eseal__xml_scan_feed(scan, data, half) == 0 && eseal__xml_scan_feed(scan, data + half, size - half) == 0)
        (void)eseal__xml_scan_end(scan, "fuzz");
    }
    eseal__xml_scan_free(scan);
    return 0;
  }
  eseal__ofd_doc *doc = eseal__calloc(1, sizeof *doc);
  if (doc == NULL)
    return 0;
  if (which == 0) {
    if (eseal__ofd_parse_signatures(doc, "Doc_0/Signs/Signatures.xml", data, size) == 0)
      for (size_t i = 0; i < doc->sig_count; i++) {
        FUZZ_CHECK(doc->sigs[i].type != NULL);
        normalised(doc->sigs[i].path);
      }
  } else {
    eseal__ofd_sig sig;
    memset(&sig, 0, sizeof sig);
    if (eseal__ofd_parse_signature(doc, &sig, "Doc_0/Signs/Sign_0/Signature.xml", data, size) == 0) {
      normalised(sig.signed_value);
      normalised(sig.seal);
      for (size_t i = 0; i < sig.ref_count; i++) {
        normalised(sig.refs[i].path);
        /* An empty CheckValue decodes to nothing: never a zero-length digest to compare. */
        FUZZ_CHECK(sig.refs[i].check_value == NULL || sig.refs[i].check_value_len > 0);
      }
    }
  }
  eseal__ofd_doc_free(doc);
  return 0;
}
