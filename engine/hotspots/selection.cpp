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
  for (size_t i = 0; i < incidents.size(); ++i) {
    const auto match = filter.match(incidents.category[i], incidents.local_time_s[i],
                                    static_cast<uint8_t>(incidents.time_precision[i]));
    if (match == LayerFilter::Match::no) continue;
    if (from_month || to_month) {
      const int32_t month = civil_time::month_index(incidents.local_time_s[i]);
      if ((from_month && month < *from_month) || (to_month && month > *to_month)) continue;
    }
    if (incidents.ward[i] == kOutside) continue;
    selection.rows.push_back(static_cast<uint32_t>(i));
    selection.x.push_back(incidents.x[i]);
    selection.y.push_back(incidents.y[i]);
    if (match == LayerFilter::Match::yes_untimed) ++selection.untimed;
  }
  selection.hours_note = hours_note(layer, selection.untimed);
  return selection;
}

}  // namespace hotspot::hotspots
