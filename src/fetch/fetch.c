/*
 * The one way the library reaches the network: the egress rule on the URL,
 * then the fetcher, whose answer is checked again (a plugged fetcher may
 * ignore the size cap), with the error raised naming the URL.
 */
#include "fetch.h"

#include <string.h>

#include "core/dbuf.h"
#include "core/error.h"
#include "core/text.h"
#include "eseal/errors.h"

#define WHY_CAP 256

/* The URL, escaped for people, in the error message (it comes from a certificate). */
static int raise_for(int code, const char *url, const char *why) {
  eseal__dbuf text = ESEAL__DBUF_INIT;
  eseal__text_escape(&text, (const uint8_t *)url, strnlen(url, 512));
  eseal__dbuf_append_byte(&text, 0);
  if (eseal__dbuf_status(&text) != 0)
    return eseal__error_set(code, "fetch: %s", why);
  eseal__error_set(code, "fetch %s: %s", (const char *)text.ptr, why);
  eseal__dbuf_release(&text);
  return code;
}

static int has_line_break(const char *s) {
  return s != NULL && strpbrk(s, "\r\n") != NULL;
}

int eseal__fetch(eseal_fetcher *fetcher, const eseal_fetch_request *req, eseal_buf *response) {
  if (response == NULL || req == NULL || req->url == NULL || fetcher == NULL ||
      fetcher->fetch == NULL)
    return eseal__error_set(ESEAL_EINVAL, "fetch: NULL fetcher, request, URL or response");
  eseal_buf_dispose(response);
  if (req->version != ESEAL_FETCH_REQUEST_VERSION || fetcher->version != ESEAL_FETCHER_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "fetch: unknown request or fetcher version");
  if (req->timeout_ms <= 0 || req->max_bytes == 0 || has_line_break(req->content_type) ||
      (req->content_type != NULL && req->body == NULL && req->body_len > 0))
    return eseal__error_set(ESEAL_EINVAL,
                            "fetch: timeout and size cap must be > 0, a POST needs its body, "
                            "and the content type holds no line break");

  char why[WHY_CAP] = "";
  int rc = eseal__egress_url(req->url, req->allow_private_targets, why, sizeof why);
  if (rc != 0)
    return raise_for(rc, req->url, why);

  rc = fetcher->fetch(fetcher, req, response, why, sizeof why);
  why[sizeof why - 1] = 0; /* whatever the fetcher did with it */
  if (rc == 0 && response->ptr == NULL && response->size > 0) {
    rc = ESEAL_ERROR;
    snprintf(why, sizeof why, "the fetcher returned a size without bytes");
  } else if (rc == 0 && response->size > req->max_bytes) {
    rc = ESEAL_ELIMIT;
    snprintf(why, sizeof why, "answer of %zu bytes, over the cap of %zu", response->size,
             req->max_bytes);
  } else if (rc > 0) {
    rc = ESEAL_ERROR; /* not an eseal code: do not let it pass for success */
  }
  if (rc != 0) {
    eseal_buf_dispose(response);
    return raise_for(rc, req->url, why[0] ? why : eseal_strerror(rc));
  }
  return 0;
}

ESEAL_EXTERN(int) eseal_egress_check_url(const char *url, int allow_private_targets) {
  char why[WHY_CAP];
  int rc = eseal__egress_url(url, allow_private_targets, why, sizeof why);
  return rc == 0 ? 0 : raise_for(rc, url ? url : "(null)", why);
}

ESEAL_EXTERN(void) eseal_fetcher_free(eseal_fetcher *fetcher) {
  if (fetcher != NULL && fetcher->free != NULL)
    fetcher->free(fetcher);
}
