/* Character-set checks for the ASN.1 string types, and the escaping of outside text for people. */
#ifndef ESEAL_CORE_TEXT_H
#define ESEAL_CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dbuf.h"

/* Length in bytes of the valid UTF-8 sequence at s[0..len), or 0 when invalid. */
size_t eseal__utf8_sequence(const uint8_t *s, size_t len);
int eseal__utf8_valid(const uint8_t *s, size_t len);
int eseal__ascii_only(const uint8_t *s, size_t len);
int eseal__printable_only(const uint8_t *s, size_t len);

/*
 * The printable, single-line form of an outside string (a seal name, an esID,
 * a certificate name, a file path, an error message quoting any of these),
 * for every text meant for people. Without it a crafted seal could print a
 * line of its own, such as a false "Result: TOTAL_PASSED", move the cursor or
 * erase lines with terminal escape sequences, or reorder what is shown with
 * bidi controls.
 *
 * The input is taken as UTF-8. Valid, printable UTF-8 (Chinese included) is
 * copied unchanged; everything else becomes a visible escape:
 *
 *   \\       a backslash, so that the escapes below cannot be faked
 *   \n \r \t line feed, carriage return, tab
 *   \xHH     any other C0 control (U+0000..U+001F) and DEL (0x7f), and each
 *            byte that is not part of valid UTF-8 (stray continuation bytes,
 *            truncated sequences, overlong forms, surrogates, > U+10FFFF)
 *   \uHHHH   C1 controls U+0080..U+009F; the bidi controls U+061C, U+200E,
 *            U+200F, U+202A..U+202E and isolates U+2066..U+2069; the line and
 *            paragraph separators U+2028, U+2029
 *
 * H is a lowercase hex digit. The output never holds a byte below 0x20 or
 * 0x7f, nor any of the characters listed above.
 */
void eseal__text_escape(eseal__dbuf *out, const uint8_t *s, size_t len);
/* The same for a NUL-terminated string; NULL appends nothing. */
void eseal__text_escape_str(eseal__dbuf *out, const char *s);
/* The same written to a stream, without allocating (for the eseal command's messages). */
void eseal__text_escape_file(FILE *f, const uint8_t *s, size_t len);
/* The same for a NUL-terminated string; NULL writes nothing. */
void eseal__text_escape_fputs(FILE *f, const char *s);

#endif
