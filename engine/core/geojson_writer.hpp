// The one GeoJSON writer (RFC 7946): a FeatureCollection of features with flat properties and
// lon/lat geometry written with 7 decimals (about 1 cm), so files are small and byte-stable.
// Geometry is written by hand rather than through GDAL so that the bytes do not depend on the
// GDAL version; the files are read back with GDAL in the end-to-end tests.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "engine/core/geometry.hpp"

namespace hotspot {

class CoordinateTransform;

class GeoJsonWriter {
 public:
  // `name` becomes the collection's "name" member (QGIS shows it as the layer name) when set.
  explicit GeoJsonWriter(const std::string& name = "");
  // A (multi)polygon feature; `shape` in WGS84 lon/lat with RFC 7946 winding (see to_wgs84).
  void add(const nlohmann::ordered_json& properties, const MultiPolygon& shape);
  // A point feature at (lon, lat).
  void add_point(const nlohmann::ordered_json& properties, double lon, double lat);
  size_t features() const { return features_; }
  // The text made since the last take (for a document written piece by piece, see
  // write_pieces_atomically); the pieces and then finish() make the whole document.
  size_t pending_bytes() const { return text_.size(); }
  std::string take_pending();
  // The whole document (or what is left of it after take_pending); the writer is left empty.
  std::string finish();
  // Writes the document to `path` atomically.
  void write(const std::string& path);

 private:
  void begin_feature(const nlohmann::ordered_json& properties);
  std::string text_;
  size_t features_ = 0;
};

// `shape` (analysis CRS, any winding) in WGS84 lon/lat with RFC 7946 winding: exterior rings
// counter-clockwise, holes clockwise.
MultiPolygon to_wgs84(const MultiPolygon& shape, CoordinateTransform& to_lonlat);

// Null members removed: RFC 7946 readers prefer an absent property to a null one.
nlohmann::ordered_json without_nulls(nlohmann::ordered_json properties);

}  // namespace hotspot
