/*
 * Online revocation lookups through the context's fetcher: OCSP requests to
 * the configured or AIA responders, CRLs from the distribution points. The
 * egress rules apply to every URL (src/fetch/). Floor 4.
 */
#ifndef ESEAL_REVOCATION_ONLINE_H
#define ESEAL_REVOCATION_ONLINE_H

#include "lookup.h"

/* URLs of one kind tried per certificate at most. */
#define ESEAL__ONLINE_MAX_URLS 4

/* Asks the OCSP responders; 1 when an answer decided (in *out), 0 when not, or an error. */
int eseal__rev_online_ocsp(const eseal_ctx *ctx, const eseal__rev_query *q,
                           STACK_OF(X509) *trusted, eseal__rev_result *out);

/* Fetches the CRLs of the distribution points into *crls (created). 0 or an error. */
int eseal__rev_online_crls(const eseal_ctx *ctx, const eseal__rev_query *q,
                           STACK_OF(X509_CRL) **crls, eseal__rev_result *out);

#endif
