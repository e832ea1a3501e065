/*
 * libeseal — the fetcher: how the library reaches the network (CRLs, OCSP
 * responders, AIA caIssuers, timestamp authorities). doc/fetcher.md.
 *
 * The library never opens a connection itself: it asks the context's fetcher,
 * which is the libcurl one (eseal_fetcher_curl_new()) unless the caller plugs
 * their own. Before any fetcher is called the library applies the egress
 * rules to the URL: only http, https and ldap; no user information; no
 * loopback, private or link-local literal address (nor "localhost") unless
 * the request allows it, and never an unspecified, multicast or broadcast one.
 * A fetcher must apply the same address rule to the addresses it actually
 * connects to (a name may resolve to 127.0.0.1), refuse redirects to another
 * scheme, stop at max_bytes and at timeout_ms, and poll `cancelled`.
 *
 * Thread safety: the library may call fetch() from several threads at once
 * on one fetcher; the libcurl fetcher allows it (one easy handle per call).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SYS_FETCHER_H
#define ESEAL_SYS_FETCHER_H

#include "../common.h"

ESEAL_BEGIN_DECL

#define ESEAL_FETCH_REQUEST_VERSION 1

/** One GET or POST a fetcher performs. */
typedef struct eseal_fetch_request {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /** http://, https:// or ldap:// (an LDAP URL may name the attribute, e.g. ?certificateRevocationList;binary). */
  const char *url;
  /** NULL for a GET; otherwise a POST of `body` with this Content-Type. */
  const char *content_type;
  const uint8_t *body; /**< The POST body. */
  size_t body_len;     /**< Its length. */
  /** The whole transfer, connection included; > 0. */
  long timeout_ms;
  /** An answer longer than this is refused with ESEAL_ELIMIT; > 0. */
  size_t max_bytes;
  /** Nonzero: loopback, private and link-local targets are allowed (tests, intranets). */
  int allow_private_targets;
  /** Polled during the transfer (may be NULL): nonzero stops it with ESEAL_ENETWORK. */
  int (*cancelled)(void *payload);
  void *cancel_payload; /**< Handed to `cancelled`. */
} eseal_fetch_request;

#define ESEAL_FETCHER_VERSION 1

typedef struct eseal_fetcher eseal_fetcher;

/** A fetcher's function table (the default: eseal_fetcher_curl_new()). */
struct eseal_fetcher {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /**
   * Performs `req` and puts the answer's body in `response` (allocated with
   * the library's allocator, see sys/alloc.h; freed by the library). An HTTP
   * status other than 2xx is ESEAL_ENETWORK. Returns 0, ESEAL_ENETWORK,
   * ESEAL_EEGRESS (an address or redirect the rules refuse), ESEAL_ELIMIT,
   * ESEAL_EUNSUPPORTED (a scheme this fetcher cannot speak), ESEAL_EFORMAT
   * (an answer it cannot read, e.g. a malformed LDAP result) or ESEAL_ENOMEM,
   * with a reason for people in `why` (NUL-terminated, at most why_cap bytes).
   */
  int (*fetch)(eseal_fetcher *self, const eseal_fetch_request *req, eseal_buf *response,
               char *why, size_t why_cap);
  /** Frees the fetcher (may be NULL when nothing is to be freed). */
  void (*free)(eseal_fetcher *self);
};

/**
 * The libcurl fetcher: HTTP, HTTPS (system CA store) and LDAP (the raw bytes
 * of the first value of the attribute the URL names). At most 3 redirects,
 * each to the same scheme and through the URL rule. Proxies from http_proxy,
 * https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY, not for LDAP, no_proxy not
 * honoured; with a proxy the URL rule applies to the URL's host, which the
 * proxy resolves, and not to the proxy's address. ESEAL_EUNSUPPORTED when
 * this build has no libcurl.
 */
ESEAL_EXTERN(int) eseal_fetcher_curl_new(eseal_fetcher **out);

/** Frees any fetcher through its own free function. NULL is accepted. */
ESEAL_EXTERN(void) eseal_fetcher_free(eseal_fetcher *fetcher);

/**
 * Applies the egress rules to `url` alone (scheme, host syntax, user
 * information, a literal address or "localhost" host; a name's addresses are
 * only known when connecting): 0, or ESEAL_EEGRESS with the reason in
 * eseal_error_last().
 */
ESEAL_EXTERN(int) eseal_egress_check_url(const char *url, int allow_private_targets);

ESEAL_END_DECL

#endif
