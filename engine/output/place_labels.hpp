// The place names the maps draw without a basemap: each street's name at the centre of its
// incidents within a ward (police.uk's snap points, or a force export's street column), and
// each ward's name at a point inside it. Written as labels.geojson (the page opened from disk
// reads it), and handed to the `labels` tile layer and the print maps. Public outputs name only
// streets with at least the minimum count, and weigh labels by order of magnitude, not count.
#pragma once
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/month.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/output/svg_map.hpp"

namespace hotspot::output {

// Labels in the analysis CRS; the incidents must carry their ward. Only incidents in `period`.
std::vector<MapLabel> place_labels(const IncidentTable& incidents, const WardSet& wards,
                                   MonthRange period, const DisclosurePolicy& disclosure);

// The labels' positions in WGS84, as labels.geojson and the `labels` tile layer both give
// them: transformed once for the two.
struct LabelPositions {
  std::vector<double> longitudes_deg, latitudes_deg;
};
LabelPositions label_positions(const std::vector<MapLabel>& labels,
                               const std::string& analysis_crs);

void write_labels_geojson(const std::vector<MapLabel>& labels, const LabelPositions& positions,
                          const std::string& path);

}  // namespace hotspot::output
