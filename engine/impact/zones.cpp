#include "engine/impact/zones.hpp"

#include <algorithm>

#include "engine/core/civil_time.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::impact {

namespace {

void add(PeriodCounts& counts, const ImpactPeriods& periods, int32_t unit) {
  counts.before += periods.before.contains(unit);
  counts.after += periods.after.contains(unit);
  counts.before_last_year += periods.before_last_year.contains(unit);
  counts.after_last_year += periods.after_last_year.contains(unit);
}

}  // namespace

ZoneCounts count_zones(const IncidentTable& incidents, int category, const ImpactPeriods& periods,
                       const ZoneDefinition& zones, const WardSet* wards) {
  ZoneCounts counts;
  std::vector<bool> comparison_ward;
  if (zones.comparison != ComparisonKind::polygon) {
    if (!wards || incidents.ward.size() != incidents.size())
      throw UsageError(
          "the comparison area is built from the wards: give --wards, or a "
          "comparison polygon with --comparison FILE");
    comparison_ward.assign(wards->size(), zones.comparison == ComparisonKind::district);
    if (zones.comparison == ComparisonKind::wards) {
      for (size_t w = 0; w < wards->size(); ++w)
        if (bg::intersects(wards->shape[w], zones.area)) {
          comparison_ward[w] = true;
          counts.comparison_wards.push_back(static_cast<int32_t>(w));
        }
      if (counts.comparison_wards.empty())
        throw UsageError(
            "the operation area touches no ward: check that the area file and the "
            "wards cover the same place");
    }
  }
  Box reach;
  bg::envelope(zones.area, reach);
  const Box area_box = reach;
  reach.min_corner().x(reach.min_corner().x() - zones.buffer_m);
  reach.min_corner().y(reach.min_corner().y() - zones.buffer_m);
  reach.max_corner().x(reach.max_corner().x() + zones.buffer_m);
  reach.max_corner().y(reach.max_corner().y() + zones.buffer_m);
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.category[i] != category) continue;
    const bool month_only = incidents.time_precision[i] == TimePrecision::month;
    if (month_only) ++counts.month_only;
    if (periods.unit == PeriodUnit::day && month_only) continue;
    const int32_t unit = periods.unit == PeriodUnit::day
                             ? day_of(incidents.local_time_s[i])
                             : civil_time::month_index(incidents.local_time_s[i]);
    const Point point(incidents.x[i], incidents.y[i]);
    if (bg::covered_by(point, reach)) {
      if (bg::covered_by(point, area_box) && bg::covered_by(point, zones.area)) {
        add(counts.area, periods, unit);
        continue;
      }
      if (bg::distance(point, zones.area) <= zones.buffer_m) {
        add(counts.ring, periods, unit);
        continue;
      }
    }
    const bool in_comparison = zones.comparison == ComparisonKind::polygon
                                   ? bg::covered_by(point, zones.comparison_polygon)
                                   : incidents.ward[i] != kOutside &&
                                         comparison_ward[static_cast<size_t>(incidents.ward[i])];
    if (in_comparison) add(counts.comparison, periods, unit);
  }
  return counts;
}

}  // namespace hotspot::impact
