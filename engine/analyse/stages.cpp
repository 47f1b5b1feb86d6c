#include "engine/analyse/stages.hpp"

#include <cstdio>
#include <filesystem>

#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/serve/viewer_files.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::analyse {

namespace fs = std::filesystem;

output::LayerCounts count_layers(const IncidentTable& incidents, size_t ward_count,
                                 const std::vector<LayerDefinition>& layers,
                                 const profile::AreaProfile& area) {
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

namespace {

// The incident points as GeoJSON for the `incidents` tile layer: category, month and hour only.
void write_incident_points(const IncidentTable& incidents, const std::string& analysis_crs,
                           const std::string& path) {
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
    const int hour =
        incidents.time_precision[i] == TimePrecision::minute ? civil_time::hour_of_day(t) : -1;
    const int32_t month = civil_time::month_index(t);
    std::fprintf(file,
                 "%s{\"type\":\"Feature\",\"properties\":{\"category\":\"%s\",\"month\":\"%04d-%"
                 "02d\",\"hour\":%d},"
                 "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}",
                 first ? "" : ",\n", incidents.category_slugs[incidents.category[i]].c_str(),
                 month / 12, month % 12 + 1, hour, lon[i], lat[i]);
    first = false;
  }
  std::fputs("\n]}\n", file);
  if (std::fclose(file) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace

nlohmann::ordered_json build_tile_archive(const IncidentTable& incidents,
                                          const std::string& analysis_crs,
                                          const AnalyseOptions& options) {
  if (!options.tiles.write) return nlohmann::ordered_json{{"written", false}};
  const std::string out = options.out_dir;
  std::vector<tiles::LayerInput> layers{{"wards", out + "/wards.geojson"}};
  if (fs::exists(out + "/hotspots.geojson"))
    layers.push_back({"hotspots", out + "/hotspots.geojson"});
  if (fs::exists(out + "/density.geojson")) layers.push_back({"density", out + "/density.geojson"});
  const std::string points = out + "/.incidents.tmp.geojson";
  if (options.disclosure.shows_incident_points()) {
    write_incident_points(incidents, analysis_crs, points);
    layers.push_back({"incidents", points});
  }
  tiles::TilesOptions tile_options;
  tile_options.min_zoom = options.tiles.min_zoom;
  tile_options.max_zoom = options.tiles.max_zoom;
  tile_options.threads = options.inputs.threads;
  tile_options.name = options.title;
  tile_options.description =
      options.disclosure.public_output
          ? "Hotspot analysis (public: no incident points, small counts suppressed)"
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
  json["public"] = options.disclosure.public_output;
  return json;
}

void copy_viewer_into(const std::string& out_dir) { serve::copy_viewer(out_dir); }

}  // namespace hotspot::analyse
