// The hotspot stage's files: hotspots.geojson (RFC 7946, WGS84 lon/lat),
// hotspots.csv (the ranked tasking list), briefing.md, and each layer's density GeoTIFF
// metadata and summary.json entry. Written atomically; features carry the flat properties of the
// `hotspots` and `density` tile layers (see the output contract).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/ward_set.hpp"
#include "engine/hotspots/analyse_layers.hpp"

namespace hotspot::hotspots {

void write_hotspots_geojson(const std::vector<LayerResult>& results, const WardSet& wards,
                            const std::string& analysis_crs, const std::string& path);
void write_hotspots_csv(const std::vector<LayerResult>& results, const WardSet& wards,
                        const std::string& analysis_crs, const std::string& path);
void write_briefing(const std::vector<LayerResult>& results, const WardSet& wards,
                    const DisclosurePolicy& disclosure, const std::string& path);

// The hotspots tile layer's properties for one area (also the GeoJSON feature's properties).
nlohmann::ordered_json area_properties(const LayerResult& result, const HotspotArea& area,
                                       const WardSet& wards);

// The layer's entry in summary.json.
nlohmann::json layer_summary_json(const LayerSummary& summary);
// The layer's density GeoTIFF metadata items (KERNEL=quartic, BANDWIDTH_M=250, ...).
std::vector<std::pair<std::string, std::string>> density_metadata(const LayerSummary& summary);

}  // namespace hotspot::hotspots
