// What the briefing takes from the output files other stages write, by their published contract:
// map labels (labels.geojson: street and ward names at a point, with their incidents) and the
// words describing each hotspot area (hotspots.geojson: streets, wards, when, change), keyed by
// area id. Absent files or properties give empty notes, and the briefing prints without them.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/output/svg_map.hpp"

namespace hotspot::output {

struct AreaNote {
  std::string streets;  // "; "-joined, busiest first
  std::string wards;    // "; "-joined, most incidents first
  std::string when;     // "Fri–Sat 22:00–02:00: 41% of incidents", "" without times
  std::string change;   // "+12 on the previous period (significant)"
};

struct BriefingNotes {
  std::vector<MapLabel> labels;  // analysis CRS
  std::unordered_map<std::string, AreaNote> areas;
};

// Reads <out_dir>/labels.geojson and <out_dir>/hotspots.geojson when present; label points are
// transformed from lon/lat to the analysis CRS. Malformed files give empty notes.
BriefingNotes read_briefing_notes(const std::string& out_dir, const std::string& analysis_crs);

}  // namespace hotspot::output
