// Ward outputs: wards.geojson (RFC 7946), wards.csv and wards.json (the viewer's profiles).
// All three carry the same flat per-ward columns (see ward_columns), written atomically.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/core/layer.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/profile/ward_profile.hpp"

namespace hotspot::output {

// Per-ward counts of each hotspot layer's incidents within the study period.
struct LayerCounts {
  std::vector<LayerDefinition> layers;
  std::vector<std::vector<int64_t>> by_ward;  // [layer][ward]
};

struct WardOutputContext {
  const WardSet& wards;
  const profile::AreaProfile& profile;
  const LayerCounts& layer_counts;
  std::string analysis_crs;
  std::string title;
  const DisclosurePolicy& disclosure;
  // What may be shown (decide_ward_publication): withheld values are null in JSON, empty in CSV
  // and absent in GeoJSON.
  const struct WardPublication& shown;
};

// The flat columns of one ward, in output order: ward_code, ward_name, population, total,
// total_rate, <slug>, <slug>_rate..., <layer>, <layer>_rate..., comparison, rate_ratio,
// ratio_low, ratio_high, previous_total, change_percent, priority, priority_rank.
// Unknown values are null (empty in CSV, absent in GeoJSON).
nlohmann::ordered_json ward_columns(const WardOutputContext& context, size_t ward);

void write_wards_geojson(const WardOutputContext& context, const std::string& path);
void write_wards_csv(const WardOutputContext& context, const std::string& path);
void write_wards_json(const WardOutputContext& context, const std::string& path);

// Ward polygons in WGS84 with RFC 7946 winding (exterior counter-clockwise), for GeoJSON.
std::vector<MultiPolygon> wards_in_wgs84(const WardSet& wards, const std::string& analysis_crs);

}  // namespace hotspot::output
