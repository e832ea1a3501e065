/*
 * Fetching through the context's fetcher with the egress rules applied
 * first (doc/fetcher.md).
 */
#ifndef ESEAL_FETCH_FETCH_H
#define ESEAL_FETCH_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "eseal/sys/fetcher.h"

/*
 * The egress rule on a URL (doc/fetcher.md): scheme http, https or ldap
 * (case-insensitive) followed by "//"; a host present, made of letters,
 * digits, '-', '_', '.' or a bracketed IPv6 literal; a port, if any, 1 to
 * 65535; no userinfo (user@host). A literal IPv4 or IPv6 host (brackets,
 * IPv4-mapped/compatible, NAT64 and 6to4 IPv6, decimal/octal/hex IPv4 forms
 * that inet_aton accepts) that is loopback (127/8, ::1), private (10/8,
 * 172.16/12, 192.168/16, fc00::/7, fec0::/10), link-local (169.254/16,
 * fe80::/10) or CGNAT (100.64/10) is refused unless allow_private;
 * unspecified (0.0.0.0/8, ::), multicast and reserved/broadcast (240/4)
 * always. "localhost" and names ending in ".localhost" count as loopback; a
 * name whose last label is numeric but no valid address is refused. 0 or
 * ESEAL_EEGRESS with `why` (no error raised).
 */
int eseal__egress_url(const char *url, int allow_private, char *why, size_t why_cap);

/* The same rule on a connected address (struct sockaddr): 1 allowed, 0 refused. */
struct sockaddr;
int eseal__egress_address(const struct sockaddr *addr, int allow_private);

/*
 * Checks `req->url` with the egress rule, then calls `fetcher`. 0 or the
 * fetcher's code, raised with a message naming the URL (escaped). Also
 * ESEAL_EINVAL (NULL argument, timeout or cap not > 0, a content type with a
 * line break), ESEAL_EVERSION, ESEAL_EEGRESS before any call, ESEAL_ELIMIT
 * for an answer over max_bytes even when the fetcher returned 0, and
 * ESEAL_ERROR for a positive (foreign) code. `response` is emptied first and
 * on any failure.
 */
int eseal__fetch(eseal_fetcher *fetcher, const eseal_fetch_request *req, eseal_buf *response);

#endif
