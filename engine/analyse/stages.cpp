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

// The incident points as GeoJSON for the `incidents` tile layer: category, month and hour only.
void write_incident_points(const IncidentTable& incidents, const std::string& analysis_crs, const std::string& path) {
  std::vector<double> lon(incidents.x), lat(incidents.y);
  CoordinateTransform to_wgs84(analysis_crs, "EPSG:4326");
  to_wgs84.transform(lon.data(), lat.data(), lon.size());
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw std::runtime_error("cannot write " + path);
  std::fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", file);
  bool first = true;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (std::isnan(lon[i])) continue;
    const int64_t t = incidents.local_time_s[i];
    const int hour = incidents.time_precision[i] == TimePrecision::minute ? civil_time::hour_of_day(t) : -1;
    const int32_t month = civil_time::month_index(t);
    std::fprintf(file,
                 "%s{\"type\":\"Feature\",\"properties\":{\"category\":\"%s\",\"month\":\"%04d-%02d\",\"hour\":%d},"
                 "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}",
                 first ? "" : ",\n", incidents.category_slugs[incidents.category[i]].c_str(), month / 12, month % 12 + 1,
                 hour, lon[i], lat[i]);
    first = false;
  }
  std::fputs("\n]}\n", file);
  if (std::fclose(file) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace

nlohmann::ordered_json build_tile_archive(const IncidentTable& incidents, const std::string& analysis_crs,
                                          const AnalyseOptions& options) {
  if (!options.tiles) return nlohmann::ordered_json{{"written", false}};
  const std::string out = options.out_dir;
  std::vector<tiles::LayerInput> layers{{"wards", out + "/wards.geojson"}};
  if (fs::exists(out + "/hotspots.geojson")) layers.push_back({"hotspots", out + "/hotspots.geojson"});
  if (fs::exists(out + "/density.geojson")) layers.push_back({"density", out + "/density.geojson"});
  const std::string points = out + "/.incidents.tmp.geojson";
  if (!options.public_mode) {
    write_incident_points(incidents, analysis_crs, points);
    layers.push_back({"incidents", points});
  }
  tiles::TilesOptions tile_options;
  tile_options.min_zoom = options.min_zoom;
  tile_options.max_zoom = options.max_zoom;
  tile_options.threads = options.threads;
  tile_options.name = options.title;
  tile_options.description = options.public_mode ? "Hotspot analysis (public: no incident points, small counts suppressed)"
                                                  : "Hotspot analysis (not for publication: holds incident points)";
  tile_options.attribution = "Hotspot";
  tiles::TilesReport report;
  try {
    report = tiles::build_tiles(layers, tile_options, out + "/tiles.pmtiles");
  } catch (...) {
    std::error_code ignored;
    fs::remove(points, ignored);
    throw;
  }
  std::error_code ignored;
  fs::remove(points, ignored);
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(report.to_json().dump());
  json["file"] = "tiles.pmtiles";
  json["public"] = options.public_mode;
  return json;
}

void copy_viewer_into(const std::string& out_dir) { serve::copy_viewer(out_dir); }

}  // namespace hotspot::analyse
