#include "engine/hotspots/selection.hpp"

#include <stdexcept>

#include "engine/core/civil_time.hpp"

namespace hotspot::hotspots {

std::string with_thousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return (value < 0 ? "-" : "") + digits;
}

std::string hours_note(const LayerDefinition& layer, int64_t untimed) {
  if (untimed == 0) return "";
  return hours_note(layer,
                    with_thousands(untimed) + (untimed == 1 ? " record has" : " records have"));
}

std::string hours_note(const LayerDefinition& layer, const std::string& records_have) {
  if (layer.hours) return "covers all hours: " + records_have + " no time of day";
  return "covers every day of the week: " + records_have + " no date";
}

LayerSelection select_layer(const IncidentTable& incidents, const LayerDefinition& layer,
                            std::optional<int32_t> from_month, std::optional<int32_t> to_month) {
  LayerSelection selection;
  const LayerFilter filter(layer, incidents.category_slugs);
  if (incidents.ward.size() != incidents.size())
    throw std::logic_error(
        "select_layer needs incidents joined to their wards (join::assign_wards)");
  auto in_scope = [&](size_t i) {
    if (incidents.ward[i] == kOutside || !filter.selects(incidents.category[i])) return false;
    if (!from_month && !to_month) return true;
    const int32_t month = civil_time::month_index(incidents.local_time_s[i]);
    return !((from_month && month < *from_month) || (to_month && month > *to_month));
  };
  // First: how many of the layer's records could be tested against its hours at all.
  int64_t testable = 0, untestable = 0;
  if (filter.has_time_filter())
    for (size_t i = 0; i < incidents.size(); ++i)
      if (in_scope(i))
        ++(filter.can_test(static_cast<uint8_t>(incidents.time_precision[i])) ? testable
                                                                              : untestable);
  const bool keep_untimed = double(testable) < kTimedShareToFilter * double(testable + untestable);
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (!in_scope(i)) continue;
    const auto match = filter.match(incidents.category[i], incidents.local_time_s[i],
                                    static_cast<uint8_t>(incidents.time_precision[i]));
    if (match == LayerFilter::Match::no) continue;
    if (match == LayerFilter::Match::yes_untimed) {
      if (!keep_untimed) {
        ++selection.untimed_left_out;
        continue;
      }
      ++selection.untimed;
    }
    selection.rows.push_back(static_cast<uint32_t>(i));
    selection.x.push_back(incidents.x[i]);
    selection.y.push_back(incidents.y[i]);
  }
  selection.covers_all_hours = filter.has_time_filter() && testable < untestable;
  if (selection.untimed > 0) {
    selection.hours_note = hours_note(layer, selection.untimed);
  } else if (selection.untimed_left_out > 0) {
    const int64_t n = selection.untimed_left_out;
    selection.hours_note = with_thousands(n) + (n == 1 ? " record has" : " records have") +
                           " no time of day and " + (n == 1 ? "is" : "are") + " left out of this " +
                           (layer.hours ? "hour" : "weekday") + " filter (" +
                           with_thousands(testable) + " have one)";
  }
  return selection;
}

std::string honest_title(const LayerDefinition& layer, const LayerSelection& selection) {
  if (!selection.covers_all_hours) return layer.title;
  if (!layer.untimed_title.empty()) return layer.untimed_title;
  return layer.title + (layer.hours ? ", all hours (the data has no times of day)"
                                    : ", every day (the data has no dates)");
}

}  // namespace hotspot::hotspots
