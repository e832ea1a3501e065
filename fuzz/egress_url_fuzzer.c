/*
 * The egress URL rule (src/fetch/egress.c), no network: the input is a URL
 * (cut at its first NUL). Whatever it is, the rule answers 0 or
 * ESEAL_EEGRESS with a reason, allowing private targets never refuses more,
 * and an accepted URL starts with http://, https:// or ldap:// and carries
 * no control byte, space or user information. The same bytes also go
 * through the reader of libcurl's LDAP answer text (src/fetch/ldap_answer.c),
 * which returns 0 with at most the cap, or one of its codes.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/ldap_answer.h"
#include "fuzz_common.h"

static int starts_with_scheme(const char *url) {
  static const char *schemes[] = {"http://", "https://", "ldap://"};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(schemes[i]), k = 0;
    while (k < n && url[k] && (url[k] | 0x20) == (schemes[i][k] | 0x20))
      k++;
    if (k == n)
      return 1;
  }
  return 0;
}

static void check_url(const char *url) {
  char why[128];
  memset(why, 'x', sizeof why);
  int strict = eseal__egress_url(url, 0, why, sizeof why);
  FUZZ_CHECK(strict == 0 || strict == ESEAL_EEGRESS);
  FUZZ_CHECK(memchr(why, 0, sizeof why) != NULL);
  if (strict != 0)
    FUZZ_CHECK(why[0] != 0);
  int loose = eseal__egress_url(url, 1, why, sizeof why);
  FUZZ_CHECK(loose == 0 || loose == ESEAL_EEGRESS);
  FUZZ_CHECK(strict != 0 || loose == 0);
  FUZZ_CHECK(eseal_egress_check_url(url, 0) == strict);
  if (loose != 0)
    return;
  FUZZ_CHECK(starts_with_scheme(url));
  for (const char *p = url; *p; p++)
    FUZZ_CHECK((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f);
  const char *auth = strstr(url, "://") + 3;
  FUZZ_CHECK(memchr(auth, '@', strcspn(auth, "/?#")) == NULL);
}

static void check_ldap_answer(const uint8_t *data, size_t size) {
  eseal_buf out = ESEAL_BUF_INIT;
  char why[128];
  const size_t cap = 64;
  int rc = eseal__ldap_answer_value(data, size, "", cap, &out, why, sizeof why);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ENOMEM);
  if (rc == 0) {
    FUZZ_CHECK(out.size <= cap && out.ptr != NULL && out.ptr[out.size] == 0);
  } else {
    FUZZ_CHECK(out.ptr == NULL);
  }
  eseal_buf_dispose(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *url = malloc(size + 1);
  if (url == NULL)
    return 0;
  memcpy(url, data, size);
  url[size] = 0;
  check_url(url);
  char attr[64];
  (void)eseal__ldap_url_attribute(url, attr, sizeof attr);
  free(url);
  check_ldap_answer(data, size);
  return 0;
}
