#include "engine/emerging/time_steps.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"

namespace hotspot::emerging {

namespace {

constexpr int64_t kDay = 86400;

int64_t day_of(int64_t time_s) { return time_s / kDay - (time_s % kDay < 0); }

std::string date_label(int64_t day) {
  const civil_time::Date date = civil_time::civil_from_days(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(date.year),
                date.month, date.day);
  return text;
}

// sfhotspot's rule (hotspot_classify, R/hotspot_classify.R) on the span in days.
TimeStepChoice sfhotspot_rule(double span_days) {
  if (span_days <= 14) return {StepUnit::days, 1};
  if (span_days <= 91) return {StepUnit::days, 7};
  if (span_days <= 366 * 2) return {StepUnit::days, 28};
  if (span_days <= 3653) return {StepUnit::days, 91};
  if (span_days <= 3653 * 2) return {StepUnit::months, 12};
  return {StepUnit::days, static_cast<int>(std::floor(span_days / 10))};
}

// The same length in whole months, for records that carry the month only.
TimeStepChoice in_months(const TimeStepChoice& step) {
  if (step.unit == StepUnit::months) return step;
  return {StepUnit::months, std::max(1, static_cast<int>(std::lround(step.length / 30.44)))};
}

}  // namespace

TimeStepChoice parse_time_step(std::string_view text, const std::string& flag) {
  if (text == "day") return {StepUnit::days, 1};
  if (text == "week") return {StepUnit::days, 7};
  if (text == "month") return {StepUnit::months, 1};
  if (text == "quarter") return {StepUnit::months, 3};
  if (text == "year") return {StepUnit::months, 12};
  const std::string words(text);
  int number = 0;
  char unit[16] = {0};
  int consumed = 0;
  if (std::sscanf(words.c_str(), "%d %15s%n", &number, unit, &consumed) == 2 &&
      consumed == static_cast<int>(words.size()) && number > 0 && number <= 3660) {
    const std::string name(unit);
    if (name == "day" || name == "days") return {StepUnit::days, number};
    if (name == "week" || name == "weeks") return {StepUnit::days, 7 * number};
    if (name == "month" || name == "months") return {StepUnit::months, number};
  }
  throw UsageError(flag + " '" + words +
                   "': expected week, month, quarter, year, 'N days' or 'N months'");
}

int TimeSteps::step_of(int64_t local_time_s) const {
  const int64_t position =
      unit == StepUnit::days ? day_of(local_time_s) : civil_time::month_index(local_time_s);
  if (position < start) return -1;
  const int64_t step = (position - start) / length;
  return step < count ? static_cast<int>(step) : -1;
}

std::string TimeSteps::label(int step) const {
  const int64_t first = start + int64_t(step) * length, last = first + length - 1;
  if (unit == StepUnit::months)
    return length == 1 ? month_label(static_cast<int32_t>(first))
                       : month_label(static_cast<int32_t>(first)) + " to " +
                             month_label(static_cast<int32_t>(last));
  return length == 1 ? date_label(first) : date_label(first) + " to " + date_label(last);
}

std::string TimeSteps::range_label() const {
  const int64_t first = start, last = start + int64_t(count) * length - 1;
  if (unit == StepUnit::months)
    return month_label(static_cast<int32_t>(first)) + " to " +
           month_label(static_cast<int32_t>(last));
  return date_label(first) + " to " + date_label(last);
}

std::string TimeSteps::length_words() const {
  if (unit == StepUnit::months) return length == 1 ? "month" : std::to_string(length) + " months";
  if (length == 7) return "week";
  return length == 1 ? "day" : std::to_string(length) + " days";
}

TimeSteps choose_time_steps(int64_t earliest_s, int64_t latest_s, int32_t last_month,
                            bool month_only, const std::optional<TimeStepChoice>& given) {
  TimeSteps steps;
  TimeStepChoice choice;
  const double span_days = double(latest_s - earliest_s) / kDay;
  if (given) {
    if (month_only && given->unit == StepUnit::days)
      throw UsageError(
          "--time-step: some records carry the month only (police.uk), so steps must be whole "
          "months: use --time-step month (or 'N months')");
    choice = *given;
    steps.rule = "given with --time-step";
  } else {
    const TimeStepChoice rule = sfhotspot_rule(span_days);
    choice = month_only ? in_months(rule) : rule;
    char text[200];
    std::snprintf(text, sizeof text,
                  "chosen from the data's span (%.0f days) by sfhotspot's rule%s", span_days,
                  month_only && rule.unit == StepUnit::days
                      ? ", in whole months because some records carry the month only"
                      : "");
    steps.rule = text;
  }
  steps.unit = choice.unit;
  steps.length = choice.length;
  // End where the study period ends; go back in whole steps while they lie within the data.
  if (choice.unit == StepUnit::months) {
    const int64_t end = int64_t(last_month) + 1, first = civil_time::month_index(earliest_s);
    steps.count = static_cast<int>(std::max<int64_t>(0, (end - first) / choice.length));
    steps.start = end - int64_t(steps.count) * choice.length;
  } else {
    const int32_t next_month = last_month + 1;  // steps end at its first day
    const int64_t end =
        civil_time::days_from_civil(next_month / 12, static_cast<unsigned>(next_month % 12 + 1), 1);
    const int64_t first = day_of(earliest_s);
    steps.count = static_cast<int>(std::max<int64_t>(0, (end - first) / choice.length));
    steps.start = end - int64_t(steps.count) * choice.length;
  }
  if (steps.count < 1)
    throw UsageError("--time-step: not one whole step of " + steps.length_words() +
                     " fits in the data; choose a shorter step");
  return steps;
}

}  // namespace hotspot::emerging
