// Metadata and notes; see tiles_metadata.hpp.
#include "tiles/tiles_metadata.hpp"

#include <algorithm>
#include <cmath>

namespace hotspot::tiles {

using json = nlohmann::json;

namespace {

struct Bounds {
  double west = 180, south = 90, east = -180, north = -90;
};

Bounds layer_bounds(const std::vector<LayerData>& layers) {
  Bounds bounds;
  for (const auto& layer : layers)
    for (const auto& feature : layer.features) {
      bounds.west = std::min(bounds.west, world_x_to_longitude(feature.min_x));
      bounds.east = std::max(bounds.east, world_x_to_longitude(feature.max_x));
      bounds.north = std::max(bounds.north, world_y_to_latitude(feature.min_y));
      bounds.south = std::min(bounds.south, world_y_to_latitude(feature.max_y));
    }
  if (bounds.west > bounds.east) bounds = Bounds{-180, -85, 180, 85};
  return bounds;
}

int32_t e7(double degrees) { return static_cast<int32_t>(std::llround(degrees * 1e7)); }

std::string kinds_of(const LayerData& layer) {
  bool seen[4] = {false, false, false, false};
  for (const auto& feature : layer.features) seen[static_cast<int>(feature.kind)] = true;
  std::string kinds;
  const char* names[4] = {"", "points", "lines", "polygons"};
  for (int k = 1; k <= 3; ++k)
    if (seen[k]) kinds += (kinds.empty() ? "" : "+") + std::string(names[k]);
  return kinds.empty() ? "empty" : kinds;
}

}  // namespace

json TilesReport::to_json() const {
  json layer_list = json::array();
  for (const auto& layer : layers)
    layer_list.push_back({{"name", layer.name},
                          {"features", layer.features},
                          {"skipped_null_geometry", layer.skipped_null_geometry},
                          {"tiny_polygons_kept", layer.tiny_polygons_kept},
                          {"zero_length_lines_dropped", layer.zero_length_lines_dropped},
                          {"less_simplified", layer.less_simplified},
                          {"touching_rings_dropped", layer.touching_rings_dropped},
                          {"invalid_after_rounding", layer.invalid_after_rounding},
                          {"features_from_later_zoom", layer.features_from_later_zoom},
                          {"clustered_tiles", layer.clustered_tiles},
                          {"clustering", layer.clustering}});
  return {{"tiles", tiles},
          {"bytes", bytes},
          {"unique_tiles", unique_tiles},
          {"max_tile_bytes_seen", max_tile_bytes_seen},
          {"tiles_over_budget", tiles_over_budget},
          {"tiles_per_zoom", tiles_per_zoom},
          {"notes", notes},
          {"layers", layer_list}};
}

void write_notes(const std::vector<LayerData>& layers, const TilesOptions& options,
                 TilesReport& report) {
  const std::string max_zoom = "z" + std::to_string(options.max_zoom);
  char tolerance[160];
  std::snprintf(
      tolerance, sizeof tolerance,
      "simplified (Douglas-Peucker) to within %g tile units of 4096 below %s and %g at %s",
      options.simplify_tile_units, max_zoom.c_str(), options.max_zoom_simplify_tile_units,
      max_zoom.c_str());
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerData& layer = layers[i];
    const LayerStats& stats = report.layers[i];
    const std::string kinds = kinds_of(layer);
    std::string note =
        layer.name + ": " + std::to_string(stats.features) + " features (" + kinds + ")";
    if (kinds.find("lines") != std::string::npos || kinds.find("polygons") != std::string::npos)
      note += "; lines and polygon edges " + std::string(tolerance);
    // Each repair or simplification the cutter counted, said once per layer when it happened.
    const std::pair<uint64_t, const char*> counted[] = {
        {stats.tiny_polygons_kept,
         " polygon-zoom pairs smaller than the tile grid kept as 1-unit squares rather than "
         "dropped"},
        {stats.less_simplified,
         " feature-zoom pairs simplified less (or not at all) because rounding made rings touch"},
        {stats.touching_rings_dropped,
         " repairs where rounding to the grid made rings touch (a small island, a hole under 1 px, "
         "or a pinching vertex left out of that tile)"},
        {stats.invalid_after_rounding,
         " feature-zoom pairs keep rings that touch or cross (often already so in the source; "
         "renderers draw them, strict validators may not accept them)"},
    };
    for (const auto& [count, what] : counted)
      if (count > 0) note += "; " + std::to_string(count) + what;
    if (stats.zero_length_lines_dropped > 0)
      note += "; " + std::to_string(stats.zero_length_lines_dropped) +
              " line-zoom pairs of zero length dropped";
    if (stats.skipped_null_geometry > 0)
      note +=
          "; " + std::to_string(stats.skipped_null_geometry) + " features without geometry skipped";
    const int first_zoom = std::max(options.min_zoom, layer.min_zoom);
    if (first_zoom > options.min_zoom)
      note += "; in tiles from z" + std::to_string(first_zoom) + " only";
    if (stats.features_from_later_zoom > 0)
      note += "; " + std::to_string(stats.features_from_later_zoom) +
              " features from a later zoom of their own (tippecanoe.minzoom)";
    if (layer.has_points) {
      note += "; every point is present at " + max_zoom;
      if (first_zoom < options.max_zoom)
        note += "; below it clusters carry point_count (absent means 1)";
      if (stats.clustered_tiles > 0)
        note +=
            "; grid-clustered in " + std::to_string(stats.clustered_tiles) + " tiles below " +
            max_zoom + " to stay under " + std::to_string(options.max_tile_bytes) +
            " bytes (a cluster sits at its points' mean and keeps its first point's attributes)";
    }
    report.notes.push_back(note);
  }
  if (report.tiles_over_budget > 0)
    report.notes.push_back(std::to_string(report.tiles_over_budget) + " tiles exceed " +
                           std::to_string(options.max_tile_bytes) + " bytes (largest " +
                           std::to_string(report.max_tile_bytes_seen) +
                           "): every point is kept at " + max_zoom +
                           " and polygons are never dropped");
}

json archive_metadata(const std::vector<LayerData>& layers, const TilesOptions& options,
                      const TilesReport& report) {
  json vector_layers = json::array();
  for (const auto& layer : layers) {
    json fields = json::object();
    for (size_t k = 0; k < layer.keys.size(); ++k) fields[layer.keys[k]] = layer.key_types[k];
    const int first_zoom = std::max(options.min_zoom, layer.min_zoom);
    if (layer.has_points && first_zoom < options.max_zoom) fields["point_count"] = "Number";
    vector_layers.push_back({{"id", layer.name},
                             {"fields", fields},
                             {"minzoom", first_zoom},
                             {"maxzoom", options.max_zoom},
                             {"description", kinds_of(layer)}});
  }
  const Bounds bounds = layer_bounds(layers);
  json details = report.to_json();
  details.erase("bytes");  // not known until the archive is written
  details.erase("tiles");
  details.erase("unique_tiles");
  return {{"name", options.name},
          {"description", options.description},
          {"attribution", options.attribution},
          {"type", "overlay"},
          {"format", "pbf"},
          {"generator", "hotspot tiles"},
          {"minzoom", options.min_zoom},
          {"maxzoom", options.max_zoom},
          {"bounds", {bounds.west, bounds.south, bounds.east, bounds.north}},
          {"vector_layers", vector_layers},
          {"tiling",
           {{"extent", 4096},
            {"buffer_tile_units", options.buffer_tile_units},
            {"simplify_tile_units", options.simplify_tile_units},
            {"max_zoom_simplify_tile_units", options.max_zoom_simplify_tile_units},
            {"max_tile_bytes", options.max_tile_bytes},
            {"report", details}}}};
}

json directory_metadata(const json& metadata) {
  json out = metadata;
  const auto& b = metadata["bounds"];
  out["bounds"] = std::to_string(b[0].get<double>()) + "," + std::to_string(b[1].get<double>()) +
                  "," + std::to_string(b[2].get<double>()) + "," +
                  std::to_string(b[3].get<double>());
  out["json"] = json{{"vector_layers", metadata["vector_layers"]}}.dump();
  out["tile_compression"] = "none";  // folder tiles are plain .pbf, unlike the archive's gzip
  return out;
}

PmtilesHeader archive_header(const std::vector<LayerData>& layers, const TilesOptions& options) {
  const Bounds bounds = layer_bounds(layers);
  PmtilesHeader header;
  header.min_zoom = static_cast<uint8_t>(options.min_zoom);
  header.max_zoom = static_cast<uint8_t>(options.max_zoom);
  header.center_zoom = static_cast<uint8_t>(options.min_zoom);
  header.min_lon_e7 = e7(bounds.west);
  header.min_lat_e7 = e7(bounds.south);
  header.max_lon_e7 = e7(bounds.east);
  header.max_lat_e7 = e7(bounds.north);
  header.center_lon_e7 = e7((bounds.west + bounds.east) / 2);
  header.center_lat_e7 = e7((bounds.south + bounds.north) / 2);
  return header;
}

}  // namespace hotspot::tiles
