/*
 * Whether a CRL covers a certificate (RFC 5280 §6.3.3 b, §5.2.5): who may
 * issue it (the certificate issuer, or for an indirect CRL a cRLIssuer the
 * certificate names), which kinds of certificate its IssuingDistributionPoint
 * admits, whether its distribution point is one of the certificate's, and
 * which revocation reasons it covers.
 */
#include "crl_internal.h"

#include <stdio.h>

#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "../core/error.h"

/* The revocation reasons keyCompromise (1) to aACompromise (8). */
#define FIRST_REASON 1
#define LAST_REASON 8

static int name_among(const GENERAL_NAMES *names, const X509_NAME *name) {
  for (int i = 0; name != NULL && i < sk_GENERAL_NAME_num(names); i++) {
    const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
    if (g->type == GEN_DIRNAME && X509_NAME_cmp(g->d.directoryName, name) == 0)
      return 1;
  }
  return 0;
}

static int names_meet(const GENERAL_NAMES *a, const GENERAL_NAMES *b) {
  for (int i = 0; i < sk_GENERAL_NAME_num(a); i++)
    for (int j = 0; j < sk_GENERAL_NAME_num(b); j++)
      if (GENERAL_NAME_cmp(sk_GENERAL_NAME_value(a, i), sk_GENERAL_NAME_value(b, j)) == 0)
        return 1;
  return 0;
}

/*
 * 1 when distribution point names `a` and `b` share a name. A relative name
 * (type 1) was made whole in dpname by DIST_POINT_set_dpname().
 */
static int dp_names_meet(const DIST_POINT_NAME *a, const DIST_POINT_NAME *b) {
  if (a->type == 1 && b->type == 1)
    return a->dpname && b->dpname && X509_NAME_cmp(a->dpname, b->dpname) == 0;
  if (a->type == 1)
    return name_among(b->name.fullname, a->dpname);
  if (b->type == 1)
    return name_among(a->name.fullname, b->dpname);
  return names_meet(a->name.fullname, b->name.fullname);
}

/* The IDP's name against a distribution point that has only a cRLIssuer. */
static int dp_name_among_issuers(const DIST_POINT_NAME *idp_name, const GENERAL_NAMES *issuers) {
  if (idp_name->type == 1)
    return name_among(issuers, idp_name->dpname);
  return names_meet(idp_name->name.fullname, issuers);
}

static int has_reason(const ASN1_BIT_STRING *reasons, int bit) {
  return reasons == NULL || ASN1_BIT_STRING_get_bit(reasons, bit);
}

/* Every reason is in both the CRL's onlySomeReasons and the distribution point's reasons. */
static int covers_all_reasons(const ISSUING_DIST_POINT *idp, const DIST_POINT *dp) {
  for (int bit = FIRST_REASON; bit <= LAST_REASON; bit++)
    if (!has_reason(idp ? idp->onlysomereasons : NULL, bit) ||
        !has_reason(dp ? dp->reasons : NULL, bit))
      return 0;
  return 1;
}

static int refuse(eseal__crl_view *view, const char *why) {
  snprintf(view->why, sizeof view->why, "%s", why);
  return 0;
}

/* The IDP flags against the kind of certificate. */
static int kind_fits(eseal__crl_view *view, const ISSUING_DIST_POINT *idp, X509 *cert) {
  if (idp == NULL)
    return 1;
  int is_ca = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
  if (idp->onlyattr > 0)
    return refuse(view, "the CRL covers only attribute certificates (onlyContainsAttributeCerts)");
  if (idp->onlyuser > 0 && is_ca)
    return refuse(view, "the CRL covers only end-entity certificates (onlyContainsUserCerts)");
  if (idp->onlyCA > 0 && !is_ca)
    return refuse(view, "the CRL covers only CA certificates (onlyContainsCACerts)");
  return 1;
}

/*
 * The certificate's distribution point this CRL serves, in *match: one whose
 * CRL issuer is the CRL's and whose name (or cRLIssuer) meets the IDP's.
 * 1 found, 0 not (view->why says), ESEAL_ENOMEM.
 */
static int find_point(eseal__crl_view *view, CRL_DIST_POINTS *dps, const ISSUING_DIST_POINT *idp,
                      const X509_NAME *cert_issuer, DIST_POINT **match) {
  const X509_NAME *crl_issuer = X509_CRL_get_issuer(view->crl);
  int direct = X509_NAME_cmp(crl_issuer, cert_issuer) == 0;
  int indirect_crl = idp != NULL && idp->indirectCRL > 0;
  int issuer_named = 0, issuer_fits = 0;
  for (int i = 0; i < sk_DIST_POINT_num(dps); i++) {
    DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
    int fits = direct && dp->CRLissuer == NULL;
    if (dp->CRLissuer != NULL && name_among(dp->CRLissuer, crl_issuer)) {
      issuer_named = 1;
      fits = indirect_crl;
    }
    if (!fits)
      continue;
    issuer_fits = 1;
    if (idp == NULL || idp->distpoint == NULL) {
      *match = dp;
      return 1;
    }
    if (dp->distpoint != NULL) {
      if (!DIST_POINT_set_dpname(dp->distpoint, dp->CRLissuer ? crl_issuer : cert_issuer))
        return eseal__error_oom();
      if (dp_names_meet(dp->distpoint, idp->distpoint)) {
        *match = dp;
        return 1;
      }
    } else if (dp->CRLissuer != NULL && dp_name_among_issuers(idp->distpoint, dp->CRLissuer)) {
      *match = dp;
      return 1;
    }
  }
  if (issuer_fits)
    return refuse(view, "the CRL's distribution point is not one of the certificate's");
  if (issuer_named)
    return refuse(view, "the CRL issuer is a cRLIssuer of the certificate, but the CRL is not "
                        "marked indirectCRL");
  return refuse(view, "the CRL issuer is neither the certificate issuer nor a cRLIssuer of its "
                      "distribution points");
}

int eseal__crl_scope(eseal__crl_view *view, const eseal__crl_subject *s, int *indirect,
                     int *all_reasons) {
  const X509_NAME *crl_issuer = X509_CRL_get_issuer(view->crl);
  const X509_NAME *cert_issuer = X509_get_issuer_name(s->cert);
  int crit = -1, dp_crit = -1, rc = 0;
  ISSUING_DIST_POINT *idp =
      X509_CRL_get_ext_d2i(view->crl, NID_issuing_distribution_point, &crit, NULL);
  CRL_DIST_POINTS *dps = X509_get_ext_d2i(s->cert, NID_crl_distribution_points, &dp_crit, NULL);
  DIST_POINT *match = NULL;
  if (idp == NULL && crit != -1)
    rc = refuse(view, "the IssuingDistributionPoint cannot be read (or occurs twice)");
  else if (dps == NULL && dp_crit != -1)
    rc = refuse(view, "the certificate's CRLDistributionPoints cannot be read (or occur twice)");
  else if (!kind_fits(view, idp, s->cert))
    rc = 0;
  else if (idp != NULL && idp->distpoint != NULL &&
           !DIST_POINT_set_dpname(idp->distpoint, crl_issuer))
    rc = eseal__error_oom();
  else if (dps != NULL)
    rc = find_point(view, dps, idp, cert_issuer, &match);
  else if (X509_NAME_cmp(crl_issuer, cert_issuer) != 0)
    rc = refuse(view, "the CRL issuer is not the certificate issuer, and the certificate names "
                      "no cRLIssuer");
  /* A CRL for one named distribution point covers only certificates that name it. */
  else if (idp != NULL && idp->distpoint != NULL)
    rc = refuse(view, "the CRL covers a distribution point, and the certificate names none");
  else
    rc = 1;
  if (rc == 1) {
    *indirect = X509_NAME_cmp(crl_issuer, cert_issuer) != 0;
    *all_reasons = covers_all_reasons(idp, match);
  }
  ISSUING_DIST_POINT_free(idp);
  CRL_DIST_POINTS_free(dps);
  return rc;
}
