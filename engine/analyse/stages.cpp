#include "engine/analyse/stages.hpp"

#include <cstdio>
#include <filesystem>

#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/serve/viewer_files.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::analyse {

namespace fs = std::filesystem;

output::LayerCounts count_layers(const IncidentTable& incidents, size_t ward_count,
                                 const std::vector<LayerDefinition>& layers, const profile::AreaProfile& area) {
  output::LayerCounts counts;
  counts.layers = layers;
  for (const LayerDefinition& layer : layers) {
    const LayerFilter filter(layer, incidents.category_slugs);
    std::vector<int64_t> by_ward(ward_count, 0);
    for (size_t i = 0; i < incidents.size(); ++i) {
      const int32_t ward = incidents.ward[i];
      if (ward == kOutside) continue;
      const int32_t month = civil_time::month_index(incidents.local_time_s[i]);
      if (month < area.from_month || month > area.to_month) continue;
      if (filter.match(incidents.category[i], incidents.local_time_s[i],
                       static_cast<uint8_t>(incidents.time_precision[i])) != LayerFilter::Match::no)
        ++by_ward[static_cast<size_t>(ward)];
    }
    counts.by_ward.push_back(std::move(by_ward));
  }
  return counts;
}

StageOutputs run_hotspot_layers(const IncidentTable& incidents, const WardSet& wards, const join::WardLocator& locator,
                                const std::string& analysis_crs, const AnalyseOptions& options,
                                const profile::AreaProfile& area, nlohmann::ordered_json& timings) {
  hotspots::HotspotOptions hotspot_options = options.hotspots;
  hotspot_options.public_mode = options.public_mode;
  hotspot_options.minimum_count = options.minimum_count;
  hotspot_options.threads = options.threads;
  hotspot_options.from_month = area.from_month;
  hotspot_options.to_month = area.to_month;
  const nlohmann::json result =
      hotspots::analyse_layers(incidents, wards, locator, analysis_crs, options.layers, hotspot_options, options.out_dir);
  StageOutputs outputs;
  outputs.layers = nlohmann::ordered_json::parse(result.value("layers", nlohmann::json::array()).dump());
  const nlohmann::json stage_timings = result.value("timings_s", nlohmann::json::object());
  for (const auto& [stage, seconds] : stage_timings.items())
    if (seconds.is_number()) timings[stage] = std::round(seconds.get<double>() * 1e4) / 1e4;
  return outputs;
}

namespace {

// The incident points as columns for the `incidents` tile layer: category, month and hour only
// (hour -1 when the record has no time of day). Nothing is written to disk.
tiles::PointLayerInput incident_points(const IncidentTable& incidents,
                                       const std::string& analysis_crs) {
  tiles::PointLayerInput layer;
  layer.name = "incidents";
  layer.longitudes_deg = incidents.x;
  layer.latitudes_deg = incidents.y;
  CoordinateTransform to_wgs84(analysis_crs, "EPSG:4326");
  to_wgs84.transform(layer.longitudes_deg.data(), layer.latitudes_deg.data(),
                     layer.longitudes_deg.size());
  tiles::PointProperty category{
      "category", tiles::PointProperty::Kind::string, incidents.category_slugs, {}};
  tiles::PointProperty month{"month", tiles::PointProperty::Kind::string, {}, {}};
  tiles::PointProperty hour{"hour", tiles::PointProperty::Kind::integer, {}, {}};
  category.values.reserve(incidents.size());
  month.values.reserve(incidents.size());
  hour.values.reserve(incidents.size());
  int32_t first_month = INT32_MAX, last_month = INT32_MIN;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const int32_t index = civil_time::month_index(incidents.local_time_s[i]);
    first_month = std::min(first_month, index);
    last_month = std::max(last_month, index);
    month.values.push_back(index);
  }
  for (int32_t index = first_month; index <= last_month && incidents.size() > 0; ++index) {
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02d", index / 12, index % 12 + 1);
    month.labels.emplace_back(label);
  }
  for (size_t i = 0; i < incidents.size(); ++i) {
    month.values[i] -= first_month;
    category.values.push_back(static_cast<int32_t>(incidents.category[i]));
    const int64_t t = incidents.local_time_s[i];
    hour.values.push_back(
        incidents.time_precision[i] == TimePrecision::minute ? civil_time::hour_of_day(t) : -1);
  }
  layer.properties = {std::move(category), std::move(month), std::move(hour)};
  return layer;
}

}  // namespace

nlohmann::ordered_json build_tile_archive(const IncidentTable& incidents,
                                          const std::string& analysis_crs,
                                          const AnalyseOptions& options) {
  if (!options.tiles) return nlohmann::ordered_json{{"written", false}};
  const std::string out = options.out_dir;
  std::vector<tiles::LayerInput> layers{{"wards", out + "/wards.geojson"}};
  if (fs::exists(out + "/hotspots.geojson"))
    layers.push_back({"hotspots", out + "/hotspots.geojson"});
  if (fs::exists(out + "/density.geojson")) layers.push_back({"density", out + "/density.geojson"});
  std::vector<tiles::PointLayerInput> point_layers;
  if (!options.public_mode) point_layers.push_back(incident_points(incidents, analysis_crs));
  tiles::TilesOptions tile_options;
  tile_options.min_zoom = options.min_zoom;
  tile_options.max_zoom = options.max_zoom;
  tile_options.threads = options.threads;
  tile_options.name = options.title;
  tile_options.description =
      options.public_mode ? "Hotspot analysis (public: no incident points, small counts suppressed)"
                          : "Hotspot analysis (not for publication: holds incident points)";
  tile_options.attribution = "Hotspot";
  const tiles::TilesReport report =
      tiles::build_tiles(layers, std::move(point_layers), tile_options, out + "/tiles.pmtiles");
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(report.to_json().dump());
  json["file"] = "tiles.pmtiles";
  json["public"] = options.public_mode;
  return json;
}

void copy_viewer_into(const std::string& out_dir) { serve::copy_viewer(out_dir); }

}  // namespace hotspot::analyse
