// The risk policy as data: working hours in a fixed offset with the holiday
// calendar, geofences with accuracy, map datum helpers, and the policy and
// calendar files (every malformed or oversized input refused).
#include <cmath>
#include <cstring>
#include <ctime>
#include <string>

#include <gtest/gtest.h>

#include <eseal.h>

#include "../support/helpers.h"

using helpers::LastError;

namespace {

// UTC seconds of a local time in UTC+08:00 (timegm is UTC-only: no TZ involved).
int64_t Beijing(int y, int mo, int d, int h, int mi, int s = 0) {
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  t.tm_sec = s;
  return static_cast<int64_t>(timegm(&t)) - 8 * 3600;
}

struct PolicyPtr {
  eseal_policy *p = nullptr;
  ~PolicyPtr() { eseal_policy_free(p); }
};

int Load(PolicyPtr &out, const std::string &json) {
  return eseal_policy_load(&out.p, reinterpret_cast<const uint8_t *>(json.data()), json.size());
}

// Office hours Monday to Friday, 09:00–12:00 and 13:00–18:00.
struct Hours : ::testing::Test {
  PolicyPtr pol;
  void SetUp() override {
    ASSERT_EQ(eseal_policy_new(&pol.p), 0);
    ASSERT_EQ(eseal_policy_add_hours_rule(pol.p, "office", ESEAL_RISK_ALERT), 0) << LastError();
    for (int d = 0; d < 5; d++) {
      ASSERT_EQ(eseal_policy_hours_add(pol.p, "office", d, 9 * 60, 12 * 60), 0);
      ASSERT_EQ(eseal_policy_hours_add(pol.p, "office", d, 13 * 60, 18 * 60), 0);
    }
  }
  int in(int64_t t) { return eseal_policy_in_hours(pol.p, "office", t); }
};

TEST_F(Hours, EdgesOfTheWorkingDayAreHalfOpen) {
  // 2026-12-02 is a Wednesday.
  EXPECT_EQ(in(Beijing(2026, 12, 2, 8, 59, 59)), 0);
  EXPECT_EQ(in(Beijing(2026, 12, 2, 9, 0, 0)), 1);
  EXPECT_EQ(in(Beijing(2026, 12, 2, 11, 59, 59)), 1);
  EXPECT_EQ(in(Beijing(2026, 12, 2, 12, 0, 0)), 0);  // lunch
  EXPECT_EQ(in(Beijing(2026, 12, 2, 13, 0, 0)), 1);
  EXPECT_EQ(in(Beijing(2026, 12, 2, 17, 59, 59)), 1);
  EXPECT_EQ(in(Beijing(2026, 12, 2, 18, 0, 0)), 0);
}

TEST_F(Hours, WeekendIsOutsideAndTheUtcDateDoesNotCount) {
  EXPECT_EQ(in(Beijing(2026, 12, 5, 10, 0)), 0);  // Saturday
  EXPECT_EQ(in(Beijing(2026, 12, 6, 10, 0)), 0);  // Sunday
  // Monday 09:30 in Beijing is still Sunday 01:30 in UTC: local time decides.
  EXPECT_EQ(in(Beijing(2026, 12, 7, 9, 30)), 1);
}

TEST_F(Hours, MidnightAndWeekEdges) {
  PolicyPtr p;
  ASSERT_EQ(eseal_policy_new(&p.p), 0);
  ASSERT_EQ(eseal_policy_add_hours_rule(p.p, "monday", ESEAL_RISK_FREEZE), 0);
  ASSERT_EQ(eseal_policy_hours_add(p.p, "monday", 0, 0, 24 * 60), 0);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "monday", Beijing(2026, 12, 6, 23, 59, 59)), 0);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "monday", Beijing(2026, 12, 7, 0, 0, 0)), 1);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "monday", Beijing(2026, 12, 7, 23, 59, 59)), 1);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "monday", Beijing(2026, 12, 8, 0, 0, 0)), 0);
}

TEST_F(Hours, OtherOffsetsAndTimesBefore1970) {
  ASSERT_EQ(eseal_policy_set_utc_offset(pol.p, -5 * 60), 0);
  // 1970-01-01 00:00 UTC is Wednesday 1969-12-31 19:00 at UTC-05:00.
  EXPECT_EQ(in(0), 0);
  EXPECT_EQ(in(15 * 3600 - 86400), 1);  // Wednesday 10:00 local is 15:00 UTC
  EXPECT_EQ(eseal_policy_set_utc_offset(pol.p, 15 * 60), ESEAL_EINVAL);
}

TEST_F(Hours, HolidayHasNoHoursAndSwappedWorkingDayHasMondays) {
  // National Day 2026-10-01 (Thursday) off; Saturday 2026-10-10 worked instead.
  ASSERT_EQ(eseal_policy_add_date(pol.p, 2026, 10, 1, 0), 0);
  ASSERT_EQ(eseal_policy_add_date(pol.p, 2026, 10, 10, 1), 0);
  EXPECT_EQ(in(Beijing(2026, 10, 1, 10, 0)), 0);
  EXPECT_EQ(in(Beijing(2026, 10, 2, 10, 0)), 1);  // the day after is an ordinary Friday
  EXPECT_EQ(in(Beijing(2026, 10, 10, 10, 0)), 1);
  EXPECT_EQ(in(Beijing(2026, 10, 10, 12, 30)), 0);  // Monday's lunch break holds
  EXPECT_EQ(in(Beijing(2026, 10, 17, 10, 0)), 0);   // an ordinary Saturday
  EXPECT_EQ(eseal_policy_add_date(pol.p, 2026, 2, 29, 0), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_add_date(pol.p, 2026, 10, 1, 1), ESEAL_EFORMAT);  // listed twice
}

TEST_F(Hours, CalendarFile) {
  std::string cal = R"({"version": 1, "name": "CN 2026",
    "holidays": ["2026-10-01", "2026-10-02"], "workdays": ["2026-09-27"]})";
  ASSERT_EQ(eseal_policy_load_calendar(pol.p, reinterpret_cast<const uint8_t *>(cal.data()),
                                       cal.size()),
            0)
      << LastError();
  EXPECT_EQ(in(Beijing(2026, 10, 2, 10, 0)), 0);
  EXPECT_EQ(in(Beijing(2026, 9, 27, 10, 0)), 1);  // a Sunday worked
}

TEST_F(Hours, BadCalendarsAreRefusedAndLeaveTheOldOne) {
  ASSERT_EQ(eseal_policy_add_date(pol.p, 2026, 12, 2, 0), 0);
  const char *bad[] = {
      R"({"version": 1, "holidays": ["2026-02-30"]})",
      R"({"version": 1, "holidays": ["2026-2-3"]})",
      R"({"version": 1, "holidays": ["2026-10-01x"]})",
      R"({"version": 1, "holidays": ["1969-12-31"]})",
      R"({"version": 1, "holidays": ["2026-10-01"], "workdays": ["2026-10-01"]})",
      R"({"version": 1, "holidays": [20261001]})",
      R"({"version": 1, "holidays": "2026-10-01"})",
      R"({"version": 2, "holidays": []})",
      R"({"holidays": []})",
      R"({"version": 1, "holiday": []})",
      R"({"version": 1, "version": 1})",
      R"({"version": 1} trailing)",
      R"([])",
  };
  for (const char *j : bad) {
    int rc = eseal_policy_load_calendar(pol.p, reinterpret_cast<const uint8_t *>(j), strlen(j));
    EXPECT_EQ(rc, ESEAL_EFORMAT) << j;
  }
  EXPECT_EQ(in(Beijing(2026, 12, 2, 10, 0)), 0);  // the holiday set before still holds
  std::string many = R"({"version": 1, "holidays": [)";
  for (int i = 0; i <= ESEAL_POLICY_MAX_DATES; i++)
    many += std::string(i ? "," : "") + "\"2030-01-01\"";
  many += "]}";
  EXPECT_EQ(eseal_policy_load_calendar(pol.p, reinterpret_cast<const uint8_t *>(many.data()),
                                       many.size()),
            ESEAL_ELIMIT);
}

// Metres per degree of latitude on the sphere the library measures with.
constexpr double kMetresPerDegree = 6371008.8 * 3.14159265358979323846 / 180.0;

struct Fences : ::testing::Test {
  PolicyPtr pol;
  void SetUp() override {
    ASSERT_EQ(eseal_policy_new(&pol.p), 0);
    ASSERT_EQ(eseal_policy_add_geofence_rule(pol.p, "hq", ESEAL_RISK_ALERT), 0);
    ASSERT_EQ(eseal_policy_geofence_circle(pol.p, "hq", 30.0, 120.0, 100.0), 0) << LastError();
    const double square[] = {31.0, 121.0, 31.0, 121.01, 31.01, 121.01, 31.01, 121.0};
    ASSERT_EQ(eseal_policy_geofence_polygon(pol.p, "hq", square, 4), 0) << LastError();
  }
  int out(double lat, double lon, double acc) {
    return eseal_policy_outside_fence(pol.p, "hq", lat, lon, acc);
  }
};

TEST_F(Fences, CircleEdgeWithAccuracy) {
  double lat = 30.0 + 150.0 / kMetresPerDegree;  // 150 m north of the centre
  EXPECT_EQ(out(lat, 120.0, 0), 1);
  EXPECT_EQ(out(lat, 120.0, 49.9), 1);
  EXPECT_EQ(out(lat, 120.0, 50.1), 0);
  EXPECT_EQ(out(30.0 + 99.9 / kMetresPerDegree, 120.0, 0), 0);
  EXPECT_EQ(out(30.0 + 100.1 / kMetresPerDegree, 120.0, 0), 1);
}

TEST_F(Fences, PolygonInsideEdgeAndAccuracy) {
  EXPECT_EQ(out(31.005, 121.005, 0), 0);
  // 0.001° of longitude east of the east edge, at latitude 31.005.
  double east = 0.001 * kMetresPerDegree * std::cos(31.005 * 3.14159265358979323846 / 180.0);
  EXPECT_EQ(out(31.005, 121.011, 0), 1);
  EXPECT_EQ(out(31.005, 121.011, east - 0.5), 1);
  EXPECT_EQ(out(31.005, 121.011, east + 0.5), 0);
  EXPECT_EQ(out(31.02, 121.005, 0), 1);  // north of it
}

TEST_F(Fences, BadGeometryIsRefused) {
  EXPECT_EQ(eseal_policy_geofence_circle(pol.p, "hq", 91.0, 0, 10), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_geofence_circle(pol.p, "hq", 0, 0, 0), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_geofence_circle(pol.p, "hq", NAN, 0, 10), ESEAL_EINVAL);
  const double two[] = {0, 0, 1, 1};
  EXPECT_EQ(eseal_policy_geofence_polygon(pol.p, "hq", two, 2), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_geofence_circle(pol.p, "nope", 0, 0, 10), ESEAL_ENOTFOUND);
  EXPECT_LT(out(0, 181, 0), 0);
  EXPECT_LT(out(0, 0, -1), 0);
}

TEST(MapDatum, ChineseMapCoordinatesMoveByTheKnownOffsets) {
  // The GCJ-02 shift in eastern China is a few hundred metres; outside China there is none.
  double lat = 0, lon = 0;
  ASSERT_EQ(eseal_gcj02_to_wgs84(39.9087, 116.3975, &lat, &lon), 0);
  double shift = std::hypot((lat - 39.9087) * kMetresPerDegree,
                            (lon - 116.3975) * kMetresPerDegree * std::cos(39.9 * 0.01745329));
  EXPECT_GT(shift, 100.0);
  EXPECT_LT(shift, 900.0);
  ASSERT_EQ(eseal_gcj02_to_wgs84(48.8584, 2.2945, &lat, &lon), 0);  // Paris
  EXPECT_EQ(lat, 48.8584);
  EXPECT_EQ(lon, 2.2945);
  // BD-09 is GCJ-02 moved by about (0.006°, 0.0065°) and slightly rotated.
  double glat = 0, glon = 0, blat = 0, blon = 0;
  ASSERT_EQ(eseal_gcj02_to_wgs84(39.9087, 116.3975, &glat, &glon), 0);
  ASSERT_EQ(eseal_bd09_to_wgs84(39.9087 + 0.006, 116.3975 + 0.0065, &blat, &blon), 0);
  EXPECT_NEAR(blat, glat, 0.001);
  EXPECT_NEAR(blon, glon, 0.001);
  EXPECT_EQ(eseal_gcj02_to_wgs84(95.0, 0, &lat, &lon), ESEAL_EINVAL);
  EXPECT_EQ(eseal_bd09_to_wgs84(0, 0, nullptr, &lon), ESEAL_EINVAL);
}

const char *const kExample = R"({
  "version": 1,
  "utc_offset": "+08:00",
  "calendar": {"version": 1, "holidays": ["2026-10-01"], "workdays": ["2026-10-10"]},
  "rules": [
    {"name": "office-hours", "kind": "hours", "level": "freeze",
     "hours": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"], "wed": ["09:00-18:00"],
               "thu": ["09:00-18:00"], "fri": ["09:00-12:00", "13:00-24:00"]}},
    {"name": "hq", "kind": "geofence", "level": "alert", "seals": ["33010000000001"],
     "areas": [{"circle": [30.2741, 120.1551, 500]},
               {"polygon": [[31.0, 121.0], [31.0, 121.01], [31.01, 121.01]]}]},
    {"name": "burst", "kind": "rate", "level": "freeze", "per": "seal", "count": "accepted",
     "limit": 20, "window": 3600},
    {"name": "refusals", "kind": "rate", "level": "alert", "per": "operator",
     "count": "refused", "limit": 3, "window": 600},
    {"name": "new-device", "kind": "novelty", "level": "record", "of": "device"}
  ]
})";

TEST(PolicyFile, ExampleLoads) {
  PolicyPtr p;
  ASSERT_EQ(Load(p, kExample), 0) << LastError();
  EXPECT_EQ(eseal_policy_rule_count(p.p), 5u);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "office-hours", Beijing(2026, 10, 1, 10, 0)), 0);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "office-hours", Beijing(2026, 10, 10, 10, 0)), 1);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "office-hours", Beijing(2026, 12, 4, 23, 59)), 1);
  EXPECT_EQ(eseal_policy_outside_fence(p.p, "hq", 30.2741, 120.1551, 0), 0);
  EXPECT_EQ(eseal_policy_outside_fence(p.p, "hq", 31.002, 121.008, 0), 0);
  EXPECT_EQ(eseal_policy_outside_fence(p.p, "hq", 31.2, 121.4, 0), 1);
}

// Replaces the first occurrence of `from` in the example.
std::string Example(const std::string &from, const std::string &to) {
  std::string s = kExample;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(PolicyFile, MalformedPoliciesAreRefused) {
  const std::pair<const char *, const char *> edits[] = {
      {"\"version\": 1,\n  \"utc", "\"version\": 2,\n  \"utc"},
      {"\"+08:00\"", "\"8\""},
      {"\"+08:00\"", "\"+15:00\""},
      {"\"level\": \"freeze\"", "\"level\": \"panic\""},
      {"\"kind\": \"hours\"", "\"kind\": \"moon\""},
      {"\"09:00-18:00\"", "\"9:00-18:00\""},
      {"\"09:00-18:00\"", "\"18:00-09:00\""},
      {"\"09:00-18:00\"", "\"09:00-24:01\""},
      {"\"mon\":", "\"monday\":"},
      {"[30.2741, 120.1551, 500]", "[30.2741, 120.1551]"},
      {"[30.2741, 120.1551, 500]", "[95, 120.1551, 500]"},
      {"[30.2741, 120.1551, 500]", "[30.2741, 120.1551, -1]"},
      {"[[31.0, 121.0], [31.0, 121.01], [31.01, 121.01]]", "[[31.0, 121.0], [31.0, 121.01]]"},
      {"\"limit\": 20", "\"limit\": -1"},
      {"\"window\": 3600", "\"window\": 0"},
      {"\"window\": 3600", "\"window\": 7776001"},
      {"\"per\": \"seal\"", "\"per\": \"place\""},
      {"\"of\": \"device\"", "\"of\": \"seal\""},
      {"\"name\": \"hq\"", "\"name\": \"burst\""},
      {"\"name\": \"hq\"", "\"name\": \"\""},
      {"\"seals\": [\"33010000000001\"]", "\"seals\": [1]"},
      {"\"level\": \"record\"", "\"level\": \"record\", \"limit\": 3"},
      {"\"calendar\": {\"version\": 1,", "\"calendar\": {\"version\": 1, \"x\": 0,"},
      {"\"version\": 1,\n  \"utc", "\"version\": 1, \"version\": 1,\n  \"utc"},
  };
  for (const auto &e : edits) {
    PolicyPtr p;
    EXPECT_EQ(Load(p, Example(e.first, e.second)), ESEAL_EFORMAT) << e.second;
    EXPECT_EQ(p.p, nullptr);
  }
  PolicyPtr p;
  EXPECT_EQ(Load(p, std::string(kExample) + "x"), ESEAL_EFORMAT);
  EXPECT_EQ(Load(p, "[]"), ESEAL_EFORMAT);
}

TEST(PolicyFile, LimitsAreEnforced) {
  std::string rules = R"({"version": 1, "rules": [)";
  for (int i = 0; i <= ESEAL_POLICY_MAX_RULES; i++)
    rules += std::string(i ? "," : "") + R"({"name": "r)" + std::to_string(i) +
             R"(", "kind": "novelty", "level": "record", "of": "device"})";
  rules += "]}";
  PolicyPtr p;
  EXPECT_EQ(Load(p, rules), ESEAL_ELIMIT);
  std::string big(ESEAL_POLICY_MAX_BYTES + 1, ' ');
  EXPECT_EQ(Load(p, big), ESEAL_ELIMIT);
  std::string poly = R"({"version": 1, "rules": [{"name": "p", "kind": "geofence",
    "level": "alert", "areas": [{"polygon": [)";
  for (int i = 0; i <= ESEAL_POLICY_MAX_VERTICES; i++)
    poly += std::string(i ? "," : "") + "[1, " + std::to_string(i * 0.0001) + "]";
  poly += "]}]}]}";
  EXPECT_EQ(Load(p, poly), ESEAL_ELIMIT);
  std::string name(ESEAL_POLICY_MAX_NAME + 1, 'n');
  EXPECT_EQ(Load(p, R"({"version": 1, "rules": [{"name": ")" + name +
                        R"(", "kind": "novelty", "level": "record", "of": "device"}]})"),
            ESEAL_EFORMAT);
}

TEST(PolicyFile, BaselineRuleTakesNoParameters) {
  PolicyPtr p;
  EXPECT_EQ(Load(p, R"({"version": 1, "rules": [{"name": "b", "kind": "baseline",
                     "level": "alert", "seals": ["x"]}]})"),
            0)
      << LastError();
  EXPECT_EQ(eseal_policy_rule_count(p.p), 1u);
  PolicyPtr q;
  EXPECT_EQ(Load(q, R"({"version": 1, "rules": [{"name": "b", "kind": "baseline",
                     "level": "alert", "threshold": 0.5}]})"),
            ESEAL_EFORMAT);
}

TEST(PolicyApi, BuilderRefusesBadRules) {
  PolicyPtr p;
  ASSERT_EQ(eseal_policy_new(&p.p), 0);
  EXPECT_EQ(eseal_policy_add_hours_rule(p.p, "h", static_cast<eseal_risk_level>(9)), ESEAL_EINVAL);
  ASSERT_EQ(eseal_policy_add_hours_rule(p.p, "h", ESEAL_RISK_RECORD), 0);
  EXPECT_EQ(eseal_policy_add_hours_rule(p.p, "h", ESEAL_RISK_RECORD), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_hours_add(p.p, "h", 7, 0, 60), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_hours_add(p.p, "h", 0, 60, 60), ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_hours_add(p.p, "h", 0, 0, 1441), ESEAL_EINVAL);
  for (int i = 0; i < ESEAL_POLICY_MAX_INTERVALS; i++)
    ASSERT_EQ(eseal_policy_hours_add(p.p, "h", 0, i, i + 1), 0);
  EXPECT_EQ(eseal_policy_hours_add(p.p, "h", 0, 100, 101), ESEAL_ELIMIT);
  EXPECT_EQ(eseal_policy_add_rate_rule(p.p, "r", ESEAL_RISK_ALERT, ESEAL_RISK_PLACE, 0, 1, 60),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_add_novelty_rule(p.p, "n", ESEAL_RISK_ALERT, ESEAL_RISK_SEAL),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_policy_rule_add_seal(p.p, "nope", "x"), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_policy_in_hours(p.p, "nope", 0), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_policy_rule_count(p.p), 1u);
  EXPECT_STREQ(eseal_risk_level_name(ESEAL_RISK_FREEZE), "freeze");
  EXPECT_EQ(eseal_risk_level_name(static_cast<eseal_risk_level>(0)), nullptr);
}

}  // namespace
