// What a tasking meeting is told about each patrol area: incidents inside, share of the layer,
// area, PAI, the forecast, Gi* significance, the wards and streets it covers (most incidents
// first), a centre inside it, a stable id, when its incidents happen, and its change on the
// baseline period with the exact test. Every incident is counted in at most one area.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/patrol_areas.hpp"
#include "engine/hotspots/polygons.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/hotspots/when.hpp"
#include "engine/profile/change_test.hpp"

namespace hotspot::hotspots {

struct HotspotArea {
  std::string id;  // "<layer>-<6 hex digits>": stable across runs on the same data
  int rank = 0;
  int64_t incidents = 0;  // in the study period, inside its cells
  double share = 0;       // of the layer's incidents in the study area
  double area_km2 = 0;
  double pai = 0;            // share of incidents / share of the study area
  double expected = 0;       // the forecast: incidents (or harm) per month
  bool significant = false;  // a cell with Gi* z > 0 at the FDR level
  int gi_confidence = 0;     // highest hot confidence among its cells: 99, 95, 90 or 0
  std::vector<std::pair<int32_t, int64_t>> wards;     // (ward index, incidents), most first
  std::vector<std::pair<uint32_t, int64_t>> streets;  // (street index, incidents), most first
  double centre_x = 0, centre_y = 0;                  // analysis CRS, inside the area
  bool has_times = false;
  HourByWeekday hour_by_weekday{};
  int64_t timed = 0;
  std::optional<TimeWindow> when;
  std::optional<profile::CountChange>
      change;  // current months against the baseline (set by the stage)
  std::vector<uint32_t> cells;
  AreaShape shape;  // analysis CRS
};

struct AreaInputs {
  const GridSpec& spec;
  const GiStarResult& gi;
  double gi_fdr;
  const IncidentTable& incidents;
  const LayerSelection& selection;         // the study period's incidents of the layer
  const std::vector<int32_t>& cell_wards;  // per cell: ward of its centre, or kOutside
  int64_t study_area_cells;
  std::string layer_name;
};

// One area per patrol area with at least minimum_incidents incidents, in the patrol areas'
// rank order, numbered from 1.
std::vector<HotspotArea> describe_areas(const AreaInputs& inputs,
                                        const std::vector<PatrolArea>& areas,
                                        int64_t minimum_incidents);

// The selection's incidents inside each area's cells.
std::vector<int64_t> count_in_areas(const GridSpec& spec, const std::vector<HotspotArea>& areas,
                                    const LayerSelection& selection);

// The grid cell holding (x, y), or -1 off the grid.
int64_t cell_of(const GridSpec& spec, double x, double y);

}  // namespace hotspot::hotspots
