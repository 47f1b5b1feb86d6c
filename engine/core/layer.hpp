// A hotspot layer: a named filter over incidents (categories, optional hours of day, weekdays
// and date range). Built-in: burglary, anti-social-behaviour, night-time-violence.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotspot {

struct LayerDefinition {
  std::string name;                     // slug-like: used in file names (density/<name>.tif)
  std::string title;                    // for people: "Night-time violence"
  std::vector<std::string> categories;  // category slugs
  // Hours of day [start, end) on the local clock; wraps past midnight when start > end
  // (19..5 means 19:00–04:59). Empty = all hours.
  std::optional<std::pair<int, int>> hours;
  std::vector<int> weekdays;            // 0 = Monday .. 6 = Sunday; empty = every day
  std::optional<int32_t> from_month;    // civil_time::month_index, inclusive
  std::optional<int32_t> to_month;      // inclusive
};

// burglary; anti-social-behaviour; night-time-violence (violent-crime + public-order, 19:00–05:00).
std::vector<LayerDefinition> default_layers();

}  // namespace hotspot
