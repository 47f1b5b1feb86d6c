#include "engine/core/civil_time.hpp"

namespace hotspot::civil_time {

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

Date civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t year = static_cast<int64_t>(year_of_era) + era * 400;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return Date{year + (month <= 2), month, day};
}

static bool is_leap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool is_valid_date(int64_t year, unsigned month, unsigned day) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const unsigned limit = kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
  return day <= limit;
}

int64_t to_seconds(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                   unsigned second) {
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

static int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int32_t month_index(int64_t local_time_s) {
  const Date date = civil_from_days(floor_div(local_time_s, 86400));
  return month_index(date.year, date.month);
}

int hour_of_day(int64_t local_time_s) {
  const int64_t seconds_of_day = local_time_s - floor_div(local_time_s, 86400) * 86400;
  return static_cast<int>(seconds_of_day / 3600);
}

int weekday(int64_t local_time_s) {
  // 1970-01-01 was a Thursday (Monday = 0 → Thursday = 3).
  const int64_t days = floor_div(local_time_s, 86400);
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

static int64_t last_sunday_utc_0100(int64_t year, unsigned month) {
  const unsigned last_day = month == 3 ? 31 : 31;  // March and October both have 31 days
  const int64_t days = days_from_civil(year, month, last_day);
  const int64_t weekday_of_last = ((days + 3) % 7 + 7) % 7;  // Monday = 0
  const int64_t back = (weekday_of_last + 1) % 7;            // days back to Sunday
  return (days - back) * 86400 + 3600;
}

int64_t london_offset_s(int64_t utc_s) {
  const Date date = civil_from_days(floor_div(utc_s, 86400));
  const int64_t start = last_sunday_utc_0100(date.year, 3);
  const int64_t end = last_sunday_utc_0100(date.year, 10);
  return (utc_s >= start && utc_s < end) ? 3600 : 0;
}

}  // namespace hotspot::civil_time
