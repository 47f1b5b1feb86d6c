#include "engine/core/day.hpp"

#include <cstdio>

#include "engine/core/civil_time.hpp"

namespace hotspot {

std::optional<int32_t> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t count) -> std::optional<int> {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (!year || !month || !day || *year < 1900 || *year > 2999) return std::nullopt;
  if (!civil_time::is_valid_date(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)))
    return std::nullopt;
  return static_cast<int32_t>(civil_time::days_from_civil(*year, static_cast<unsigned>(*month),
                                                          static_cast<unsigned>(*day)));
}

std::string day_label(int32_t day) {
  const civil_time::Date date = civil_time::civil_from_days(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(date.year),
                date.month, date.day);
  return text;
}

}  // namespace hotspot
