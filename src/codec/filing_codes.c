/*
 * The codes of the filing identity: the esID read as a filed seal's code, the
 * unified social credit code (GB 32100-2015) and the organisation code inside
 * it (GB 11714-1997), and the filing date. Sources in doc/filing.md.
 */
#include <string.h>

#include "filing.h"
#include "../asn1/timefmt.h"

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

static int all_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_digit(s[i]))
      return 0;
  return 1;
}

int eseal__province_code(const char *p) {
  /* GB/T 2260 province-level codes: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82. */
  static const char *const codes[] = {"11", "12", "13", "14", "15", "21", "22", "23", "31",
                                      "32", "33", "34", "35", "36", "37", "41", "42", "43",
                                      "44", "45", "46", "50", "51", "52", "53", "54", "61",
                                      "62", "63", "64", "65", "71", "81", "82"};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
    if (p[0] == codes[i][0] && p[1] == codes[i][1])
      return 1;
  return 0;
}

void eseal__esid_classify(const char *esid, eseal__esid_class *out) {
  memset(out, 0, sizeof *out);
  size_t n = esid ? strlen(esid) : 0;
  if (n != 13 && n != 14) {
    out->why = "not 13 or 14 characters";
    return;
  }
  if (!all_digits(esid, n)) {
    out->why = "not all digits";
    return;
  }
  if (!eseal__province_code(esid)) {
    out->why = "the first two digits are not a GB/T 2260 province code";
    return;
  }
  out->form = n == 13 ? ESEAL__ESID_FILING_13 : ESEAL__ESID_TAX_14;
  memcpy(out->area, esid, 6);
  memcpy(out->serial, esid + 6, n - 6);
}

/* The GB 32100 value of a character (its place in 0-9A-HJ-NPQRTUWXY), or -1. */
static int credit_value(char c) {
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const char *p = c ? strchr(alphabet, c) : NULL;
  return p ? (int)(p - alphabet) : -1;
}

char eseal__credit_check_char(const char *first17) {
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int sum = 0, weight = 1; /* weight = 3^i mod 31 */
  for (int i = 0; i < 17; i++) {
    int v = credit_value(first17[i]);
    if (v < 0)
      return 0;
    sum += v * weight;
    weight = weight * 3 % 31;
  }
  return alphabet[(31 - sum % 31) % 31];
}

char eseal__org_check_char(const char *body8) {
  static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    char c = body8[i];
    /* GB 11714 appendix A: digits, then A=10 .. Z=35. */
    int v = is_digit(c) ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
    if (v < 0)
      return 0;
    sum += v * weights[i];
  }
  int check = 11 - sum % 11;
  return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
}

eseal__credit_error eseal__credit_code_check(const char *code) {
  if (code == NULL || strlen(code) != ESEAL__CREDIT_CODE_LEN)
    return ESEAL__CREDIT_LENGTH;
  for (int i = 0; i < ESEAL__CREDIT_CODE_LEN; i++)
    if (credit_value(code[i]) < 0)
      return ESEAL__CREDIT_ALPHABET;
  if (eseal__credit_check_char(code) != code[17])
    return ESEAL__CREDIT_CHECK;
  if (eseal__org_check_char(code + 8) != code[16])
    return ESEAL__CREDIT_ORG_CHECK;
  return ESEAL__CREDIT_OK;
}

const char *eseal__credit_error_text(eseal__credit_error e) {
  switch (e) {
  case ESEAL__CREDIT_OK: return "valid";
  case ESEAL__CREDIT_LENGTH: return "not 18 characters";
  case ESEAL__CREDIT_ALPHABET: return "a character outside 0-9A-HJ-NPQRTUWXY";
  case ESEAL__CREDIT_CHECK: return "wrong check character (GB 32100)";
  case ESEAL__CREDIT_ORG_CHECK: return "wrong organisation-code check digit (GB 11714)";
  }
  return "invalid";
}

int eseal__filing_date_valid(const char *s) {
  if (s == NULL || strlen(s) != ESEAL__FILING_DATE_LEN || s[4] != '-' || s[7] != '-' ||
      !all_digits(s, 4) || !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
    return 0;
  int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= eseal__days_in_month(y, m);
}
