// In-memory point features → LayerData, the same layer read_geojson_layer makes of a
// FeatureCollection of Points: one feature per point, a part of one ring of one vertex, its
// properties interned in key order, as the reader meets a feature's properties.
#include <algorithm>
#include <cmath>
#include <protozero/pbf_writer.hpp>
#include <set>

#include "tiles/feature_store.hpp"
#include "tiles/mvt_encoder.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::tiles {

LayerData read_point_features(const std::string& name, const PointFeatures& points,
                              const std::vector<std::string>& kept_properties) {
  const size_t n = points.longitudes_deg.size();
  auto fail = [&](const std::string& reason) {
    throw TilesInputError("", "point features '" + name + "': " + reason);
  };
  if (points.latitudes_deg.size() != n) fail("longitudes and latitudes differ in length");
  if (!points.min_zooms.empty() && points.min_zooms.size() != n)
    fail("min_zooms has a value count unlike the points'");
  for (size_t i = 0; i < points.min_zooms.size(); ++i)
    if (points.min_zooms[i] > kDeepestZoom)
      fail("point " + std::to_string(i + 1) + " has a min zoom above " +
           std::to_string(kDeepestZoom));
  const std::set<std::string> kept(kept_properties.begin(), kept_properties.end());
  std::vector<const PointFeatures::Column*> columns;
  for (const PointFeatures::Column& column : points.columns) {
    if (column.texts.size() != n && column.numbers.size() != n)
      fail("column '" + column.key + "' has a value count unlike the points'");
    if (kept.empty() || kept.count(column.key) > 0) columns.push_back(&column);
  }
  // nlohmann's json object is a std::map: the reader meets a feature's properties by key.
  std::sort(columns.begin(), columns.end(),
            [](const auto* a, const auto* b) { return a->key < b->key; });
  for (size_t c = 1; c < columns.size(); ++c)
    if (columns[c]->key == columns[c - 1]->key) fail("column '" + columns[c]->key + "' twice");
  LayerData layer;
  layer.name = name;
  layer.has_points = n > 0;
  layer.xs.reserve(n);
  layer.ys.reserve(n);
  layer.ring_starts.reserve(n + 1);
  layer.part_starts.reserve(n + 1);
  layer.features.reserve(n);
  layer.tags.reserve(2 * n * columns.size());
  std::string encoded;
  for (size_t i = 0; i < n; ++i) {
    const double longitude = points.longitudes_deg[i], latitude = points.latitudes_deg[i];
    if (!std::isfinite(longitude) || !std::isfinite(latitude) || std::fabs(latitude) > 90.0 ||
        std::fabs(longitude) > 360.0)
      fail("point " + std::to_string(i + 1) + " is not WGS84 longitude/latitude");
    Feature feature;
    feature.kind = GeometryKind::point;
    if (!points.min_zooms.empty()) feature.min_zoom = points.min_zooms[i];
    feature.first_part = static_cast<uint32_t>(layer.part_starts.size() - 1);
    feature.part_count = 1;
    const double x = longitude_to_world_x(longitude), y = latitude_to_world_y(latitude);
    layer.xs.push_back(x);
    layer.ys.push_back(y);
    layer.ring_starts.push_back(static_cast<uint32_t>(layer.xs.size()));
    layer.part_starts.push_back(static_cast<uint32_t>(layer.ring_starts.size() - 1));
    feature.min_x = feature.max_x = x;
    feature.min_y = feature.max_y = y;
    feature.first_tag = static_cast<uint32_t>(layer.tags.size());
    for (const PointFeatures::Column* column : columns) {
      const bool text = column->texts.size() == n;
      if (text) {
        encoded = encode_string_value(column->texts[i]);
      } else {
        if (std::isnan(column->numbers[i])) continue;  // GeoJSON's null: no tag
        encoded.clear();
        protozero::pbf_writer(encoded).add_double(3, column->numbers[i]);
      }
      const uint32_t key = layer.intern_key(column->key);
      std::string& type = layer.key_types[key];
      type = text ? "String" : "Number";
      layer.tags.push_back(key);
      layer.tags.push_back(layer.intern_value(encoded));
    }
    feature.tag_count = static_cast<uint32_t>(layer.tags.size() - feature.first_tag) / 2;
    layer.features.push_back(feature);
  }
  return layer;
}

}  // namespace hotspot::tiles
