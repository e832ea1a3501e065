/*
 * The egress rules (doc/fetcher.md): which URLs the library may hand to a
 * fetcher, and which addresses a fetcher may connect to. The URLs come from
 * certificates and seals, that is from anyone: followed blindly they would
 * make the verifier reach loopback services, the intranet or cloud metadata
 * endpoints on the attacker's behalf.
 */
/* inet_aton, which POSIX leaves out. */
#define _DEFAULT_SOURCE

#include "fetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/error.h"
#include "eseal/errors.h"

/* Longest host (name or literal) and URL looked at; longer ones are refused. */
#define HOST_MAX 253
#define URL_MAX 8192

typedef enum {
  ADDR_PUBLIC,
  ADDR_PRIVATE, /* loopback, private, link-local, CGNAT: allowed on request */
  ADDR_NEVER    /* unspecified, multicast, broadcast, reserved: never a server */
} addr_class;

typedef struct {
  addr_class cls;
  const char *what;
} verdict;

static int refuse(char *why, size_t why_cap, const char *fmt, ...) ESEAL__PRINTF(3, 4);

static int refuse(char *why, size_t why_cap, const char *fmt, ...) {
  if (why != NULL && why_cap > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_cap, fmt, ap);
    va_end(ap);
  }
  return ESEAL_EEGRESS;
}

static verdict classify_v4(uint32_t a) {
  uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16);
  if (b0 == 0)
    return (verdict){ADDR_NEVER, "unspecified (0.0.0.0/8)"};
  if (b0 == 127)
    return (verdict){ADDR_PRIVATE, "loopback (127.0.0.0/8)"};
  if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168))
    return (verdict){ADDR_PRIVATE, "private (RFC 1918)"};
  if (b0 == 100 && (b1 & 0xc0) == 64)
    return (verdict){ADDR_PRIVATE, "shared CGNAT (100.64.0.0/10)"};
  if (b0 == 169 && b1 == 254)
    return (verdict){ADDR_PRIVATE, "link-local (169.254.0.0/16)"};
  if ((b0 & 0xf0) == 224)
    return (verdict){ADDR_NEVER, "multicast (224.0.0.0/4)"};
  if ((b0 & 0xf0) == 240)
    return (verdict){ADDR_NEVER, "reserved or broadcast (240.0.0.0/4)"};
  return (verdict){ADDR_PUBLIC, "public"};
}

static uint32_t v4_at(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static verdict classify_v6(const uint8_t a[16]) {
  static const uint8_t zero[16];
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b};
  static const uint8_t translated[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0};
  static const uint8_t nat64_local[6] = {0, 0x64, 0xff, 0x9b, 0, 0x01};
  if (memcmp(a, zero, 16) == 0)
    return (verdict){ADDR_NEVER, "unspecified (::)"};
  if (memcmp(a, zero, 15) == 0 && a[15] == 1)
    return (verdict){ADDR_PRIVATE, "loopback (::1)"};
  /* Forms that carry an IPv4 address, which decides: IPv4-mapped,
   * IPv4-compatible (deprecated, still routed by some stacks), IPv4-translated
   * (SIIT), NAT64, 6to4. */
  if (memcmp(a, mapped, 12) == 0 || memcmp(a, zero, 12) == 0 || memcmp(a, nat64, 12) == 0 ||
      memcmp(a, translated, 12) == 0)
    return classify_v4(v4_at(a + 12));
  /* The local-use NAT64 prefix (RFC 8215) reaches whatever the site's translator does. */
  if (memcmp(a, nat64_local, 6) == 0)
    return (verdict){ADDR_PRIVATE, "local-use NAT64 (64:ff9b:1::/48)"};
  if (a[0] == 0x20 && a[1] == 0x02)
    return classify_v4(v4_at(a + 2));
  if (a[0] == 0xff)
    return (verdict){ADDR_NEVER, "multicast (ff00::/8)"};
  if ((a[0] & 0xfe) == 0xfc)
    return (verdict){ADDR_PRIVATE, "unique local (fc00::/7)"};
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
    return (verdict){ADDR_PRIVATE, "link-local (fe80::/10)"};
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
    return (verdict){ADDR_PRIVATE, "site-local (fec0::/10)"};
  return (verdict){ADDR_PUBLIC, "public"};
}

static int allowed(verdict v, int allow_private) {
  return v.cls == ADDR_PUBLIC || (v.cls == ADDR_PRIVATE && allow_private);
}

int eseal__egress_address(const struct sockaddr *addr, int allow_private) {
  if (addr == NULL)
    return 0;
  if (addr->sa_family == AF_INET) {
    struct sockaddr_in in;
    memcpy(&in, addr, sizeof in);
    return allowed(classify_v4(ntohl(in.sin_addr.s_addr)), allow_private);
  }
  if (addr->sa_family == AF_INET6) {
    struct sockaddr_in6 in6;
    memcpy(&in6, addr, sizeof in6);
    return allowed(classify_v6(in6.sin6_addr.s6_addr), allow_private);
  }
  return 0; /* Unix sockets and anything else: never a remote server */
}

static int ieq(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  if (alen != blen)
    return 0;
  for (size_t i = 0; i < alen; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (x != y)
      return 0;
  }
  return 1;
}

static int is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A label made only of what a numeric IPv4 part may hold: digits, or 0x and hex digits. */
static int numeric_label(const char *s, size_t len) {
  if (len == 0)
    return 0;
  if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    for (size_t i = 2; i < len; i++)
      if (!((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
        return 0;
    return 1;
  }
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

static int check_literal(verdict v, const char *host, int allow_private, char *why, size_t why_cap) {
  if (allowed(v, allow_private))
    return 0;
  if (why != NULL && why_cap > 0)
    snprintf(why, why_cap, "host %s is a %s address", host, v.what);
  return ESEAL_EEGRESS;
}

/* `host` (NUL-terminated, brackets removed, trailing dot kept) */
static int check_host(const char *host, size_t len, int bracketed, int allow_private, char *why,
                      size_t why_cap) {
  if (bracketed) {
    struct in6_addr a6;
    if (inet_pton(AF_INET6, host, &a6) != 1)
      return refuse(why, why_cap, "malformed IPv6 literal [%s]", host);
    return check_literal(classify_v6(a6.s6_addr), host, allow_private, why, why_cap);
  }
  /* Letters, digits, '-', '_' and '.' only: no percent-encoding, no IDN
   * tricks, nothing a resolver or URL parser might read differently. */
  for (size_t i = 0; i < len; i++)
    if (!is_alnum(host[i]) && host[i] != '-' && host[i] != '.' && host[i] != '_')
      return refuse(why, why_cap, "host %s holds characters outside letters, digits, '-', '_', '.'",
                    host);
  size_t name_len = len;
  if (name_len > 0 && host[name_len - 1] == '.')
    name_len--; /* "localhost." and "127.0.0.1." name the same thing */
  if (name_len == 0)
    return refuse(why, why_cap, "empty host");
  char bare[HOST_MAX + 1];
  memcpy(bare, host, name_len);
  bare[name_len] = 0;
  if (host[0] == '.' || strstr(host, "..") != NULL)
    return refuse(why, why_cap, "host %s has an empty label", host);

  /* The IPv4 spellings inet_aton accepts (127.1, 2130706433, 0x7f.0.0.1,
   * 0177.0.0.1) are the ones resolvers and URL parsers accept too. */
  struct in_addr a4;
  if (inet_aton(bare, &a4) == 1)
    return check_literal(classify_v4(ntohl(a4.s_addr)), bare, allow_private, why, why_cap);
  /* A name whose last label is numeric but that is no valid address
   * (1.2.3.4.5, 0x1ffffffff): parsers disagree on it, so nobody gets it. */
  const char *last = strrchr(bare, '.');
  last = last ? last + 1 : bare;
  if (numeric_label(last, strlen(last)))
    return refuse(why, why_cap, "host %s looks numeric but is no IPv4 address", bare);

  if (ieq(bare, name_len, "localhost") ||
      (name_len > 10 && ieq(bare + name_len - 10, 10, ".localhost")))
    return allow_private ? 0 : refuse(why, why_cap, "host %s is a loopback name", bare);
  return 0;
}

int eseal__egress_url(const char *url, int allow_private, char *why, size_t why_cap) {
  if (why != NULL && why_cap > 0)
    why[0] = 0;
  if (url == NULL)
    return refuse(why, why_cap, "no URL");
  size_t url_len = strnlen(url, URL_MAX + 1);
  if (url_len > URL_MAX)
    return refuse(why, why_cap, "URL longer than %d bytes", URL_MAX);
  for (size_t i = 0; i < url_len; i++)
    if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
      return refuse(why, why_cap, "URL holds a space, control or non-ASCII byte");

  const char *colon = strchr(url, ':');
  if (colon == NULL)
    return refuse(why, why_cap, "URL without a scheme");
  size_t scheme_len = (size_t)(colon - url);
  if (!ieq(url, scheme_len, "http") && !ieq(url, scheme_len, "https") &&
      !ieq(url, scheme_len, "ldap")) {
    char scheme[32];
    snprintf(scheme, sizeof scheme, "%.*s", (int)(scheme_len < 24 ? scheme_len : 24), url);
    return refuse(why, why_cap, "scheme '%s' is not http, https or ldap", scheme);
  }
  if (colon[1] != '/' || colon[2] != '/')
    return refuse(why, why_cap, "URL without '//' after the scheme");

  const char *auth = colon + 3;
  size_t auth_len = strcspn(auth, "/?#");
  if (memchr(auth, '@', auth_len) != NULL)
    return refuse(why, why_cap, "URL with user information (user@host)");
  if (memchr(auth, '\\', auth_len) != NULL)
    return refuse(why, why_cap, "URL with a backslash in the host part");

  const char *host = auth, *port = NULL;
  size_t host_len;
  int bracketed = 0;
  if (auth_len > 0 && auth[0] == '[') {
    const char *close = memchr(auth, ']', auth_len);
    if (close == NULL)
      return refuse(why, why_cap, "unclosed '[' in the host");
    host = auth + 1;
    host_len = (size_t)(close - host);
    bracketed = 1;
    const char *after = close + 1, *end = auth + auth_len;
    if (after < end) {
      if (*after != ':')
        return refuse(why, why_cap, "text after the IPv6 literal");
      port = after + 1;
    }
  } else {
    const char *c = memchr(auth, ':', auth_len);
    host_len = c ? (size_t)(c - auth) : auth_len;
    if (c)
      port = c + 1;
  }
  if (port != NULL) {
    size_t port_len = (size_t)(auth + auth_len - port);
    unsigned long value = 0;
    if (port_len == 0 || port_len > 5)
      return refuse(why, why_cap, "malformed port");
    for (size_t i = 0; i < port_len; i++) {
      if (port[i] < '0' || port[i] > '9')
        return refuse(why, why_cap, "malformed port");
      value = value * 10 + (unsigned long)(port[i] - '0');
    }
    if (value == 0 || value > 65535)
      return refuse(why, why_cap, "port out of range");
  }
  if (host_len == 0)
    return refuse(why, why_cap, "URL without a host");
  if (host_len > HOST_MAX)
    return refuse(why, why_cap, "host longer than %d bytes", HOST_MAX);
  char copy[HOST_MAX + 1];
  memcpy(copy, host, host_len);
  copy[host_len] = 0;
  return check_host(copy, host_len, bracketed, allow_private, why, why_cap);
}
