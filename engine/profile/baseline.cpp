#include "engine/profile/baseline.hpp"

#include "engine/core/errors.hpp"

namespace hotspot::profile {

namespace {

std::string range_words(const MonthRange& range) {
  return range.from_month == range.to_month
             ? month_label(range.from_month)
             : month_label(range.from_month) + " to " + month_label(range.to_month);
}

std::string months_words(int32_t months) {
  return months == 1 ? "month" : std::to_string(months) + " months";
}

}  // namespace

BaselineChoice parse_baseline(std::string_view text, const std::string& flag) {
  if (text == "previous") return {};
  if (text == "last-year") return {BaselineKind::last_year, {}};
  if (const auto range = parse_month_range(text)) return {BaselineKind::months, *range};
  throw UsageError(flag + " '" + std::string(text) +
                   "': expected previous, last-year or months FROM:TO such as 2024-04:2025-03");
}

std::optional<ResolvedBaseline> resolve_baseline(const BaselineChoice& choice,
                                                 const MonthRange& period, int32_t data_first_month,
                                                 int32_t data_last_month) {
  const int32_t length = period.months();
  ResolvedBaseline baseline;
  switch (choice.kind) {
    case BaselineKind::previous:
      baseline.months = {period.from_month - length, period.from_month - 1};
      if (data_first_month > baseline.months.from_month) return std::nullopt;
      baseline.label =
          "the previous " + months_words(length) + " (" + range_words(baseline.months) + ")";
      break;
    case BaselineKind::last_year:
      if (length > 12)
        throw ConfigError("the baseline 'last-year' would overlap a study period of " +
                          std::to_string(length) +
                          " months: give the baseline months as --baseline FROM:TO");
      baseline.months = {period.from_month - 12, period.to_month - 12};
      baseline.label = "the same period last year (" + range_words(baseline.months) + ")";
      break;
    case BaselineKind::months:
      baseline.months = choice.months;
      baseline.label = range_words(baseline.months);
      if (baseline.months.to_month >= period.from_month &&
          baseline.months.from_month <= period.to_month)
        throw ConfigError("the baseline " + range_words(baseline.months) +
                          " overlaps the study period " + range_words(period) +
                          ": choose baseline months outside it");
      break;
  }
  if (baseline.months.from_month < data_first_month || baseline.months.to_month > data_last_month)
    throw ConfigError("the baseline " + range_words(baseline.months) +
                      " lies outside the data, which runs from " + month_label(data_first_month) +
                      " to " + month_label(data_last_month) +
                      ": choose baseline months within it (--baseline FROM:TO)");
  baseline.exposure_ratio = double(length) / double(baseline.months.months());
  return baseline;
}

}  // namespace hotspot::profile
