// The time steps of a space-time cube: whole days or whole months, ending with the study period
// and going back over the data. The length is given (--time-step week|month|quarter|N days|N
// months) or chosen from the data's span as sfhotspot's hotspot_classify chooses it: up to 14
// days → 1 day, up to 91 → 7 days, up to 2 years (732 days) → 28 days, up to 10 years → 91
// days, up to 20 years → 1 year, beyond → a tenth of the span. Records that carry the month only
// (police.uk) need whole months: 28 days becomes 1 month, 91 days 3 months, a year 12 months.
// Steps end where the study period ends (as ArcGIS's "end time" alignment); a partial step at
// the start is left out, never counted as a short one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot::emerging {

enum class StepUnit { days, months };

struct TimeStepChoice {
  StepUnit unit = StepUnit::months;
  int length = 1;
};

// "week", "month", "quarter", "year", "N days", "N months" (also "N day", "N weeks");
// throws UsageError naming `flag` otherwise.
TimeStepChoice parse_time_step(std::string_view text, const std::string& flag = "--time-step");

struct TimeSteps {
  StepUnit unit = StepUnit::months;
  int length = 1;
  // Step k covers [start + k·length, start + (k+1)·length) in days since 1970-01-01 (days) or
  // month indices (months).
  int64_t start = 0;
  int count = 0;
  std::string rule;  // how the length was chosen, in words

  // The step holding a local time, or -1 when it lies before the first or after the last.
  int step_of(int64_t local_time_s) const;
  // "2025-11" (months, length 1), "2025-11 to 2026-01", or "2024-11-03 to 2024-11-30" (days).
  std::string label(int step) const;
  // "month", "3 months", "28 days", "week".
  std::string length_words() const;
  // The whole run: "2024-11 to 2026-10", "2024-11-03 to 2026-10-31".
  std::string range_label() const;
};

// Steps for incidents from `earliest_s` to `latest_s` (local times) ending with the month
// `last_month` (a month index: the study period's last month). `month_only`: some records
// carry the month only. Throws UsageError when a given step is shorter than a month while
// month_only is set, or when not even one whole step fits.
TimeSteps choose_time_steps(int64_t earliest_s, int64_t latest_s, int32_t last_month,
                            bool month_only, const std::optional<TimeStepChoice>& given);

}  // namespace hotspot::emerging
