/*
 * Filing identity (doc/filing.md): the esID read as the code of a filed
 * physical seal, the unified social credit code (GB 32100-2015) with its
 * organisation code (GB 11714-1997), and the filing ExtData. Everything here
 * reports; nothing refuses a seal.
 */
#ifndef ESEAL_CODEC_FILING_H
#define ESEAL_CODEC_FILING_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/seal_builder.h"
#include "../core/dbuf.h"

/*
 * The filing ExtData's OID. libeseal has no registered arc yet: this one is
 * under 2.999 (X.660's arc for examples), which no real extension uses, so it
 * cannot be mistaken for a vendor's. Replace it once an arc is registered.
 */
#define ESEAL__OID_FILING "2.999.1.1"

/* Field limits, in bytes (doc/filing.md). */
#define ESEAL__FILING_AUTHORITY_MAX 256
#define ESEAL__FILING_NUMBER_MAX 64
#define ESEAL__FILING_DATE_LEN 10
#define ESEAL__CREDIT_CODE_LEN 18

/* What an esID looks like. */
typedef enum eseal__esid_form {
  ESEAL__ESID_OTHER = 0,     /* a vendor's own form (UUID, …) */
  ESEAL__ESID_FILING_13 = 1, /* public-security seal code: area(6) + serial(7) */
  ESEAL__ESID_TAX_14 = 2     /* 14 digits on tax seals: area(6) + serial(8) */
} eseal__esid_form;

typedef struct eseal__esid_class {
  eseal__esid_form form;
  char area[7];   /* the GB/T 2260 area code, for the two filing forms */
  char serial[9]; /* the rest */
  /* For ESEAL__ESID_OTHER: why it is not a filing code (static text). */
  const char *why;
} eseal__esid_class;

/* Classifies `esid` (NULL: other). */
void eseal__esid_classify(const char *esid, eseal__esid_class *out);

/* 1 when the two digits at `p` are a GB/T 2260 province-level code. */
int eseal__province_code(const char *p);

/* How a unified social credit code failed. */
typedef enum eseal__credit_error {
  ESEAL__CREDIT_OK = 0,
  ESEAL__CREDIT_LENGTH,     /* not 18 characters */
  ESEAL__CREDIT_ALPHABET,   /* a character outside 0-9A-HJ-NPQRTUWXY */
  ESEAL__CREDIT_CHECK,      /* the 18th character is not the check character */
  ESEAL__CREDIT_ORG_CHECK   /* characters 9-17 fail the GB 11714 check digit */
} eseal__credit_error;

/* Checks a unified social credit code (NUL-terminated). */
eseal__credit_error eseal__credit_code_check(const char *code);
/* What a credit-code error means, for messages. */
const char *eseal__credit_error_text(eseal__credit_error e);
/* The GB 32100 check character of the first 17 characters, or 0 if one is not in the alphabet. */
char eseal__credit_check_char(const char *first17);
/* The GB 11714 check character ('0'-'9' or 'X') of an 8-character organisation code body, or 0. */
char eseal__org_check_char(const char *body8);

/* 1 when `s` is a real calendar date written YYYY-MM-DD. */
int eseal__filing_date_valid(const char *s);

/* The filing data read from an ExtData value; strings point into `text`. */
typedef struct eseal__filing {
  const char *authority, *number, *date, *credit_code;
  char text[ESEAL__FILING_AUTHORITY_MAX + ESEAL__FILING_NUMBER_MAX + ESEAL__FILING_DATE_LEN +
            ESEAL__CREDIT_CODE_LEN + 4];
} eseal__filing;

/*
 * Reads the filing ExtData value (DER SEQUENCE of four UTF8Strings). Bounded:
 * refuses wrong types, missing or extra fields, over-long fields, invalid
 * UTF-8, trailing bytes. 0, or -1 with a static reason in *why. The field
 * formats (date, credit code) are not judged here.
 */
int eseal__filing_parse(const uint8_t *der, size_t len, eseal__filing *out, const char **why);

/* What a seal holds of filing data. */
typedef enum eseal__filing_status {
  ESEAL__FILING_ABSENT = 0,
  ESEAL__FILING_PRESENT,   /* one filing ExtData, read into *out */
  ESEAL__FILING_MALFORMED, /* one, refused by eseal__filing_parse() (*why says why) */
  ESEAL__FILING_SEVERAL    /* more than one: none is read */
} eseal__filing_status;

/* Finds the seal's filing ExtData and reads it. */
eseal__filing_status eseal__filing_of_seal(const eseal_seal *seal, eseal__filing *out,
                                           const char **why);

/*
 * Checks filing data as the builder and the CLI take it: every field present,
 * within its limit, UTF-8; the date a real YYYY-MM-DD; the credit code valid.
 * 0, or ESEAL_EINVAL / ESEAL_ELIMIT with a message raised.
 */
int eseal__filing_check(const eseal_filing_info *info);

/* Appends the ExtData value for checked filing data. */
void eseal__filing_encode(eseal__dbuf *b, const eseal_filing_info *info);

#endif
