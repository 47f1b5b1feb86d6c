#include "engine/core/month.hpp"

#include <cstdio>

namespace hotspot {

std::optional<int32_t> parse_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    if (i < 4)
      year = year * 10 + (text[i] - '0');
    else
      month = month * 10 + (text[i] - '0');
  }
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
  return static_cast<int32_t>(year * 12 + month - 1);
}

std::string month_label(int32_t month_index) {
  const int32_t year = month_index / 12, month = month_index % 12 + 1;
  if (month_index >= 0 && year <= 9999) {
    // YYYY-MM by hand: the GeoPackage labels every incident's month, and snprintf's format
    // parsing was ~3% of its thread on a national year.
    std::string label(7, '-');
    for (int k = 3, rest = year; k >= 0; --k, rest /= 10)
      label[k] = static_cast<char>('0' + rest % 10);
    label[5] = static_cast<char>('0' + month / 10);
    label[6] = static_cast<char>('0' + month % 10);
    return label;
  }
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

std::string MonthRange::label() const {
  return from_month == to_month ? month_label(from_month)
                                : month_label(from_month) + " to " + month_label(to_month);
}

std::optional<MonthRange> parse_month_range(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {  // one month
    const auto month = parse_month(text);
    if (!month) return std::nullopt;
    return MonthRange{*month, *month};
  }
  const auto from = parse_month(text.substr(0, colon));
  const auto to = parse_month(text.substr(colon + 1));
  if (!from || !to || *from > *to) return std::nullopt;
  return MonthRange{*from, *to};
}

}  // namespace hotspot
