/*
 * The URLs a certificate names for its status and its issuer: CRL
 * distribution points, AIA OCSP responders, AIA caIssuers. Only URIs
 * (GeneralName uniformResourceIdentifier) are returned; what may be fetched
 * is for the egress rules (src/fetch/egress.c) to say.
 */
#ifndef ESEAL_REVOCATION_URLS_H
#define ESEAL_REVOCATION_URLS_H

#include <stddef.h>

#include <openssl/x509.h>

/* A longer URL is skipped; more URLs than the caller's room are dropped. */
#define ESEAL__URL_MAX 512

typedef enum eseal__url_kind {
  ESEAL__URL_CRL_DP = 1,
  ESEAL__URL_OCSP = 2,
  ESEAL__URL_CA_ISSUERS = 3
} eseal__url_kind;

/* Copies up to `cap` URLs of `kind` from `cert` into `urls`, in order; the count. */
size_t eseal__cert_urls(X509 *cert, eseal__url_kind kind, char urls[][ESEAL__URL_MAX], size_t cap);

#endif
