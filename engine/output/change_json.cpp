#include "engine/output/change_json.hpp"

#include <cmath>

#include "engine/core/json_numbers.hpp"
#include "engine/core/month.hpp"

namespace hotspot::output {

using nlohmann::ordered_json;

namespace {

ordered_json counted_change(int64_t count, int64_t previous, const profile::CountChange& change,
                            bool count_shown, bool previous_shown) {
  ordered_json json{{"count", count_shown ? ordered_json(count) : ordered_json(nullptr)},
                    {"previous_count", previous_shown ? ordered_json(previous) : ordered_json()}};
  const ordered_json columns = change_columns(change, count_shown && previous_shown);
  for (const auto& [key, value] : columns.items()) json[key] = value;
  return json;
}

}  // namespace

ordered_json change_columns(const profile::CountChange& change, bool shown) {
  ordered_json json;
  json["change_percent"] = shown ? rounded_or_null(change.change_percent, 2) : ordered_json();
  json["change_ratio"] = shown ? rounded_or_null(change.rate_ratio, 4) : ordered_json();
  json["change_low"] = shown ? rounded_or_null(change.ratio_low, 4) : ordered_json();
  json["change_high"] = shown ? rounded_or_null(change.ratio_high, 4) : ordered_json();
  json["change_p"] = shown ? p_value_or_null(change.p_value) : ordered_json();
  json["change_small"] = shown ? ordered_json(change.small_numbers) : ordered_json();
  return json;
}

ordered_json baseline_json(const profile::AreaProfile& area) {
  if (!area.baseline) return nullptr;
  const MonthRange& months = area.baseline->months;
  return ordered_json{{"from", month_label(months.from_month)},
                      {"to", month_label(months.to_month)},
                      {"months", months.months()},
                      {"label", area.baseline->label}};
}

ordered_json area_change_json(const profile::AreaProfile& area, const WardPublication& shown) {
  if (!area.baseline) return nullptr;
  ordered_json categories = ordered_json::object();
  for (size_t c = 0; c < area.categories.size(); ++c)
    categories[area.categories[c]] = counted_change(
        area.count_by_category[c], area.previous_by_category[c], area.change_by_category[c],
        shown.area_category_shown[c], shown.area_category_previous_shown[c]);
  return ordered_json{
      {"total", counted_change(area.total, area.previous_total, area.change_total,
                               shown.area_total_shown, shown.area_previous_total_shown)},
      {"categories", categories}};
}

}  // namespace hotspot::output
