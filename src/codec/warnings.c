/* The warning list and the table of stable warning ids. doc/warnings.md explains each. */
#include <string.h>

#include "eseal/errors.h"
#include "model.h"

typedef struct warning_kind {
  const char *id;
  /* An encoding that deviates from DER or the standard; refused in strict mode.
   * The others are notes about legitimate but noteworthy content. */
  int quirk;
} warning_kind;

static const warning_kind kinds[] = {
    {"der.trailing_bytes", 1},
    {"der.explicit_default", 1},
    {"der.boolean_value", 1},
    {"signature.raw_rs", 1},
    {"signature.raw_rs_padded", 1},
    {"signature.integer_unsigned", 1},
    {"signature.integer_ber", 1},
    {"tagging.implicit", 1},
    {"tagging.untagged", 1},
    {"extensions.tagged", 1},
    {"extensions.wrapped", 1},
    {"v1.cert_id", 1},
    {"v1.octet_string", 1},
    {"v1.wrapped_seal", 1},
    {"v1.wrapped_sign_info", 1},
    {"time.type", 1},
    {"time.not_der", 1},
    {"time.no_zone", 1},
    {"text.string_type", 1},
    {"text.not_ia5", 1},
    {"text.not_printable", 1},
    {"text.bad_utf8", 1},
    {"picture.type_case", 1},
    {"header.version_mismatch", 1},
    {"version.tbs_mismatch", 1},
    {"version.mixed", 1},
    /* Notes. */
    {"picture.type_ofd", 0},
    {"picture.type_unknown", 0},
    {"header.id", 0},
    {"header.version_unusual", 0},
    {"time.fraction", 0},
    {"v1.time_no_zone", 0},
    {"v1.time_undecoded", 0},
    {"certlist.duplicate", 0},
};

int eseal__warning_is_quirk(const char *id) {
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(kinds[i].id, id) == 0)
      return kinds[i].quirk;
  return 1;
}

int eseal__warnings_add(eseal_warnings *list, eseal__arena *arena, const char *id,
                        const char *path, const char *message) {
  if (list->count == list->capacity) {
    size_t cap = list->capacity ? list->capacity * 2 : 8;
    eseal__warning *items = eseal__arena_alloc(arena, cap * sizeof *items);
    if (items == NULL)
      return ESEAL_ENOMEM;
    if (list->count)
      memcpy(items, list->items, list->count * sizeof *items);
    list->items = items;
    list->capacity = cap;
  }
  eseal__warning *w = &list->items[list->count];
  w->path = eseal__arena_strdup(arena, path);
  w->message = eseal__arena_strdup(arena, message);
  if (w->path == NULL || w->message == NULL)
    return ESEAL_ENOMEM;
  /* Ids come from the static table or from static strings of the parser. */
  w->id = id;
  list->count++;
  return 0;
}

ESEAL_EXTERN(size_t) eseal_warnings_count(const eseal_warnings *warnings) {
  return warnings ? warnings->count : 0;
}

static const eseal__warning *warning_at(const eseal_warnings *warnings, size_t i) {
  return warnings && i < warnings->count ? &warnings->items[i] : NULL;
}

ESEAL_EXTERN(const char *) eseal_warnings_id(const eseal_warnings *warnings, size_t i) {
  const eseal__warning *w = warning_at(warnings, i);
  return w ? w->id : NULL;
}

ESEAL_EXTERN(const char *) eseal_warnings_path(const eseal_warnings *warnings, size_t i) {
  const eseal__warning *w = warning_at(warnings, i);
  return w ? w->path : NULL;
}

ESEAL_EXTERN(const char *) eseal_warnings_message(const eseal_warnings *warnings, size_t i) {
  const eseal__warning *w = warning_at(warnings, i);
  return w ? w->message : NULL;
}

ESEAL_EXTERN(int) eseal_warnings_has(const eseal_warnings *warnings, const char *id) {
  for (size_t i = 0; id && i < eseal_warnings_count(warnings); i++)
    if (strcmp(warnings->items[i].id, id) == 0)
      return 1;
  return 0;
}
