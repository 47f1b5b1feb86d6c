// Calendar arithmetic on local civil time (seconds since 1970-01-01 00:00, no zone), and the
// UK (Europe/London) daylight-saving rule used to turn UTC or offset times into local time.
// Days-from-civil follows Howard Hinnant's public-domain algorithms; hand-written because
// GCC 12's <chrono> has no time-zone database.
#pragma once
#include <cstdint>

namespace hotspot::civil_time {

// Days since 1970-01-01 for a proleptic Gregorian date (month 1..12, day 1..31).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

struct Date {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};
Date civil_from_days(int64_t days);

bool is_valid_date(int64_t year, unsigned month, unsigned day);

int64_t to_seconds(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                   unsigned second);

// year·12 + (month − 1): consecutive months are consecutive integers.
int32_t month_index(int64_t local_time_s);
inline int32_t month_index(int64_t year, unsigned month) {
  return static_cast<int32_t>(year * 12 + (month - 1));
}
int hour_of_day(int64_t local_time_s);  // 0..23
int weekday(int64_t local_time_s);      // 0 = Monday .. 6 = Sunday

// Offset of Europe/London from UTC in seconds at a UTC instant (0 in winter, 3600 in summer):
// summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
// of October (the rule in force since 1996).
int64_t london_offset_s(int64_t utc_s);

}  // namespace hotspot::civil_time
