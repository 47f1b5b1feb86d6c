// Parsing incident dates and times into local civil time (see IncidentTable::local_time_s).
// Accepted: ISO 8601 (2025-03-14, 2025-03-14T22:15, 2025-03-14 22:15:30, with an optional
// Z or ±hh:mm offset, which is converted to Europe/London), UK dd/mm/yyyy [HH:MM[:SS]],
// and month-only yyyy-mm (police.uk).
#pragma once
#include <cstdint>
#include <string_view>

#include "engine/core/incident_table.hpp"

namespace hotspot::ingest {

enum class DateOrder { automatic, iso, day_first };

struct ParsedTime {
  int64_t local_time_s = 0;
  TimePrecision precision = TimePrecision::month;
};

// False when `text` is not a valid date/time in one of the accepted forms. Offsets beyond
// -12:00..+14:00 (or with minutes past 59) are not valid.
bool parse_time(std::string_view text, DateOrder order, ParsedTime& out);

// Dates an incident can plausibly have: on or after 1990-01-01 (no force export or police.uk
// file holds earlier incidents; a year 0001 is a placeholder for "unknown") and no more than a
// day after `now_s` (the run's clock in the same local seconds: a day absorbs time zones).
constexpr int64_t kEarliestPlausible_s = 631152000;  // 1990-01-01 00:00
bool is_plausible_time(int64_t local_time_s, int64_t now_s);
// The system clock as local (Europe/London) seconds.
int64_t local_now_s();

}  // namespace hotspot::ingest
