#include "engine/hotspots/area_stats.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/civil_time.hpp"

namespace hotspot::hotspots {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

int64_t floor_day(int64_t local_time_s) {
  return local_time_s >= 0 ? local_time_s / kSecondsPerDay
                           : -((-local_time_s + kSecondsPerDay - 1) / kSecondsPerDay);
}

// Cell index of a point, or -1 outside the grid.
int64_t cell_of(const GridSpec& spec, double x, double y) {
  const double column = std::floor((x - spec.xmin) / spec.cell_size_m);
  const double row = std::floor((y - spec.ymin) / spec.cell_size_m);
  if (!(column >= 0 && column < spec.columns && row >= 0 && row < spec.rows)) return -1;
  return static_cast<int64_t>(spec.index(static_cast<int32_t>(column), static_cast<int32_t>(row)));
}

void describe_cells(const AreaInputs& in, HotspotArea& area) {
  std::vector<int32_t> wards;
  for (uint32_t cell : area.cells) {
    area.class_level = std::max<int>(area.class_level, in.classes[cell]);
    area.peak_density_per_km2 = std::max(area.peak_density_per_km2, in.density_per_km2[cell]);
    const double z = in.gi.z[cell];
    if (!std::isnan(z) && z > 0) {
      if (in.gi.q[cell] <= in.gi_fdr) area.significant = true;
      area.gi_confidence = std::max<int>(area.gi_confidence, in.gi.confidence[cell]);
    }
    const int32_t ward = in.cell_wards[cell];
    if (ward != kOutside) wards.push_back(ward);
  }
  area.wards = wards;
}

}  // namespace

std::optional<int64_t> trend_end_day(const IncidentTable& incidents,
                                     const LayerSelection& selection) {
  int64_t dated = 0, last = INT64_MIN;
  for (uint32_t row : selection.rows)
    if (incidents.time_precision[row] != TimePrecision::month) {
      ++dated;
      last = std::max(last, floor_day(incidents.local_time_s[row]));
    }
  if (dated == 0 || double(dated) < 0.95 * double(selection.rows.size())) return std::nullopt;
  return last;
}

std::vector<HotspotArea> describe_areas(const AreaInputs& in,
                                        const std::vector<std::vector<uint32_t>>& components,
                                        const std::string& layer_name, int64_t minimum_incidents) {
  std::vector<int32_t> component_of(in.spec.cell_count(), -1);
  std::vector<HotspotArea> areas(components.size());
  for (size_t c = 0; c < components.size(); ++c) {
    areas[c].cells = components[c];
    for (uint32_t cell : components[c]) component_of[cell] = static_cast<int32_t>(c);
  }
  const std::optional<int64_t> last_day = trend_end_day(in.incidents, in.selection);
  const int64_t layer_total = static_cast<int64_t>(in.selection.rows.size());
  for (size_t k = 0; k < in.selection.rows.size(); ++k) {
    const int64_t cell = cell_of(in.spec, in.selection.x[k], in.selection.y[k]);
    if (cell < 0 || component_of[static_cast<size_t>(cell)] < 0) continue;
    HotspotArea& area = areas[static_cast<size_t>(component_of[static_cast<size_t>(cell)])];
    const uint32_t row = in.selection.rows[k];
    ++area.incidents;
    const int64_t t = in.incidents.local_time_s[row];
    const TimePrecision precision = in.incidents.time_precision[row];
    if (precision == TimePrecision::minute) {
      area.has_times = true;
      ++area.hour_by_weekday[static_cast<size_t>(civil_time::weekday(t))]
                            [static_cast<size_t>(civil_time::hour_of_day(t))];
    }
    if (last_day && precision != TimePrecision::month) {
      const int64_t age_days = *last_day - floor_day(t);
      if (!area.trend_last28) area.trend_last28 = area.trend_previous28 = 0;
      if (age_days < 28)
        ++*area.trend_last28;
      else if (age_days < 56)
        ++*area.trend_previous28;
    }
    if (in.incidents.ward.size() == in.incidents.size() && in.incidents.ward[row] != kOutside)
      area.wards.push_back(in.incidents.ward[row]);  // merged with the cell wards below
  }
  const double cell_km2 = in.spec.cell_size_m * in.spec.cell_size_m / 1e6;
  std::vector<HotspotArea> kept;
  for (HotspotArea& area : areas) {
    if (area.incidents < minimum_incidents) continue;
    std::vector<int32_t> incident_wards = std::move(area.wards);
    describe_cells(in, area);
    area.wards.insert(area.wards.end(), incident_wards.begin(), incident_wards.end());
    std::sort(area.wards.begin(), area.wards.end());
    area.wards.erase(std::unique(area.wards.begin(), area.wards.end()), area.wards.end());
    if (last_day && !area.trend_last28) area.trend_last28 = area.trend_previous28 = 0;
    area.area_km2 = double(area.cells.size()) * cell_km2;
    area.share = layer_total > 0 ? double(area.incidents) / double(layer_total) : 0;
    const double area_share =
        double(area.cells.size()) / double(std::max<int64_t>(1, in.study_area_cells));
    area.pai = area_share > 0 ? area.share / area_share : 0;
    kept.push_back(std::move(area));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const HotspotArea& a, const HotspotArea& b) {
    if (a.class_level != b.class_level) return a.class_level > b.class_level;
    if (a.incidents != b.incidents) return a.incidents > b.incidents;
    if (a.peak_density_per_km2 != b.peak_density_per_km2)
      return a.peak_density_per_km2 > b.peak_density_per_km2;
    return a.cells.front() < b.cells.front();
  });
  for (size_t r = 0; r < kept.size(); ++r) {
    kept[r].rank = static_cast<int>(r + 1);
    kept[r].id = layer_name + "-" + std::to_string(r + 1);
    kept[r].shape = cells_to_polygons(in.spec, kept[r].cells);
  }
  return kept;
}

}  // namespace hotspot::hotspots
