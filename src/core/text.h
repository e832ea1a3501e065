/* Character-set checks for the ASN.1 string types. */
#ifndef ESEAL_CORE_TEXT_H
#define ESEAL_CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Length in bytes of the valid UTF-8 sequence at s[0..len), or 0 when invalid. */
size_t eseal__utf8_sequence(const uint8_t *s, size_t len);
int eseal__utf8_valid(const uint8_t *s, size_t len);
int eseal__ascii_only(const uint8_t *s, size_t len);
int eseal__printable_only(const uint8_t *s, size_t len);

#endif
