#include "engine/core/geojson_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"

namespace hotspot {

namespace {

void append_coordinate(std::string& out, double x, double y) {
  char buffer[64];
  const int length = std::snprintf(buffer, sizeof buffer, "[%.7f,%.7f]", x, y);
  out.append(buffer, static_cast<size_t>(length));
}

void append_ring(std::string& out, const Ring& ring) {
  out += '[';
  for (size_t i = 0; i < ring.size(); ++i) {
    if (i) out += ',';
    append_coordinate(out, ring[i].x(), ring[i].y());
  }
  out += ']';
}

}  // namespace

GeoJsonWriter::GeoJsonWriter(const std::string& name) {
  text_ = "{\"type\":\"FeatureCollection\",";
  if (!name.empty()) text_ += "\"name\":" + nlohmann::json(name).dump() + ",";
  text_ += "\"features\":[";
}

void GeoJsonWriter::begin_feature(const nlohmann::ordered_json& properties) {
  text_ += features_++ ? ",\n" : "\n";
  text_ += "{\"type\":\"Feature\",\"properties\":";
  text_ += properties.dump();
  text_ += ",\"geometry\":";
}

void GeoJsonWriter::add(const nlohmann::ordered_json& properties, const MultiPolygon& shape) {
  begin_feature(properties);
  text_ += "{\"type\":\"MultiPolygon\",\"coordinates\":[";
  for (size_t p = 0; p < shape.size(); ++p) {
    if (p) text_ += ',';
    text_ += '[';
    append_ring(text_, shape[p].outer());
    for (const Ring& hole : shape[p].inners()) {
      text_ += ',';
      append_ring(text_, hole);
    }
    text_ += ']';
  }
  text_ += "]}}";
}

void GeoJsonWriter::add_point(const nlohmann::ordered_json& properties, double lon, double lat) {
  begin_feature(properties);
  text_ += "{\"type\":\"Point\",\"coordinates\":";
  append_coordinate(text_, lon, lat);
  text_ += "}}";
}

std::string GeoJsonWriter::take_pending() {
  std::string piece;
  piece.swap(text_);
  text_.reserve(piece.capacity());  // the next piece grows no more than this one did
  return piece;
}

std::string GeoJsonWriter::finish() {
  text_ += "\n]}\n";
  std::string done = std::move(text_);
  text_.clear();
  features_ = 0;
  return done;
}

void GeoJsonWriter::write(const std::string& path) { write_file_atomically(path, finish()); }

MultiPolygon to_wgs84(const MultiPolygon& shape, CoordinateTransform& to_lonlat) {
  std::vector<double> xs, ys;
  auto convert = [&](const Ring& ring, bool counter_clockwise) {
    xs.clear();
    ys.clear();
    for (const Point& point : ring) {
      xs.push_back(point.x());
      ys.push_back(point.y());
    }
    to_lonlat.transform(xs.data(), ys.data(), xs.size());
    Ring out;
    out.reserve(xs.size());
    for (size_t i = 0; i < xs.size(); ++i) out.push_back(Point(xs[i], ys[i]));
    // Boost's positive area means clockwise; RFC 7946 wants exteriors counter-clockwise.
    const bool is_clockwise = bg::area(out) > 0;
    if (is_clockwise == counter_clockwise) std::reverse(out.begin(), out.end());
    return out;
  };
  MultiPolygon converted;
  for (const Polygon& polygon : shape) {
    Polygon out;
    out.outer() = convert(polygon.outer(), true);
    for (const Ring& hole : polygon.inners()) out.inners().push_back(convert(hole, false));
    converted.push_back(std::move(out));
  }
  return converted;
}

nlohmann::ordered_json without_nulls(nlohmann::ordered_json properties) {
  for (auto it = properties.begin(); it != properties.end();) {
    if (it->is_null())
      it = properties.erase(it);
    else
      ++it;
  }
  return properties;
}

}  // namespace hotspot
