// The hotspot stage's files: hotspots.geojson and density.geojson (RFC 7946, WGS84 lon/lat),
// hotspots.csv (the ranked tasking list) and briefing.md. Written atomically; features carry
// the flat properties of the `hotspots` and `density` tile layers (see the output contract).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/layer.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/hotspots/area_stats.hpp"

namespace hotspot::hotspots {

struct DensityBand {
  int band = 1;  // 1 = lowest
  double density_min = 0, density_max = 0;
  int64_t incidents = 0;
  AreaShape shape;
};

struct LayerResult {
  LayerDefinition layer;
  GridSpec spec;
  int64_t incidents = 0;
  std::string hours_note;
  std::array<std::string, 3> class_labels;  // for classes 1..3
  std::vector<HotspotArea> areas;
  std::vector<DensityBand> bands;
  nlohmann::json summary;  // the layer's entry in summary.json (parameters, counts, notes)
};

void write_hotspots_geojson(const std::vector<LayerResult>& results, const WardSet& wards,
                            const std::string& analysis_crs, const std::string& path);
void write_density_geojson(const std::vector<LayerResult>& results, const std::string& analysis_crs,
                           const std::string& path);
void write_hotspots_csv(const std::vector<LayerResult>& results, const WardSet& wards,
                        const std::string& analysis_crs, const std::string& path);
void write_briefing(const std::vector<LayerResult>& results, const WardSet& wards, bool public_mode,
                    const std::string& path);

// The hotspots tile layer's properties for one area (also the GeoJSON feature's properties).
nlohmann::ordered_json area_properties(const LayerResult& result, const HotspotArea& area, const WardSet& wards);

}  // namespace hotspot::hotspots
