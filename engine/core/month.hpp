// Months as the whole project reads and writes them: "YYYY-MM" text ↔ a month index
// (year·12 + month − 1, so consecutive months are consecutive integers), and month ranges
// "YYYY-MM:YYYY-MM". The one parser and formatter: strict (exactly four digits, a hyphen, two
// digits, month 01–12, years 1900–2999).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot {

// The month index of "2025-03", or nullopt when the text is not exactly a valid month.
std::optional<int32_t> parse_month(std::string_view text);
// "2025-03" for a month index.
std::string month_label(int32_t month_index);

struct MonthRange {
  int32_t from_month = 0;  // month index, inclusive
  int32_t to_month = 0;    // inclusive
  int32_t months() const { return to_month - from_month + 1; }
  std::string label() const;  // "2025-01 to 2025-06", or "2025-06" for one month
  bool contains(int32_t month) const { return month >= from_month && month <= to_month; }
};

// "2025-01:2025-06" (or one month, "2025-06") → a range, or nullopt when malformed or FROM is
// after TO.
std::optional<MonthRange> parse_month_range(std::string_view text);

}  // namespace hotspot
