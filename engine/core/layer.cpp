#include "engine/core/layer.hpp"

#include <algorithm>

#include "engine/core/civil_time.hpp"

namespace hotspot {

std::vector<LayerDefinition> default_layers() {
  std::vector<LayerDefinition> layers(3);
  layers[0].name = "burglary";
  layers[0].title = "Burglary";
  layers[0].categories = {"burglary"};
  layers[1].name = "anti-social-behaviour";
  layers[1].title = "Anti-social behaviour";
  layers[1].categories = {"anti-social-behaviour"};
  layers[2].name = "night-time-violence";
  layers[2].title = "Night-time violence";
  layers[2].categories = {"violent-crime", "public-order"};
  layers[2].hours = std::make_pair(19, 5);
  layers[2].untimed_title = "Violence and public order, all hours (the data has no times of day)";
  return layers;
}

LayerFilter::LayerFilter(const LayerDefinition& layer,
                         const std::vector<std::string>& category_slugs)
    : layer_(layer),
      selected_(category_slugs.size(), false),
      weekday_selected_(7, layer.weekdays.empty()) {
  for (size_t i = 0; i < category_slugs.size(); ++i)
    selected_[i] = std::find(layer.categories.begin(), layer.categories.end(), category_slugs[i]) !=
                   layer.categories.end();
  for (int day : layer.weekdays)
    if (day >= 0 && day < 7) weekday_selected_[static_cast<size_t>(day)] = true;
}

bool LayerFilter::can_test(uint8_t precision) const {
  constexpr uint8_t kMinute = 2, kDay = 1;
  if (layer_.hours) return precision == kMinute;
  if (!layer_.weekdays.empty()) return precision >= kDay;
  return true;
}

LayerFilter::Match LayerFilter::match(uint16_t category, int64_t local_time_s,
                                      uint8_t precision) const {
  if (category >= selected_.size() || !selected_[category]) return Match::no;
  const int32_t month = civil_time::month_index(local_time_s);
  if (layer_.from_month && month < *layer_.from_month) return Match::no;
  if (layer_.to_month && month > *layer_.to_month) return Match::no;
  constexpr uint8_t kMinute = 2, kDay = 1;
  bool untimed = false;
  if (!layer_.weekdays.empty()) {
    if (precision >= kDay) {
      if (!weekday_selected_[static_cast<size_t>(civil_time::weekday(local_time_s))])
        return Match::no;
    } else {
      untimed = true;
    }
  }
  if (layer_.hours) {
    if (precision == kMinute) {
      const int hour = civil_time::hour_of_day(local_time_s);
      const auto [start, end] = *layer_.hours;
      const bool inside =
          start <= end ? (hour >= start && hour < end) : (hour >= start || hour < end);
      if (!inside) return Match::no;
    } else {
      untimed = true;
    }
  }
  return untimed ? Match::yes_untimed : Match::yes;
}

}  // namespace hotspot
