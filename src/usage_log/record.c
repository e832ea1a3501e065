/* Usage records: the public struct's helpers and the canonical CBOR codec (see record.h). */
#include "record.h"

#include "eseal/errors.h"
#include "../core/error.h"

ESEAL_EXTERN(int) eseal_usage_record_init(eseal_usage_record *rec, unsigned int version) {
  if (rec == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_usage_record_init: NULL record");
  if (version != ESEAL_USAGE_RECORD_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_usage_record: unknown version %u", version);
  *rec = (eseal_usage_record)ESEAL_USAGE_RECORD_INIT;
  return 0;
}

static const char *const action_names[] = {
    NULL,     "stamp-intent", "stamp-done", "stamp-refused", "physical",      "register",
    "freeze", "unfreeze",     "lost",       "cancel",        "alert",         "loss-notified",
    "log-key",
};

ESEAL_EXTERN(const char *) eseal_usage_action_name(eseal_usage_action action) {
  if ((unsigned)action >= sizeof action_names / sizeof action_names[0])
    return NULL;
  return action_names[action];
}
