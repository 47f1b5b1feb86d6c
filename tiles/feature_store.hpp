// In-memory, columnar store of one vector layer: geometry in Web Mercator world units
// ([0,1) × [0,1), y down) and properties pre-encoded as MVT Value messages, de-duplicated.
// Guarantees: polygon exteriors have positive area and holes negative area (MVT's y-down
// orientation), ring closing vertices are dropped, features keep their input order.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotspot::tiles {

struct PointFeatures;  // tiles.hpp

enum class GeometryKind : uint8_t { point = 1, line = 2, polygon = 3 };  // = MVT GeomType

struct Feature {
  GeometryKind kind = GeometryKind::point;
  bool has_id = false;
  // The first zoom whose tiles carry the feature (a GeoJSON feature's "tippecanoe": {"minzoom":
  // n}); build_tiles lowers it to the archive's max zoom, so every point is still there.
  uint8_t min_zoom = 0;
  uint64_t id = 0;
  uint32_t first_part = 0, part_count = 0;            // into LayerData::part_starts
  uint32_t first_tag = 0, tag_count = 0;              // into LayerData::tags (key, value pairs)
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // world-unit bounding box
};

struct LayerData {
  std::string name;
  std::vector<double> xs, ys;            // vertices, world units
  std::vector<uint32_t> ring_starts{0};  // ring r holds vertices [ring_starts[r], ring_starts[r+1])
  std::vector<uint32_t> part_starts{0};  // part p holds rings [part_starts[p], part_starts[p+1])
  std::vector<Feature> features;
  std::vector<uint32_t> tags;  // key index, value index, ...
  std::vector<std::string> keys;
  std::vector<std::string> encoded_values;  // each an encoded vector_tile.Tile.Value message
  std::vector<std::string> key_types;       // per key: "String", "Number", "Boolean" or "Mixed"
  std::unordered_map<std::string, uint32_t> key_index, value_index;
  bool has_points = false;
  int min_zoom = 0;  // the first zoom whose tiles carry the layer (PointLayerInput::min_zoom)
  uint64_t skipped_null_geometry = 0;

  uint32_t ring_count_of_part(uint32_t part) const {
    return part_starts[part + 1] - part_starts[part];
  }
  uint32_t intern_key(const std::string& key);
  uint32_t intern_value(std::string encoded_value);
};

// The first zoom of an archive up to max_zoom whose tiles carry the feature: its own min zoom,
// lowered to max_zoom so that every point is still there.
inline int first_zoom_of(const Feature& feature, int max_zoom) {
  return feature.min_zoom < max_zoom ? feature.min_zoom : max_zoom;
}

// Web Mercator (EPSG:3857) normalised to world units; latitude clamped to the square world.
inline double longitude_to_world_x(double longitude_deg) { return (longitude_deg + 180.0) / 360.0; }
inline double latitude_to_world_y(double latitude_deg) {
  constexpr double max_latitude_deg = 85.05112877980659;
  const double clamped = std::fmax(-max_latitude_deg, std::fmin(max_latitude_deg, latitude_deg));
  const double radians = clamped * M_PI / 180.0;
  return (1.0 - std::log(std::tan(radians) + 1.0 / std::cos(radians)) / M_PI) / 2.0;
}
inline double world_x_to_longitude(double x) { return x * 360.0 - 180.0; }
inline double world_y_to_latitude(double y) {
  return std::atan(std::sinh(M_PI * (1.0 - 2.0 * y))) * 180.0 / M_PI;
}

// Reads a GeoJSON FeatureCollection (or a single Feature/geometry) into a layer. Streams the
// features so memory holds one parsed feature at a time. Throws TilesInputError.
LayerData read_geojson_layer(const std::string& name, const std::string& path,
                             const std::vector<std::string>& kept_properties = {});

// The in-memory points as read_geojson_layer would read them from a FeatureCollection of
// Points with the same properties (the same features, values and layer, byte for byte in the
// tiles). Throws TilesInputError naming the layer.
LayerData read_point_features(const std::string& name, const PointFeatures& points,
                              const std::vector<std::string>& kept_properties = {});

// Appends the feature's parts, rings and vertices in `from` to `to`, and points it at the copies.
void append_feature_geometry(const LayerData& from, Feature& feature, LayerData& to);

// Reorders features along the Hilbert curve (stable, so ties keep input order): tiles are
// built in that order, and nearby features then sit nearby in memory. In a layer of points
// only, the vertices stay where they are (take_points moves them out into a point store).
void order_features_spatially(LayerData& layer);

}  // namespace hotspot::tiles
