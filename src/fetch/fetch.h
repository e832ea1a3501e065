/*
 * Fetching through the context's fetcher with the egress rules applied
 * first, and counted (doc/revocation.md, "Egress rules").
 */
#ifndef ESEAL_FETCH_FETCH_H
#define ESEAL_FETCH_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "eseal/sys/fetcher.h"

/*
 * The egress rule on a URL: scheme http, https or ldap (case-insensitive);
 * a host present; a literal IPv4 or IPv6 host (brackets, IPv4-mapped IPv6,
 * decimal/octal/hex IPv4 forms that inet_aton accepts) that is loopback
 * (127/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16, fe80::/10), unspecified (0.0.0.0/8, ::),
 * CGNAT (100.64/10), multicast or broadcast is refused unless
 * allow_private; "localhost" and names ending in ".localhost" count as
 * loopback. No userinfo (user@host). 0 or ESEAL_EEGRESS with `why`.
 */
int eseal__egress_url(const char *url, int allow_private, char *why, size_t why_cap);

/* The same rule on a connected address (struct sockaddr): 1 allowed, 0 refused. */
struct sockaddr;
int eseal__egress_address(const struct sockaddr *addr, int allow_private);

/*
 * Checks `req->url` with the egress rule, then calls `fetcher`. 0 or the
 * fetcher's code, raised with a message naming the URL.
 */
int eseal__fetch(eseal_fetcher *fetcher, const eseal_fetch_request *req, eseal_buf *response);

#endif
