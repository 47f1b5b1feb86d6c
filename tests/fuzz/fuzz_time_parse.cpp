// Fuzzes the date-time parser (engine/ingest/time_parse) in every date order: any text either
// parses to a time whose calendar date is valid, or is refused; never a crash or UB (overflow).
#include <cstdint>
#include <string_view>

#include "engine/core/civil_time.hpp"
#include "engine/ingest/time_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using hotspot::ingest::DateOrder;
  for (DateOrder order : {DateOrder::automatic, DateOrder::iso, DateOrder::day_first}) {
    hotspot::ingest::ParsedTime parsed;
    if (!hotspot::ingest::parse_time(text, order, parsed)) continue;
    const int64_t days = parsed.local_time_s >= 0 ? parsed.local_time_s / 86400
                                                  : -((-parsed.local_time_s + 86399) / 86400);
    const auto date = hotspot::civil_time::civil_from_days(days);
    if (!hotspot::civil_time::is_valid_date(date.year, date.month, date.day)) __builtin_trap();
    // Four-digit years, moved at most 14 hours by an offset (0000-01-01 02:15+04:30 is in year -1).
    if (date.year < -1 || date.year > 10000) __builtin_trap();
    (void)hotspot::ingest::is_plausible_time(parsed.local_time_s, 0);
  }
  return 0;
}
