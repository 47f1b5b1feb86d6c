// The evidence behind each hotspot area: incidents inside, share, area, PAI, peak density,
// Gi* significance, wards touched, hour × weekday table and 28-day trend. Areas are ranked
// within their layer: hottest class first, then most incidents (ties: higher peak, then position).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/polygons.hpp"
#include "engine/hotspots/selection.hpp"

namespace hotspot::hotspots {

struct HotspotArea {
  std::string id;       // "<layer>-<rank>"
  int class_level = 1;  // 1..3, 3 = hottest
  int rank = 0;
  int64_t incidents = 0;
  double share = 0;  // of the layer's incidents in the study area
  double area_km2 = 0;
  double pai = 0;  // share of incidents / share of the study area
  double peak_density_per_km2 = 0;
  bool significant = false;    // a cell with Gi* z > 0 at the FDR level
  int gi_confidence = 0;       // highest hot confidence among its cells: 99, 95, 90 or 0
  std::vector<int32_t> wards;  // ward indices whose area holds one of its cell centres or incidents
  bool has_times = false;
  std::array<std::array<int64_t, 24>, 7> hour_by_weekday{};  // Monday first
  std::optional<int64_t> trend_last28, trend_previous28;
  std::vector<uint32_t> cells;
  AreaShape shape;  // analysis CRS
};

struct AreaInputs {
  const GridSpec& spec;
  const std::vector<double>& density_per_km2;
  const std::vector<uint8_t>& classes;
  const GiStarResult& gi;
  double gi_fdr;
  const IncidentTable& incidents;
  const LayerSelection& selection;
  const std::vector<int32_t>& cell_wards;  // per cell: the ward of its centre, or kOutside
  int64_t study_area_cells;
};

// One area per component of hot cells, ranked, with ids "<layer_name>-<rank>". Areas with
// fewer than minimum_incidents incidents are dropped before ranking (public outputs).
std::vector<HotspotArea> describe_areas(const AreaInputs& inputs,
                                        const std::vector<std::vector<uint32_t>>& components,
                                        const std::string& layer_name, int64_t minimum_incidents);

// The last dated day of the selection and whether dates allow a 28-day trend (at least 95% of
// the layer's records carry a day): trend windows are (last − 28, last] and (last − 56, last − 28].
std::optional<int64_t> trend_end_day(const IncidentTable& incidents,
                                     const LayerSelection& selection);

}  // namespace hotspot::hotspots
