/*
 * Holiday calendars (src/policy/calendar.c): arbitrary bytes read by
 * eseal_policy_load_calendar() into a policy with an hours rule. The
 * contract: 0, or a negative code with its message and the policy's calendar
 * unchanged (a probe date keeps its answer). Limits: ESEAL_POLICY_MAX_BYTES
 * (1 MiB) per file, ESEAL_POLICY_MAX_DATES (4096) dates.
 */
#include <eseal.h>

#include "fuzz_common.h"

/* Thursday 2026-10-01 10:00 in Beijing, a holiday in the policy. */
#define PROBE 1790820000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_policy *p = NULL;
  if (eseal_policy_new(&p) != 0)
    return 0;
  if (eseal_policy_add_hours_rule(p, "h", ESEAL_RISK_ALERT) != 0 ||
      eseal_policy_hours_add(p, "h", 3, 9 * 60, 18 * 60) != 0 ||
      eseal_policy_add_date(p, 2026, 10, 1, 0) != 0) {
    eseal_policy_free(p);
    return 0;
  }
  int rc = eseal_policy_load_calendar(p, data, size);
  FUZZ_CHECK(rc <= 0);
  if (rc < 0) {
    const eseal_error *e = eseal_error_last();
    FUZZ_CHECK(e != NULL && e->code == rc);
    FUZZ_CHECK(rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ENOMEM);
    FUZZ_CHECK(eseal_policy_in_hours(p, "h", PROBE) == 0);
  } else {
    int in = eseal_policy_in_hours(p, "h", PROBE);
    FUZZ_CHECK(in == 0 || in == 1);
  }
  eseal_policy_free(p);
  return 0;
}
