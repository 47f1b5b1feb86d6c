// An analyse output folder read back for planning: the hotspot areas (hotspots.geojson), the ward
// profiles and priority wards (wards.json, wards.geojson), the map labels (labels.geojson) and the
// run's period, CRS and disclosure (summary.json). Only published figures are read: a value the
// run withheld (null) stays absent, so nothing derived from it can reveal a small count.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.hpp"
#include "engine/hotspots/polygons.hpp"
#include "engine/output/svg_map.hpp"

namespace hotspot::plan {

struct AnalysedLayer {
  std::string name, title;  // "burglary", "Burglary"
};

struct AnalysedHotspot {
  std::string id, layer, layer_title;  // "burglary-c9a8ee"
  int rank = 0;
  std::optional<int64_t> incidents;  // absent when withheld
  double expected_per_month = 0;
  std::vector<std::string> streets;     // most incidents first
  std::vector<std::string> ward_codes;  // the wards the area lies in
  std::string wards, when, change;      // words as published ("" when absent)
  std::string geometry_json;            // the feature's geometry as published (WGS84)
  hotspots::AreaShape shape;            // analysis CRS, for the maps
  MultiPolygon footprint;               // the same, for overlap tests
};

struct AnalysedWard {
  std::string code, name;
  std::optional<int64_t> count;  // all incidents in the period; absent when withheld
  std::optional<double> rate_ratio, ratio_low, ratio_high, change_percent, change_low, change_high,
      change_p;
  std::optional<int64_t> previous_count;
  std::string comparison;  // "above" | "similar" | "below" | ""
  int priority_rank = 0;   // 1 = first priority ward; 0 = not a priority
  std::string geometry_json;
  MultiPolygon shape;  // analysis CRS
};

struct AnalysisFolder {
  std::string dir, title, analysis_crs;
  std::string period_from, period_to;  // "2025-11", "2026-10"
  int period_last_day = 0;             // day index of the period's last day
  int months = 0;                      // months in the period
  std::string previous_label;          // "the previous 12 months (2024-11 to 2025-10)"
  bool public_output = false;
  int minimum_count = 0;
  std::vector<AnalysedLayer> layers;
  std::vector<AnalysedHotspot> hotspots;  // layer by layer, by rank
  std::vector<AnalysedWard> wards;
  std::vector<output::MapLabel> labels;   // analysis CRS
  std::vector<MultiPolygon> ward_shapes;  // parallel to wards (for the maps)

  const AnalysedWard* find_ward(const std::string& code) const;
};

// Throws InputError naming the file (and the field) for a folder that is not an analyse output,
// a missing file, or a file that does not parse, with the fix (run `hotspot analyse --out DIR`).
AnalysisFolder read_analysis_folder(const std::string& dir);

// An area's rings as a Boost.Geometry multipolygon (corrected winding).
MultiPolygon to_multipolygon(const hotspots::AreaShape& shape);

}  // namespace hotspot::plan
