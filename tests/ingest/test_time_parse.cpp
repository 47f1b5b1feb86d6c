// Date and time parsing against hand-computed values, and the UK summer-time rule.
#include <catch2/catch.hpp>

#include "engine/core/civil_time.hpp"
#include "engine/ingest/time_parse.hpp"

using namespace hotspot;
using ingest::DateOrder;
using ingest::ParsedTime;

TEST_CASE("ISO 8601, UK day-first and month-only forms parse to local civil time") {
  ParsedTime t;
  REQUIRE(ingest::parse_time("2025-03-14T22:15:00", DateOrder::automatic, t));
  CHECK(t.local_time_s == civil_time::to_seconds(2025, 3, 14, 22, 15, 0));
  CHECK(t.precision == TimePrecision::minute);
  REQUIRE(ingest::parse_time("14/03/2025 22:15", DateOrder::automatic, t));
  CHECK(t.local_time_s == civil_time::to_seconds(2025, 3, 14, 22, 15, 0));
  REQUIRE(ingest::parse_time("4/3/2025 9:05", DateOrder::automatic, t));
  CHECK(t.local_time_s == civil_time::to_seconds(2025, 3, 4, 9, 5, 0));
  REQUIRE(ingest::parse_time("2025-03-14", DateOrder::automatic, t));
  CHECK(t.precision == TimePrecision::day);
  REQUIRE(ingest::parse_time("2018-01", DateOrder::automatic, t));
  CHECK(t.precision == TimePrecision::month);
  CHECK(t.local_time_s == civil_time::to_seconds(2018, 1, 1, 0, 0, 0));
}

TEST_CASE("times with a zone are converted to Europe/London, summer time included") {
  ParsedTime t;
  REQUIRE(ingest::parse_time("2025-07-01T21:30:00Z", DateOrder::automatic, t));  // BST: UTC+1
  CHECK(civil_time::hour_of_day(t.local_time_s) == 22);
  REQUIRE(
      ingest::parse_time("2025-01-01T21:30:00+01:00", DateOrder::automatic, t));  // GMT in winter
  CHECK(civil_time::hour_of_day(t.local_time_s) == 20);
  // 2025's clocks went forward at 01:00 UTC on Sunday 30 March.
  CHECK(civil_time::london_offset_s(civil_time::to_seconds(2025, 3, 30, 0, 59, 0)) == 0);
  CHECK(civil_time::london_offset_s(civil_time::to_seconds(2025, 3, 30, 1, 0, 0)) == 3600);
  CHECK(civil_time::london_offset_s(civil_time::to_seconds(2025, 10, 26, 0, 59, 0)) == 3600);
  CHECK(civil_time::london_offset_s(civil_time::to_seconds(2025, 10, 26, 1, 0, 0)) == 0);
}

TEST_CASE("impossible dates and malformed text are refused") {
  ParsedTime t;
  CHECK_FALSE(ingest::parse_time("31/02/2025 10:00", DateOrder::automatic, t));
  CHECK_FALSE(ingest::parse_time("2025-13-01", DateOrder::automatic, t));
  CHECK_FALSE(ingest::parse_time("2025-01-01 25:00", DateOrder::automatic, t));
  CHECK_FALSE(ingest::parse_time("yesterday", DateOrder::automatic, t));
  CHECK_FALSE(ingest::parse_time("", DateOrder::automatic, t));
  CHECK(ingest::parse_time("29/02/2024", DateOrder::automatic, t));  // leap year
  CHECK_FALSE(ingest::parse_time("29/02/2025", DateOrder::automatic, t));
}

TEST_CASE("weekday and month arithmetic match the calendar") {
  CHECK(civil_time::weekday(civil_time::to_seconds(2026, 11, 24, 12, 0, 0)) == 1);  // a Tuesday
  CHECK(civil_time::weekday(civil_time::to_seconds(1970, 1, 1, 0, 0, 0)) == 3);     // a Thursday
  CHECK(civil_time::weekday(civil_time::to_seconds(1969, 12, 31, 23, 0, 0)) == 2);
  CHECK(civil_time::month_index(civil_time::to_seconds(2025, 12, 31, 23, 59, 0)) ==
        civil_time::month_index(2025, 12));
  const auto date = civil_time::civil_from_days(civil_time::days_from_civil(2024, 2, 29));
  CHECK(date.year == 2024);
  CHECK(date.month == 2u);
  CHECK(date.day == 29u);
}

TEST_CASE("offsets beyond -12:00..+14:00 or with minutes past 59 are refused") {
  ParsedTime t;
  CHECK_FALSE(ingest::parse_time("2025-01-05T10:00+99:99", DateOrder::automatic, t));
  CHECK_FALSE(ingest::parse_time("2025-01-05T10:00+15:00", DateOrder::automatic, t));
  CHECK_FALSE(ingest::parse_time("2025-01-05T10:00+01:75", DateOrder::automatic, t));
  CHECK(ingest::parse_time("2025-01-05T10:00+14:00", DateOrder::automatic, t));
  CHECK(ingest::parse_time("2025-01-05T10:00-12:00", DateOrder::automatic, t));
  // 10:00 at -12:00 is 22:00 UTC, and London is on UTC in January.
  CHECK(civil_time::hour_of_day(t.local_time_s) == 22);
}

TEST_CASE("dates before 1990 or more than a day after the run are implausible") {
  const int64_t now = civil_time::to_seconds(2026, 6, 1, 12, 0, 0);
  CHECK_FALSE(ingest::is_plausible_time(civil_time::to_seconds(1, 1, 1, 0, 0, 0), now));
  CHECK_FALSE(ingest::is_plausible_time(civil_time::to_seconds(1989, 12, 31, 23, 59, 0), now));
  CHECK(ingest::is_plausible_time(civil_time::to_seconds(1990, 1, 1, 0, 0, 0), now));
  CHECK(ingest::is_plausible_time(civil_time::to_seconds(2026, 6, 2, 12, 0, 0), now));
  CHECK_FALSE(ingest::is_plausible_time(civil_time::to_seconds(2026, 6, 2, 12, 0, 1), now));
}
