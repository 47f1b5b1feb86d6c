#include "engine/impact/periods.hpp"

#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"

namespace hotspot::impact {

ImpactPeriods make_periods(PeriodUnit unit, int32_t from, int32_t to, int weeks) {
  if (to < from) throw UsageError("--to is before --from: give the operation's first and last day");
  if (weeks < 0) throw UsageError("--weeks must be a positive number of weeks");
  ImpactPeriods periods;
  periods.unit = unit;
  periods.operation = {from, to};
  int32_t length = to - from + 1;
  int32_t year = 12;
  if (unit == PeriodUnit::day) {
    if (weeks == 0) weeks = std::max(4, (length + 6) / 7);
    length = weeks * 7;
    year = 364;
  } else if (weeks != 0) {
    throw UsageError(
        "--weeks applies to day periods; with months (YYYY-MM) the operation's "
        "months are compared with as many months before");
  }
  periods.before = {from - length, from - 1};
  periods.after = {from, from + length - 1};
  periods.before_last_year = {periods.before.first - year, periods.before.last - year};
  periods.after_last_year = {periods.after.first - year, periods.after.last - year};
  return periods;
}

std::string unit_label(PeriodUnit unit, int32_t value) {
  return unit == PeriodUnit::day ? day_label(value) : month_label(value);
}

std::string window_label(PeriodUnit unit, const Window& window) {
  return unit_label(unit, window.first) + " to " + unit_label(unit, window.last);
}

std::string window_length(PeriodUnit unit, const Window& window) {
  const int32_t n = window.length();
  if (unit == PeriodUnit::month) return std::to_string(n) + (n == 1 ? " month" : " months");
  if (n % 7 == 0) return std::to_string(n / 7) + (n == 7 ? " week" : " weeks");
  return std::to_string(n) + (n == 1 ? " day" : " days");
}

}  // namespace hotspot::impact
