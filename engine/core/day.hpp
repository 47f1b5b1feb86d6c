// Calendar days as the commands that work day by day read and write them: "YYYY-MM-DD" text ↔ a
// day index (days since 1970-01-01 on the local clock), and the day of a local time. Strict: four
// digits, hyphen, two digits, hyphen, two digits, a real date, years 1900–2999.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot {

// The day index of "2026-06-01", or nullopt when the text is not exactly a valid date.
std::optional<int32_t> parse_day(std::string_view text);
// "2026-06-01" for a day index.
std::string day_label(int32_t day);
// The day of a local civil time (seconds since 1970-01-01 00:00 local), rounded down.
inline int32_t day_of(int64_t local_time_s) {
  return static_cast<int32_t>(local_time_s >= 0 ? local_time_s / 86400
                                                : -((-local_time_s + 86399) / 86400));
}

}  // namespace hotspot
