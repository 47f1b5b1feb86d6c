// The density and hotspot stage of `hotspot analyse`: for each layer, a density GeoTIFF and
// ranked hotspot areas with their evidence; across layers hotspots.geojson, hotspots.csv,
// briefing.md and density.geojson. Files are written atomically; the result is summary.json's part.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/layer.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/hotspots/options.hpp"
#include "engine/join/ward_locator.hpp"

namespace hotspot::hotspots {

// Returns {"layers": [per layer: parameters, counts, notes, hours note], "timings_s":
// {"density": s, "hotspots": s}}. Throws ConfigError for unusable options.
nlohmann::json analyse_layers(const IncidentTable& incidents, const WardSet& wards, const join::WardLocator& locator,
                              const std::string& analysis_crs, const std::vector<LayerDefinition>& layers,
                              const HotspotOptions& options, const std::string& out_dir);

// 1 for grid cells whose centre lies in a ward (locator), 0 elsewhere.
std::vector<uint8_t> study_area_mask(const GridSpec& spec, const join::WardLocator& locator);

}  // namespace hotspot::hotspots
