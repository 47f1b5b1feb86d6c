// The periods an operation is judged on: the weeks (or months) before it starts, the same
// length from its start (covering the operation and, when longer, what follows), and both again
// a year earlier (52 weeks, so weekdays match; 12 months for month periods). Month periods are
// for data that gives the month only (police.uk): whole months, the operation's months against
// as many months before.
#pragma once
#include <cstdint>
#include <string>

namespace hotspot::impact {

enum class PeriodUnit { day, month };

struct Window {
  int32_t first = 0, last = 0;  // inclusive, in days or months (core/day.hpp, core/month.hpp)
  int32_t length() const { return last - first + 1; }
  bool contains(int32_t unit) const { return unit >= first && unit <= last; }
};

struct ImpactPeriods {
  PeriodUnit unit = PeriodUnit::day;
  Window operation;  // --from .. --to
  Window before, after, before_last_year, after_last_year;
};

// Day periods: `weeks` before and from the start (0: the operation's length in whole weeks, at
// least 4). Month periods: the operation's months and as many before (weeks must be 0).
// Throws UsageError when --to is before --from or weeks is negative or given for months.
ImpactPeriods make_periods(PeriodUnit unit, int32_t from, int32_t to, int weeks);

// "2026-06-01" or "2026-06".
std::string unit_label(PeriodUnit unit, int32_t value);
// "2026-06-01 to 2026-06-28" or "2026-06 to 2026-08".
std::string window_label(PeriodUnit unit, const Window& window);
// "4 weeks" / "3 months" / "10 days".
std::string window_length(PeriodUnit unit, const Window& window);

}  // namespace hotspot::impact
