// Vector tiles for Hotspot: reads GeoJSON layers, cuts them into Mapbox Vector Tiles 2.1 per zoom
// and writes one PMTiles v3 archive (or a z/x/y.pbf folder). Guarantees: the same input gives a
// byte-identical archive whatever the thread count; polygons are never dropped at any zoom; every
// point is present at the maximum zoom; what was simplified or clustered is written to the
// metadata.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot::tiles {

// The deepest zoom an archive may have (TilesOptions::max_zoom), and so a feature's min zoom.
inline constexpr int kDeepestZoom = 24;

// Bad input (unreadable or malformed GeoJSON, bad options): names the file and the reason.
struct TilesInputError : std::runtime_error {
  std::string file;
  TilesInputError(std::string file_, const std::string& reason)
      : std::runtime_error(file_.empty() ? reason : file_ + ": " + reason),
        file(std::move(file_)) {}
};

// Writing the archive failed (full disk, no permission): names the file and the system's reason.
struct TilesIoError : std::runtime_error {
  std::string file;
  TilesIoError(std::string file_, const std::string& reason)
      : std::runtime_error("cannot write " + file_ + ": " + reason), file(std::move(file_)) {}
};

// Point features held in memory, each tiled exactly as the same point in a GeoJSON
// FeatureCollection would be: its own feature, numbers as doubles (so the archive is byte for
// byte the one the GeoJSON gives). A layer the caller writes to GeoJSON anyway need not be
// printed and parsed back: for a national run's 1.7M street labels (labels.geojson, 256 MB)
// that parse was ~7 s of CPU inside the tiling.
struct PointFeatures {
  struct Column {
    std::string key;
    // One value per point: texts for a column of strings, else numbers (NaN: absent, as GeoJSON
    // null). Views into strings that text_owner keeps, or else the caller until build_tiles
    // returns.
    std::vector<std::string_view> texts;
    std::vector<double> numbers;
  };
  std::vector<double> longitudes_deg, latitudes_deg;  // WGS84
  std::vector<Column> columns;
  // Per point, the first zoom whose tiles carry it, as a GeoJSON feature's
  // "tippecanoe": {"minzoom": n} (at most 24; lowered to the archive's max zoom). Empty: every
  // zoom. A map that draws some points only close up (street names) need not pay for them below.
  std::vector<uint8_t> min_zooms;
  // What the texts view, when the features own it: build_tiles lets go of the features once it
  // has read them (the tiles keep their own copies), so that on a national run the 1.7 million
  // place labels are freed before the zooms are tiled rather than after.
  std::shared_ptr<const void> text_owner;
};

struct LayerInput {
  std::string name;          // vector layer id in the tiles
  std::string geojson_path;  // RFC 7946 GeoJSON (WGS84 lon/lat), read when `points` is null
  // The properties written to the tiles (others are left out of every tile); empty: all.
  std::vector<std::string> properties = {};
  // Instead of the file, when set; build_tiles lets go of it once read.
  std::shared_ptr<const PointFeatures> points = nullptr;
};

// One property of every point of an in-memory point layer.
struct PointProperty {
  enum class Kind { string, integer };
  std::string key;
  Kind kind = Kind::string;
  std::vector<std::string>
      labels;                   // string values; per point a code into them (-1: property absent)
  std::vector<int32_t> values;  // per point: a code into labels, or the integer itself
};

// A point layer held as columns instead of GeoJSON text (e.g. 10 million incidents: 28 bytes a
// point here, freed as build_tiles converts them to its own 12 bytes a point).
struct PointLayerInput {
  std::string name;
  // The first zoom whose tiles carry the layer (the archive's min_zoom when lower; at most its
  // max_zoom, where every point is). A map that draws the points only close up need not pay for
  // clustering them at every zoom below.
  int min_zoom = 0;
  std::vector<double> longitudes_deg,
      latitudes_deg;  // WGS84; a NaN longitude or latitude skips the point
  std::vector<PointProperty> properties;
};

struct TilesOptions {
  int min_zoom = 8, max_zoom = 16;
  bool directory_output =
      false;  // write a z/x/y.pbf folder (uncompressed tiles) instead of one .pmtiles
  size_t max_tile_bytes =
      500 * 1024;  // gzipped size a tile may reach (points are clustered below max zoom)
  int threads = 2;
  std::string name, description, attribution;  // metadata
  int buffer_tile_units = 64;                  // geometry kept beyond each tile edge (extent 4096)
  double simplify_tile_units =
      4.0;  // Douglas-Peucker tolerance below max zoom (8 units = 1 px at 512 px)
  double max_zoom_simplify_tile_units = 1.0;  // tolerance at max zoom, where tiles are overzoomed
  // Called once every layer is read and converted, before the first zoom: the reading's
  // working memory (the in-memory columns, their features) is free by then. A caller whose
  // allocator keeps freed memory (as `hotspot` does) can hand it back here.
  std::function<void()> on_layers_loaded = {};
};

// What a layer became: counts for the report and the metadata.
struct LayerStats {
  std::string name;
  uint64_t features = 0;  // features read from the GeoJSON
  uint64_t skipped_null_geometry = 0;
  uint64_t tiny_polygons_kept =
      0;  // polygon×zoom pairs kept as a minimal ring instead of vanishing
  uint64_t zero_length_lines_dropped = 0;
  uint64_t less_simplified = 0;  // feature×zoom pairs re-cut with another tolerance to stay valid
  uint64_t touching_rings_dropped =
      0;  // repairs where rounding made rings touch (small ring or vertex dropped)
  uint64_t invalid_after_rounding =
      0;                         // feature×zoom pairs whose rounded rings still touch themselves
  uint64_t clustered_tiles = 0;  // tiles where this point layer was grid-clustered
  uint64_t features_from_later_zoom = 0;  // features whose own min zoom is above the layer's
  nlohmann::json clustering =
      nlohmann::json::array();  // per zoom: {zoom, tiles, max_cell_tile_units}
};

struct TilesReport {
  uint64_t tiles = 0, bytes = 0, unique_tiles = 0;
  uint64_t max_tile_bytes_seen = 0;  // largest stored tile
  uint64_t tiles_over_budget =
      0;  // tiles above max_tile_bytes (all points at max zoom, or polygons alone)
  std::vector<uint64_t> tiles_per_zoom;  // index = zoom - min_zoom
  std::vector<std::string> notes;
  std::vector<LayerStats> layers;
  nlohmann::json to_json() const;
};

// Reads each GeoJSON layer, tiles zooms min..max, writes atomically (temp file + rename).
// In-memory point layers follow the GeoJSON layers in the tiles; their columns are consumed
// (emptied) as they are converted. Throws TilesInputError on bad input or options,
// std::runtime_error on I/O failure.
TilesReport build_tiles(std::vector<LayerInput> layers, std::vector<PointLayerInput> point_layers,
                        const TilesOptions& options, const std::string& out_path);
inline TilesReport build_tiles(std::vector<LayerInput> layers, const TilesOptions& options,
                               const std::string& out_path) {
  return build_tiles(std::move(layers), {}, options, out_path);
}

}  // namespace hotspot::tiles
