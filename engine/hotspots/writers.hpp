// The hotspot stage's files: hotspots.geojson (RFC 7946, WGS84), hotspots.csv (every area, the
// briefing's columns and more), hotspot_hours.csv (each area's hour × weekday counts, not in
// public outputs), briefing.md (briefing.cpp), and each layer's summary.json entry and density
// GeoTIFF metadata. Written atomically; features carry the flat properties of the `hotspots`
// tile layer.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/crs.hpp"
#include "engine/core/disclosure.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/hotspots/analyse_layers.hpp"

namespace hotspot::hotspots {

// What the writers need besides the results.
struct HotspotWriteContext {
  const WardSet& wards;
  const std::vector<std::string>& street_names;  // IncidentTable::street_names
  std::string analysis_crs;
  const DisclosurePolicy& disclosure;
  std::string title;
  MonthRange period;
  std::string data_range;   // "1 January 2018 to 30 June 2018 (months only)"
  int briefing_areas = 15;  // areas per layer in the briefing
  // Layer name → its new, consecutive or intensifying places from the emerging hot spot
  // analysis, in words (already what the disclosure policy allows).
  std::map<std::string, std::vector<std::string>> emerging = {};

  // Analysis CRS → lon/lat, made once for all areas (PROJ set-up is not cheap).
  CoordinateTransform& to_lonlat() const;
  mutable std::shared_ptr<CoordinateTransform> transform_ = nullptr;
};

void write_hotspots_geojson(const std::vector<LayerResult>& results,
                            const HotspotWriteContext& context, const std::string& path);
void write_hotspots_csv(const std::vector<LayerResult>& results, const HotspotWriteContext& context,
                        const std::string& path);
void write_hotspot_hours_csv(const std::vector<LayerResult>& results, const std::string& path);
void write_briefing(const std::vector<LayerResult>& results, const HotspotWriteContext& context,
                    const std::string& path);

// The hotspots tile layer's properties for one area (also the GeoJSON feature's properties).
nlohmann::ordered_json area_properties(const LayerResult& result, const HotspotArea& area,
                                       const HotspotWriteContext& context);

// In words, for tables and panels.
std::string streets_text(const HotspotArea& area, const std::vector<std::string>& street_names,
                         size_t most = 3);
std::string wards_text(const HotspotArea& area, const WardSet& wards, size_t most = 3);
std::string when_text(const HotspotArea& area);
std::string change_text(const HotspotArea& area);

// The layer's entry in summary.json.
nlohmann::json layer_summary_json(const LayerSummary& summary);
// The layer's density GeoTIFF metadata items (KERNEL=quartic, BANDWIDTH_M=250, ...).
std::vector<std::pair<std::string, std::string>> density_metadata(const LayerSummary& summary);

}  // namespace hotspot::hotspots
