#include "engine/nearrepeat/cocoon.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/nearrepeat/close_pairs.hpp"

namespace hotspot::nearrepeat {

void CocoonOptions::validate() const {
  if (recent_days < 1) throw ConfigError("--recent-days must be at least 1 (default 28)");
  if (distance_m && !(*distance_m > 0 && std::isfinite(*distance_m)))
    throw ConfigError("--cocoon-distance must be a positive number of metres");
  if (days && *days < 1) throw ConfigError("--cocoon-days must be at least 1");
}

CocoonPlan plan_cocoons(const EventSet& events, const RiskZone& zone,
                        const CocoonOptions& options) {
  options.validate();
  CocoonPlan plan;
  plan.as_of_day = options.as_of_day.value_or(events.last_day);
  if (plan.as_of_day < events.first_day || plan.as_of_day > events.last_day)
    throw UsageError("--as-of " + day_label(plan.as_of_day) +
                     " is outside the data, which runs from " + day_label(events.first_day) +
                     " to " + day_label(events.last_day));
  plan.first_day = plan.as_of_day - options.recent_days + 1;
  if (zone.found) {
    plan.distance_m = zone.distance_m;
    plan.days = zone.days;
    plan.basis = "the Knox test's near-repeat zone";
  } else {
    plan.distance_m = options.default_distance_m;
    plan.days = options.default_days;
    plan.basis = "the stated defaults, as the Knox test found no near-repeat zone on this data";
  }
  if (options.distance_m || options.days) {
    plan.distance_m = options.distance_m.value_or(plan.distance_m);
    plan.days = options.days.value_or(plan.days);
    plan.basis = "given with --cocoon-distance / --cocoon-days";
  }
  std::vector<uint32_t> recent;
  for (uint32_t e = 0; e < events.size(); ++e)
    if (events.day[e] >= plan.first_day && events.day[e] <= plan.as_of_day) recent.push_back(e);
  std::stable_sort(recent.begin(), recent.end(),
                   [&](uint32_t a, uint32_t b) { return events.day[a] < events.day[b]; });
  for (uint32_t e : recent)
    plan.zones.push_back(CocoonZone{e, events.day[e], events.day[e] + plan.days - 1, {}});
  return plan;
}

void assign_addresses(CocoonPlan& plan, const EventSet& events, const AddressSet& addresses,
                      DistanceMetric metric) {
  // Addresses sorted by easting: each zone scans only the strip within its reach.
  std::vector<uint32_t> by_x(addresses.size());
  std::iota(by_x.begin(), by_x.end(), 0u);
  std::stable_sort(by_x.begin(), by_x.end(),
                   [&](uint32_t a, uint32_t b) { return addresses.x_m[a] < addresses.x_m[b]; });
  std::vector<double> sorted_x(by_x.size());
  for (size_t i = 0; i < by_x.size(); ++i) sorted_x[i] = addresses.x_m[by_x[i]];
  std::vector<bool> seen(addresses.size(), false);
  plan.unique_addresses = 0;
  for (CocoonZone& zone : plan.zones) {
    const double x = events.x_m[zone.event], y = events.y_m[zone.event];
    std::vector<std::pair<double, uint32_t>> inside;
    auto from = std::lower_bound(sorted_x.begin(), sorted_x.end(), x - plan.distance_m);
    for (auto it = from; it != sorted_x.end() && *it <= x + plan.distance_m; ++it) {
      const uint32_t a = by_x[static_cast<size_t>(it - sorted_x.begin())];
      const double d = distance_m(metric, addresses.x_m[a] - x, addresses.y_m[a] - y);
      if (d < plan.distance_m) inside.emplace_back(d, a);
    }
    std::sort(inside.begin(), inside.end());
    zone.addresses.clear();
    for (const auto& [d, a] : inside) {
      zone.addresses.push_back(a);
      if (!seen[a]) {
        seen[a] = true;
        ++plan.unique_addresses;
      }
    }
  }
}

}  // namespace hotspot::nearrepeat
