/*
 * The libcurl fetcher (eseal/sys/fetcher.h): one easy handle per transfer,
 * so that any number of threads may fetch at once. Redirects are followed
 * here rather than by libcurl, so that every hop passes the whole egress URL
 * rule (scheme, literal address, user information), not only a protocol
 * list; every address connected to passes the address rule in the
 * open-socket callback, which is where a name resolving to 127.0.0.1 is
 * caught.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/alloc.h"
#include "core/dbuf.h"
#include "core/error.h"
#include "eseal/errors.h"
#include "fetch.h"
#include "ldap_answer.h"

#define MAX_REDIRECTS 3

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_status = CURLE_FAILED_INIT;

static void global_init(void) {
  global_status = curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct {
  const eseal_fetch_request *req;
  eseal__dbuf body;
  size_t cap;
  int over;          /* the answer went past `cap` */
  int check_sockets; /* no proxy: each connected address passes the rule */
  int refused;       /* the open-socket callback refused an address */
} transfer;

static size_t on_write(char *data, size_t size, size_t count, void *payload) {
  transfer *t = payload;
  size_t n = size * count; /* libcurl passes size 1 */
  if (n > t->cap - t->body.len) {
    t->over = 1;
    return 0; /* stops the transfer with CURLE_WRITE_ERROR */
  }
  eseal__dbuf_append(&t->body, data, n);
  return t->body.failed ? 0 : n;
}

static int on_progress(void *payload, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow) {
  (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
  const eseal_fetch_request *req = ((transfer *)payload)->req;
  return req->cancelled != NULL && req->cancelled(req->cancel_payload) ? 1 : 0;
}

static curl_socket_t on_open_socket(void *payload, curlsocktype purpose,
                                    struct curl_sockaddr *address) {
  transfer *t = payload;
  (void)purpose;
  if (t->check_sockets && !eseal__egress_address(&address->addr, t->req->allow_private_targets)) {
    t->refused = 1;
    return CURL_SOCKET_BAD; /* libcurl tries the host's next address, if any */
  }
  return socket(address->family, address->socktype, address->protocol);
}

typedef enum { SCHEME_HTTP, SCHEME_HTTPS, SCHEME_LDAP, SCHEME_OTHER } scheme;

static scheme scheme_of(const char *url) {
  static const struct {
    const char *prefix;
    scheme s;
  } known[] = {{"http://", SCHEME_HTTP}, {"https://", SCHEME_HTTPS}, {"ldap://", SCHEME_LDAP}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
    size_t n = strlen(known[i].prefix), k = 0;
    while (k < n && url[k] != 0 &&
           (url[k] == known[i].prefix[k] || (url[k] | 0x20) == known[i].prefix[k]))
      k++;
    if (k == n)
      return known[i].s;
  }
  return SCHEME_OTHER;
}

/*
 * The proxy from the environment, chosen here rather than by libcurl so
 * that the open-socket callback knows whether it sees the proxy or the
 * server: http_proxy (lowercase only, as libcurl does), https_proxy or
 * HTTPS_PROXY, then all_proxy or ALL_PROXY; none for LDAP. no_proxy is not
 * honoured (doc/fetcher.md).
 */
static const char *proxy_for(scheme s) {
  const char *names[4] = {NULL, NULL, "all_proxy", "ALL_PROXY"};
  if (s == SCHEME_LDAP)
    return NULL;
  if (s == SCHEME_HTTP)
    names[0] = "http_proxy";
  else
    names[0] = "https_proxy", names[1] = "HTTPS_PROXY";
  for (size_t i = 0; i < 4; i++) {
    const char *v = names[i] ? getenv(names[i]) : NULL;
    if (v != NULL && v[0] != 0)
      return v;
  }
  return NULL;
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct {
  CURLcode code;
  long status;
  char *location; /* eseal__malloc'd copy of the redirect target, or NULL */
  char error[CURL_ERROR_SIZE];
} hop_result;

static int set_options(CURL *h, transfer *t, const char *url, int post, long timeout_ms,
                       struct curl_slist *headers, hop_result *r) {
  const eseal_fetch_request *req = t->req;
  const char *proxy = proxy_for(scheme_of(url));
  t->check_sockets = proxy == NULL;
  int bad = 0;
  bad |= curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,ldap") != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
  /* "" switches libcurl's own reading of the environment off. */
  bad |= curl_easy_setopt(h, CURLOPT_PROXY, proxy ? proxy : "") != CURLE_OK;
  if (proxy)
    bad |= curl_easy_setopt(h, CURLOPT_NOPROXY, "") != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->error) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, t) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_XFERINFODATA, t) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket) != CURLE_OK;
  bad |= curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, t) != CURLE_OK;
  if (post) {
    bad |= curl_easy_setopt(h, CURLOPT_POST, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body_len ? (const char *)req->body : "") !=
           CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers) != CURLE_OK;
  }
  return bad;
}

/* One request to `url`, without following redirects. */
static void perform_hop(transfer *t, const char *url, int post, long timeout_ms,
                        struct curl_slist *headers, hop_result *r) {
  r->error[0] = 0;
  r->status = 0;
  r->location = NULL;
  CURL *h = curl_easy_init();
  if (h == NULL) {
    r->code = CURLE_OUT_OF_MEMORY;
    return;
  }
  if (set_options(h, t, url, post, timeout_ms, headers, r)) {
    r->code = CURLE_FAILED_INIT;
    curl_easy_cleanup(h);
    return;
  }
  r->code = curl_easy_perform(h);
  char *location = NULL;
  if (r->code == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
  }
  if (location != NULL) {
    size_t n = strlen(location);
    r->location = eseal__malloc(n + 1);
    if (r->location == NULL)
      r->code = CURLE_OUT_OF_MEMORY;
    else
      memcpy(r->location, location, n + 1);
  }
  curl_easy_cleanup(h);
}

static int curl_error(const transfer *t, const hop_result *r, long timeout_ms, char *why,
                      size_t why_cap) {
  switch (r->code) {
  case CURLE_WRITE_ERROR:
    if (t->over) {
      snprintf(why, why_cap, "answer longer than %zu bytes", t->cap);
      return ESEAL_ELIMIT;
    }
    if (t->body.failed)
      return ESEAL_ENOMEM;
    break;
  case CURLE_ABORTED_BY_CALLBACK:
    snprintf(why, why_cap, "cancelled");
    return ESEAL_ENETWORK;
  case CURLE_OPERATION_TIMEDOUT:
    snprintf(why, why_cap, "timed out (%ld ms)", timeout_ms);
    return ESEAL_ENETWORK;
  case CURLE_OUT_OF_MEMORY:
    return ESEAL_ENOMEM;
  case CURLE_UNSUPPORTED_PROTOCOL:
    snprintf(why, why_cap, "libcurl cannot speak this scheme: %s", r->error);
    return ESEAL_EUNSUPPORTED;
  case CURLE_COULDNT_CONNECT:
    if (t->refused) {
      snprintf(why, why_cap,
               "the host resolves to a loopback, private, link-local or reserved address "
               "the egress rules refuse");
      return ESEAL_EEGRESS;
    }
    break;
  default:
    break;
  }
  snprintf(why, why_cap, "%s%s%s", curl_easy_strerror(r->code), r->error[0] ? ": " : "",
           r->error);
  return ESEAL_ENETWORK;
}

static int is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* The redirect target, if the rules let it be followed: same scheme, and the URL rule. */
static int check_redirect(const eseal_fetch_request *req, scheme from, const char *to, char *why,
                          size_t why_cap) {
  if (scheme_of(to) != from) {
    snprintf(why, why_cap, "redirect to another scheme refused");
    return ESEAL_EEGRESS;
  }
  char reason[200];
  if (eseal__egress_url(to, req->allow_private_targets, reason, sizeof reason) != 0) {
    snprintf(why, why_cap, "redirect refused: %s", reason);
    return ESEAL_EEGRESS;
  }
  return 0;
}

/* The hops of one fetch; the body is left in t->body. */
static int run(transfer *t, char *why, size_t why_cap) {
  const eseal_fetch_request *req = t->req;
  scheme s = scheme_of(req->url);
  long deadline = now_ms() + req->timeout_ms;
  int post = req->content_type != NULL;
  struct curl_slist *headers = NULL;
  if (post) {
    char line[256];
    if (snprintf(line, sizeof line, "Content-Type: %s", req->content_type) >= (int)sizeof line) {
      snprintf(why, why_cap, "content type too long");
      return ESEAL_EINVAL;
    }
    headers = curl_slist_append(NULL, line);
    /* No "Expect: 100-continue" wait before larger bodies: responders differ on it. */
    struct curl_slist *more = headers ? curl_slist_append(headers, "Expect:") : NULL;
    if (more == NULL) {
      curl_slist_free_all(headers);
      return ESEAL_ENOMEM;
    }
    headers = more;
  }
  char *url = NULL; /* the current redirect target; req->url at first */
  int rc = 0;
  for (int hop = 0;; hop++) {
    long left = deadline - now_ms();
    if (left <= 0) {
      snprintf(why, why_cap, "timed out (%ld ms)", req->timeout_ms);
      rc = ESEAL_ENETWORK;
      break;
    }
    hop_result r;
    eseal__dbuf_release(&t->body);
    t->body = (eseal__dbuf)ESEAL__DBUF_INIT;
    t->over = t->refused = 0;
    perform_hop(t, url ? url : req->url, post, left, headers, &r);
    if (r.code != CURLE_OK) {
      eseal__free(r.location);
      rc = curl_error(t, &r, req->timeout_ms, why, why_cap);
      break;
    }
    if (s == SCHEME_LDAP) {
      eseal__free(r.location);
      break;
    }
    eseal__free(url);
    url = r.location;
    if (is_redirect(r.status) && url != NULL) {
      if (hop == MAX_REDIRECTS) {
        snprintf(why, why_cap, "more than %d redirects", MAX_REDIRECTS);
        rc = ESEAL_ENETWORK;
        break;
      }
      rc = check_redirect(req, s, url, why, why_cap);
      if (rc != 0)
        break;
      if (r.status <= 303)
        post = 0; /* as browsers and libcurl do: the next request is a GET */
      continue;
    }
    if (r.status < 200 || r.status >= 300) {
      snprintf(why, why_cap, "HTTP status %ld", r.status);
      rc = ESEAL_ENETWORK;
    }
    break;
  }
  eseal__free(url);
  curl_slist_free_all(headers);
  return rc;
}

static int curl_fetch(eseal_fetcher *self, const eseal_fetch_request *req, eseal_buf *response,
                      char *why, size_t why_cap) {
  char spare[8];
  if (why == NULL || why_cap == 0)
    why = spare, why_cap = sizeof spare;
  why[0] = 0;
  (void)self;
  if (req == NULL || response == NULL || req->url == NULL ||
      req->version != ESEAL_FETCH_REQUEST_VERSION || req->timeout_ms <= 0 || req->max_bytes == 0 ||
      (req->content_type != NULL && strpbrk(req->content_type, "\r\n") != NULL)) {
    snprintf(why, why_cap, "invalid request");
    return ESEAL_EINVAL;
  }
  eseal_buf_dispose(response);
  pthread_once(&global_once, global_init);
  if (global_status != CURLE_OK) {
    snprintf(why, why_cap, "libcurl initialisation failed");
    return ESEAL_ENETWORK;
  }
  /* The library checked the URL already; a direct caller may not have. */
  int rc = eseal__egress_url(req->url, req->allow_private_targets, why, why_cap);
  if (rc != 0)
    return rc;
  scheme s = scheme_of(req->url);
  char attr[128] = "";
  if (s == SCHEME_LDAP && eseal__ldap_url_attribute(req->url, attr, sizeof attr) != 0) {
    snprintf(why, why_cap, "malformed attribute in the LDAP URL");
    return ESEAL_EFORMAT;
  }
  if (s == SCHEME_LDAP && req->content_type != NULL) {
    snprintf(why, why_cap, "no POST over LDAP");
    return ESEAL_EUNSUPPORTED;
  }

  transfer t = {.req = req, .body = ESEAL__DBUF_INIT, .cap = req->max_bytes};
  /* libcurl's LDAP text carries the value in base64 (4/3) and the DN. */
  if (s == SCHEME_LDAP)
    t.cap = req->max_bytes > (SIZE_MAX - 4096) / 2 ? SIZE_MAX : req->max_bytes * 2 + 4096;
  rc = run(&t, why, why_cap);
  if (rc == 0 && s == SCHEME_LDAP)
    rc = eseal__ldap_answer_value(t.body.ptr, t.body.len, attr, req->max_bytes, response, why,
                                  why_cap);
  else if (rc == 0)
    rc = eseal__dbuf_finish(&t.body, response);
  eseal__dbuf_release(&t.body);
  return rc;
}

static void fetcher_free(eseal_fetcher *self) {
  eseal__free(self);
}

ESEAL_EXTERN(int) eseal_fetcher_curl_new(eseal_fetcher **out) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_fetcher_curl_new: NULL output");
  *out = NULL;
  pthread_once(&global_once, global_init);
  if (global_status != CURLE_OK)
    return eseal__error_set(ESEAL_ENETWORK, "libcurl initialisation failed");
  eseal_fetcher *f = eseal__calloc(1, sizeof *f);
  if (f == NULL)
    return eseal__error_oom();
  f->version = ESEAL_FETCHER_VERSION;
  f->fetch = curl_fetch;
  f->free = fetcher_free;
  *out = f;
  return 0;
}
