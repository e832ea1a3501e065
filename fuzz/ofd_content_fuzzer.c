/*
 * The keyword search of OFD stamping over a page's Content.xml (src/ofd/keyword.c):
 * the hardened XML reader, TextObject/TextCode walking, Boundary/CTM/DeltaX
 * number lists ("g N v" repeats) and UTF-8 text joining.
 *
 * The input is the page content; the keyword is either the first line of the
 * input (when it starts with "K:") or 盖章处. Checks: the result contract (0,
 * or an error with the error slot set), at most `max` hits, finite centres.
 */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "ofd/stamp_parts.h"

#define MAX_HITS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char keyword[64] = "盖章处";
  if (size > 2 && data[0] == 'K' && data[1] == ':') {
    const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
    if (nl != NULL) {
      size_t n = (size_t)(nl - data) - 2;
      memcpy(keyword, data + 2, n);
      keyword[n] = '\0';
      size -= (size_t)(nl - data) + 1;
      data = nl + 1;
    }
  }
  eseal_ofd__hit hits[MAX_HITS];
  size_t count = 0;
  int rc = eseal_ofd__keyword_find(data, size, keyword, 0, hits, MAX_HITS, &count);
  if (rc != 0) {
    FUZZ_CHECK(rc < 0 && eseal_error_last() != NULL);
    return 0;
  }
  FUZZ_CHECK(count <= MAX_HITS);
  for (size_t i = 0; i < count; i++)
    FUZZ_CHECK(hits[i].page == 0 && !isnan(hits[i].x) && !isnan(hits[i].y));
  return 0;
}
