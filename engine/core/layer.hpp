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
  std::vector<int> weekdays;          // 0 = Monday .. 6 = Sunday; empty = every day
  std::optional<int32_t> from_month;  // civil_time::month_index, inclusive
  std::optional<int32_t> to_month;    // inclusive
  // The title when the hour filter cannot apply because the data has no times (police.uk);
  // empty: "<title>, all hours (the data has no times of day)".
  std::string untimed_title;
};

// burglary; anti-social-behaviour; night-time-violence (violent-crime + public-order, 19:00–05:00).
std::vector<LayerDefinition> default_layers();

// A layer's filter compiled against one table's category dictionary. Records without a time of
// day (police.uk gives the month only) cannot be tested against hours: they are kept, and
// counted as `untimed`, so the layer can say plainly that it covers all hours for them.
class LayerFilter {
 public:
  LayerFilter(const LayerDefinition& layer, const std::vector<std::string>& category_slugs);
  enum class Match { no, yes, yes_untimed };
  Match match(uint16_t category, int64_t local_time_s, uint8_t precision) const;
  bool selects(uint16_t category) const {
    return category < selected_.size() && selected_[category];
  }
  // True when a record of this precision can be tested against the layer's hours and weekdays.
  bool can_test(uint8_t precision) const;
  bool has_time_filter() const { return layer_.hours.has_value() || !layer_.weekdays.empty(); }

 private:
  LayerDefinition layer_;
  std::vector<bool> selected_;
  std::vector<bool> weekday_selected_;
};

}  // namespace hotspot
