// The baseline a study period is compared with: the equal period just before (the default, used
// only when the data covers it), the same months a year earlier ("last-year", as partnership
// reports compare), or any months FROM:TO. A baseline the user asked for that the data does not
// cover, or that overlaps the study period, is refused, never silently empty.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/month.hpp"

namespace hotspot::profile {

enum class BaselineKind { previous, last_year, months };

struct BaselineChoice {
  BaselineKind kind = BaselineKind::previous;
  MonthRange months;  // for BaselineKind::months
};

// "previous", "last-year" or "YYYY-MM:YYYY-MM"; throws UsageError naming `flag` otherwise.
BaselineChoice parse_baseline(std::string_view text, const std::string& flag = "--baseline");

struct ResolvedBaseline {
  MonthRange months;
  double exposure_ratio = 1;  // study period months / baseline months
  std::string label;          // "the previous 12 months (2024-11 to 2025-10)"
};

// The baseline for `period`, given the first and last month the data holds (all incidents, in
// wards or not). The default ("previous") gives nullopt when the data does not reach back over
// it; "last-year" and FROM:TO throw ConfigError when they reach outside the data or overlap the
// study period, naming the months and the data's range.
std::optional<ResolvedBaseline> resolve_baseline(const BaselineChoice& choice,
                                                 const MonthRange& period, int32_t data_first_month,
                                                 int32_t data_last_month);

}  // namespace hotspot::profile
