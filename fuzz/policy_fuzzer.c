/*
 * Risk policy files (src/policy/policy_json.c, calendar.c): arbitrary bytes
 * read by eseal_policy_load(). The contract: 0 with a policy, or a negative
 * code with its message and no policy; an accepted policy answers its
 * queries (hours, fences) for any time and place without failing. Limits:
 * ESEAL_POLICY_MAX_BYTES (1 MiB) per file, 256 rules, 64 areas of at most
 * 1024 vertices per rule, 8 intervals per weekday, 4096 calendar dates.
 */
#include <string.h>

#include <eseal.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_policy *p = (eseal_policy *)1;
  int rc = eseal_policy_load(&p, data, size);
  FUZZ_CHECK(rc <= 0);
  if (rc < 0) {
    const eseal_error *e = eseal_error_last();
    FUZZ_CHECK(p == NULL && e != NULL && e->code == rc);
    FUZZ_CHECK(rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ENOMEM);
    return 0;
  }
  FUZZ_CHECK(p != NULL && eseal_policy_rule_count(p) <= ESEAL_POLICY_MAX_RULES);
  /* Every rule named in the input answers; the probes are fixed. */
  static const char *const names[] = {"office-hours", "hq", "a", "r"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    int in = eseal_policy_in_hours(p, names[i], 1767225600);
    FUZZ_CHECK(in == 0 || in == 1 || in == ESEAL_ENOTFOUND);
    int out = eseal_policy_outside_fence(p, names[i], 30.0, 120.0, 10.0);
    FUZZ_CHECK(out == 0 || out == 1 || out == ESEAL_ENOTFOUND);
  }
  eseal_policy_free(p);
  return 0;
}
