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

// False when `text` is not a valid date/time in one of the accepted forms.
bool parse_time(std::string_view text, DateOrder order, ParsedTime& out);

}  // namespace hotspot::ingest
