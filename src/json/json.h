/* A small JSON writer over eseal__dbuf; strings are escaped and kept valid UTF-8. */
#ifndef ESEAL_JSON_JSON_H
#define ESEAL_JSON_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "../core/dbuf.h"

typedef struct eseal__json {
  eseal__dbuf out;
  /* Whether the next member or element needs a comma before it. */
  int need_comma;
} eseal__json;

void eseal__json_begin_object(eseal__json *j);
void eseal__json_end_object(eseal__json *j);
void eseal__json_begin_array(eseal__json *j);
void eseal__json_end_array(eseal__json *j);
/* Starts a member: writes "key": ; the value call follows. */
void eseal__json_key(eseal__json *j, const char *key);
/* A string value; invalid UTF-8 is replaced by U+FFFD. NULL writes null. */
void eseal__json_string(eseal__json *j, const char *s);
void eseal__json_string_n(eseal__json *j, const uint8_t *s, size_t len);
void eseal__json_int(eseal__json *j, int64_t v);
void eseal__json_bool(eseal__json *j, int v);
void eseal__json_null(eseal__json *j);
/* Bytes as lower-case hex, and as base64. NULL writes null. */
void eseal__json_hex(eseal__json *j, const uint8_t *data, size_t len);
void eseal__json_base64(eseal__json *j, const uint8_t *data, size_t len);

/* Convenience members. */
void eseal__json_member_string(eseal__json *j, const char *key, const char *s);
void eseal__json_member_int(eseal__json *j, const char *key, int64_t v);

#endif
