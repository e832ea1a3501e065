/*
 * Geofence geometry on WGS-84 coordinates: great-circle distance to circles;
 * polygons in a local flat projection around the judged point (good for
 * fences up to a few hundred kilometres across).
 */
#include "policy.h"

#include <math.h>

#define EARTH_RADIUS_M 6371008.8
#define DEG (ESEAL__PI / 180.0)

int eseal__geo_valid(double lat, double lon) {
  return isfinite(lat) && isfinite(lon) && fabs(lat) <= 90.0 && fabs(lon) <= 180.0;
}

double eseal__geo_distance(double lat1, double lon1, double lat2, double lon2) {
  double dlat = (lat2 - lat1) * DEG, dlon = (lon2 - lon1) * DEG;
  double s = sin(dlat / 2), t = sin(dlon / 2);
  double h = s * s + cos(lat1 * DEG) * cos(lat2 * DEG) * t * t;
  return 2.0 * EARTH_RADIUS_M * asin(fmin(1.0, sqrt(h)));
}

/* A vertex in metres east / north of the point (lat0, lon0). */
static void project(double lat0, double lon0, double lat, double lon, double *x, double *y) {
  double dlon = lon - lon0;
  if (dlon > 180.0)
    dlon -= 360.0;
  else if (dlon < -180.0)
    dlon += 360.0;
  *x = dlon * DEG * EARTH_RADIUS_M * cos(lat0 * DEG);
  *y = (lat - lat0) * DEG * EARTH_RADIUS_M;
}

/* Distance from the origin to the segment (ax, ay)–(bx, by). */
static double segment_distance(double ax, double ay, double bx, double by) {
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double u = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  return hypot(ax + u * dx, ay + u * dy);
}

/* 0 when the point is inside the polygon, else the distance to its nearest edge. */
static double polygon_distance(const eseal__area *a, double lat, double lon) {
  double best = INFINITY;
  int inside = 0;
  for (size_t i = 0, j = a->count - 1; i < a->count; j = i++) {
    double ax, ay, bx, by;
    project(lat, lon, a->vertices[2 * j], a->vertices[2 * j + 1], &ax, &ay);
    project(lat, lon, a->vertices[2 * i], a->vertices[2 * i + 1], &bx, &by);
    /* Crossing number of a ray from the origin along +x. */
    if ((ay > 0) != (by > 0) && ax + (0 - ay) * (bx - ax) / (by - ay) > 0)
      inside = !inside;
    best = fmin(best, segment_distance(ax, ay, bx, by));
  }
  return inside ? 0.0 : best;
}

double eseal__fence_distance(const eseal__rule *r, double lat, double lon) {
  double best = INFINITY;
  for (size_t i = 0; i < r->area_count; i++) {
    const eseal__area *a = &r->areas[i];
    double d = a->polygon ? polygon_distance(a, lat, lon)
                          : fmax(0.0, eseal__geo_distance(lat, lon, a->lat, a->lon) - a->radius_m);
    best = fmin(best, d);
  }
  return best;
}
