// The cocoon plan as files for the team that visits: cocoon_zones.geojson (one polygon per
// burglary: a circle, or a diamond under Manhattan distance), cocoon_zones.csv and, with an
// address layer, cocoon_addresses.csv (zone, address, distance). Operational only: never public.
#pragma once
#include <string>
#include <vector>

#include "engine/core/ward_set.hpp"
#include "engine/nearrepeat/cocoon.hpp"

namespace hotspot::nearrepeat {

// The zone's outline in the analysis CRS: 64-gon circle (Euclidean) or diamond (Manhattan).
MultiPolygon zone_outline(double x_m, double y_m, double distance_m, DistanceMetric metric);

// Writes the files into out_dir (atomically); returns their names. `wards` (optional) names the
// ward of each burglary; `addresses` may be null.
std::vector<std::string> write_cocoon_outputs(const std::string& out_dir, const CocoonPlan& plan,
                                              const EventSet& events,
                                              const std::vector<int32_t>& incident_ward,
                                              const WardSet* wards, const AddressSet* addresses,
                                              const std::string& analysis_crs,
                                              DistanceMetric metric);

}  // namespace hotspot::nearrepeat
