/*
 * Reading what libcurl returns for an LDAP search, an LDIF-like text:
 *
 *   DN: cn=CA,o=Example\n
 *   \tcertificateRevocationList;binary:: MIIB...base64...\n
 *   \tcn: CA\n
 *   \n
 *
 * (a value is base64 after "::" when binary, raw text after ": " otherwise).
 */
#ifndef ESEAL_FETCH_LDAP_ANSWER_H
#define ESEAL_FETCH_LDAP_ANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"

/*
 * The first attribute named in an LDAP URL's attribute list
 * (ldap://host/dn?attr1,attr2?...), percent-decoded, into `attr`; "" when
 * the URL names none. ESEAL_EFORMAT when it does not fit in `cap` or holds
 * a control byte.
 */
int eseal__ldap_url_attribute(const char *url, char *attr, size_t cap);

/*
 * The bytes of the first value of `attr` (case-insensitive; "" = the first
 * attribute) in the first entry of `text`. 0; ESEAL_EFORMAT when the text is
 * not of the form above, the attribute is absent or its base64 is not strict
 * (RFC 4648, padded, no line breaks); ESEAL_ELIMIT when the value is longer
 * than `max_bytes`; ESEAL_ENOMEM. A reason in `why` (no error raised).
 */
int eseal__ldap_answer_value(const uint8_t *text, size_t len, const char *attr, size_t max_bytes,
                             eseal_buf *out, char *why, size_t why_cap);

#endif
