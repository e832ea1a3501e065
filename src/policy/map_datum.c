/*
 * GCJ-02 and BD-09 coordinates (Chinese web maps) to WGS-84. The forward
 * GCJ-02 offset is the widely published polynomial-and-sine formula on the
 * Krasovsky ellipsoid; it is inverted here by fixed-point iteration, so the
 * result is approximate (about a metre). Outside China's bounding box no
 * offset applies.
 */
#include "policy.h"

#include <math.h>

#include "eseal/errors.h"
#include "../core/error.h"

#define KRASOVSKY_A 6378245.0
#define KRASOVSKY_EE 0.00669342162296594323

static int outside_china(double lat, double lon) {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

static double offset_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
  r += (20.0 * sin(6.0 * x * ESEAL__PI) + 20.0 * sin(2.0 * x * ESEAL__PI)) * 2.0 / 3.0;
  r += (20.0 * sin(y * ESEAL__PI) + 40.0 * sin(y / 3.0 * ESEAL__PI)) * 2.0 / 3.0;
  r += (160.0 * sin(y / 12.0 * ESEAL__PI) + 320.0 * sin(y * ESEAL__PI / 30.0)) * 2.0 / 3.0;
  return r;
}

static double offset_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
  r += (20.0 * sin(6.0 * x * ESEAL__PI) + 20.0 * sin(2.0 * x * ESEAL__PI)) * 2.0 / 3.0;
  r += (20.0 * sin(x * ESEAL__PI) + 40.0 * sin(x / 3.0 * ESEAL__PI)) * 2.0 / 3.0;
  r += (150.0 * sin(x / 12.0 * ESEAL__PI) + 300.0 * sin(x / 30.0 * ESEAL__PI)) * 2.0 / 3.0;
  return r;
}

/* WGS-84 to GCJ-02 (the forward, exact-by-definition direction). */
static void to_gcj(double lat, double lon, double *glat, double *glon) {
  double dlat = offset_lat(lon - 105.0, lat - 35.0), dlon = offset_lon(lon - 105.0, lat - 35.0);
  double rad = lat * ESEAL__PI / 180.0, magic = 1.0 - KRASOVSKY_EE * sin(rad) * sin(rad);
  double sq = sqrt(magic);
  dlat = dlat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sq) * ESEAL__PI);
  dlon = dlon * 180.0 / (KRASOVSKY_A / sq * cos(rad) * ESEAL__PI);
  *glat = lat + dlat;
  *glon = lon + dlon;
}

ESEAL_EXTERN(int) eseal_gcj02_to_wgs84(double lat, double lon, double *wlat, double *wlon) {
  if (wlat == NULL || wlon == NULL || !eseal__geo_valid(lat, lon))
    return eseal__error_set(ESEAL_EINVAL, "GCJ-02: coordinates out of range");
  double la = lat, lo = lon;
  if (!outside_china(lat, lon))
    for (int i = 0; i < 20; i++) {
      double g_la, g_lo;
      to_gcj(la, lo, &g_la, &g_lo);
      la -= g_la - lat;
      lo -= g_lo - lon;
    }
  *wlat = la;
  *wlon = lo;
  return 0;
}

ESEAL_EXTERN(int) eseal_bd09_to_wgs84(double lat, double lon, double *wlat, double *wlon) {
  if (wlat == NULL || wlon == NULL || !eseal__geo_valid(lat, lon))
    return eseal__error_set(ESEAL_EINVAL, "BD-09: coordinates out of range");
  const double xpi = ESEAL__PI * 3000.0 / 180.0;
  double x = lon - 0.0065, y = lat - 0.006;
  double z = sqrt(x * x + y * y) - 0.00002 * sin(y * xpi);
  double th = atan2(y, x) - 0.000003 * cos(x * xpi);
  return eseal_gcj02_to_wgs84(z * sin(th), z * cos(th), wlat, wlon);
}
