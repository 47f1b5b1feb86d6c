// GeoJSON → LayerData. nlohmann's parser callback drops each feature after it is converted, so
// a 1M-point file never lives in memory as a DOM.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <protozero/pbf_writer.hpp>
#include <set>
#include <sstream>

#include "tiles/feature_store.hpp"
#include "tiles/mvt_encoder.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::tiles {

using json = nlohmann::json;

uint32_t LayerData::intern_key(const std::string& key) {
  auto [it, inserted] = key_index.try_emplace(key, static_cast<uint32_t>(keys.size()));
  if (inserted) {
    keys.push_back(key);
    key_types.emplace_back();
  }
  return it->second;
}

uint32_t LayerData::intern_value(std::string encoded_value) {
  auto [it, inserted] =
      value_index.try_emplace(encoded_value, static_cast<uint32_t>(encoded_values.size()));
  if (inserted) encoded_values.push_back(std::move(encoded_value));
  return it->second;
}

namespace {

// Encodes one property as a vector_tile.Tile.Value; returns false for null (MVT has no null).
bool encode_value(const json& value, std::string& encoded, const char*& type) {
  encoded.clear();
  protozero::pbf_writer writer{encoded};
  switch (value.type()) {
    case json::value_t::null:
      return false;
    case json::value_t::string:
      encoded = encode_string_value(value.get_ref<const std::string&>());
      type = "String";
      break;
    case json::value_t::boolean:
      writer.add_bool(7, value.get<bool>());
      type = "Boolean";
      break;
    case json::value_t::number_unsigned:
      writer.add_uint64(5, value.get<uint64_t>());
      type = "Number";
      break;
    case json::value_t::number_integer:
      encoded = encode_integer_value(value.get<int64_t>());
      type = "Number";
      break;
    case json::value_t::number_float:
      writer.add_double(3, value.get<double>());
      type = "Number";
      break;
    default:
      writer.add_string(1, value.dump());
      type = "String";
      break;  // nested objects/arrays
  }
  return true;
}

class FeatureConverter {
 public:
  FeatureConverter(LayerData& layer, const std::string& path,
                   const std::vector<std::string>& kept_properties)
      : layer_(layer), path_(path), kept_(kept_properties.begin(), kept_properties.end()) {}

  // The number (1-based) of the feature being read, for messages.
  uint64_t feature_number() const { return features_started_ + 1; }

  void add_feature(const json& feature) {
    try {
      add_feature_checked(feature);
    } catch (const json::exception& error) {  // a member of an unexpected JSON type
      fail(std::string("malformed feature (") + error.what() + ")");
    }
    ++features_started_;
  }

  void add_feature_checked(const json& feature) {
    const auto geometry = feature.find("geometry");
    if (geometry == feature.end() || geometry->is_null()) {
      ++layer_.skipped_null_geometry;
      return;
    }
    const json* properties = nullptr;
    if (auto found = feature.find("properties"); found != feature.end() && found->is_object())
      properties = &*found;
    const json* id = nullptr;
    if (auto found = feature.find("id"); found != feature.end()) id = &*found;
    add_geometry(*geometry, properties, id, min_zoom_of(feature));
  }

  // tippecanoe's per-feature zoom range, "tippecanoe": {"minzoom": n}: the feature is left out
  // of every tile below zoom n. (Its "maxzoom" is not read: every point stays at the archive's
  // maximum zoom, which this tiler promises.)
  uint8_t min_zoom_of(const json& feature) const {
    const auto tippecanoe = feature.find("tippecanoe");
    if (tippecanoe == feature.end()) return 0;
    if (!tippecanoe->is_object()) fail("'tippecanoe' is not an object; write {\"minzoom\": 13}");
    const auto min_zoom = tippecanoe->find("minzoom");
    if (min_zoom == tippecanoe->end()) return 0;
    const double value = min_zoom->is_number() ? min_zoom->get<double>() : -1;
    if (!(value >= 0 && value <= kDeepestZoom && value == std::floor(value)))
      fail("tippecanoe.minzoom must be a whole number from 0 to " + std::to_string(kDeepestZoom));
    return static_cast<uint8_t>(value);
  }

  void add_geometry(const json& geometry, const json* properties, const json* id,
                    uint8_t min_zoom) {
    const std::string type = member_string(geometry, "type");
    if (type == "GeometryCollection") {
      const auto members = geometry.find("geometries");
      if (members == geometry.end() || !members->is_array())
        fail("a GeometryCollection without a 'geometries' array");
      for (const auto& member : *members) add_geometry(member, properties, id, min_zoom);
      return;
    }
    const auto coordinates = geometry.find("coordinates");
    if (coordinates == geometry.end() || !coordinates->is_array())
      fail("geometry without coordinates");
    Feature feature;
    feature.min_zoom = min_zoom;
    feature.first_part = static_cast<uint32_t>(layer_.part_starts.size() - 1);
    if (type == "Point" || type == "MultiPoint") {
      feature.kind = GeometryKind::point;
      if (type == "Point")
        add_position(*coordinates);
      else
        for (const auto& position : *coordinates) add_position(position);
      close_ring_and_part();
      layer_.has_points = true;
    } else if (type == "LineString" || type == "MultiLineString") {
      feature.kind = GeometryKind::line;
      if (type == "LineString")
        add_line(*coordinates);
      else
        for (const auto& line : *coordinates) add_line(line);
    } else if (type == "Polygon" || type == "MultiPolygon") {
      feature.kind = GeometryKind::polygon;
      if (type == "Polygon")
        add_polygon(*coordinates);
      else
        for (const auto& polygon : *coordinates) add_polygon(polygon);
    } else {
      fail("unknown geometry type '" + type + "'");
    }
    feature.part_count = static_cast<uint32_t>(layer_.part_starts.size() - 1) - feature.first_part;
    if (feature.part_count == 0) return;  // empty geometry
    set_bounds(feature);
    set_properties(feature, properties, id);
    layer_.features.push_back(feature);
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const {
    throw TilesInputError(path_,
                          "feature " + std::to_string(layer_.features.size() + 1) + ": " + reason);
  }
  std::string member_string(const json& object, const char* key) const {
    if (!object.is_object()) fail("geometry is not an object");
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string()) fail(std::string("missing '") + key + "'");
    return found->get<std::string>();
  }
  void add_position(const json& position) {
    if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
        !position[1].is_number())
      fail("a position is not [longitude, latitude]");
    const double longitude = position[0].get<double>(), latitude = position[1].get<double>();
    if (!std::isfinite(longitude) || !std::isfinite(latitude) || std::fabs(latitude) > 90.0 ||
        std::fabs(longitude) > 360.0)
      fail("coordinates are not WGS84 longitude/latitude (RFC 7946); reproject to EPSG:4326 first");
    layer_.xs.push_back(longitude_to_world_x(longitude));
    layer_.ys.push_back(latitude_to_world_y(latitude));
  }
  void close_ring() { layer_.ring_starts.push_back(static_cast<uint32_t>(layer_.xs.size())); }
  void close_ring_and_part() {
    close_ring();
    layer_.part_starts.push_back(static_cast<uint32_t>(layer_.ring_starts.size() - 1));
  }
  void add_line(const json& positions) {
    if (!positions.is_array()) fail("a line is not an array of positions");
    for (const auto& position : positions) add_position(position);
    close_ring_and_part();
  }
  void add_polygon(const json& rings) {
    if (!rings.is_array()) fail("a polygon is not an array of rings");
    bool exterior = true;
    for (const auto& ring : rings) {
      const size_t start = layer_.xs.size();
      if (!ring.is_array()) fail("a ring is not an array of positions");
      for (const auto& position : ring) add_position(position);
      if (layer_.xs.size() - start > 1 && layer_.xs.back() == layer_.xs[start] &&
          layer_.ys.back() == layer_.ys[start]) {
        layer_.xs.pop_back();  // GeoJSON repeats the first position; MVT closes rings itself
        layer_.ys.pop_back();
      }
      if (layer_.xs.size() - start < 3) {  // a ring of fewer than 3 positions has no area
        layer_.xs.resize(start);
        layer_.ys.resize(start);
        if (exterior) return;  // its holes go with it
        continue;
      }
      orient_ring(start, exterior);
      close_ring();
      exterior = false;
    }
    if (!exterior)
      layer_.part_starts.push_back(static_cast<uint32_t>(layer_.ring_starts.size() - 1));
  }
  // MVT wants exteriors with positive shoelace area in y-down coordinates, holes negative.
  void orient_ring(size_t start, bool exterior) {
    double twice_area = 0;
    const size_t end = layer_.xs.size();
    for (size_t i = start, j = end - 1; i < end; j = i++)
      twice_area += layer_.xs[j] * layer_.ys[i] - layer_.xs[i] * layer_.ys[j];
    if ((twice_area > 0) != exterior) {
      std::reverse(layer_.xs.begin() + static_cast<std::ptrdiff_t>(start), layer_.xs.end());
      std::reverse(layer_.ys.begin() + static_cast<std::ptrdiff_t>(start), layer_.ys.end());
    }
  }
  void set_bounds(Feature& feature) {
    const uint32_t first_vertex = layer_.ring_starts[layer_.part_starts[feature.first_part]];
    const uint32_t end_vertex =
        layer_.ring_starts[layer_.part_starts[feature.first_part + feature.part_count]];
    feature.min_x = feature.min_y = 2.0;
    feature.max_x = feature.max_y = -1.0;
    for (uint32_t v = first_vertex; v < end_vertex; ++v) {
      feature.min_x = std::fmin(feature.min_x, layer_.xs[v]);
      feature.max_x = std::fmax(feature.max_x, layer_.xs[v]);
      feature.min_y = std::fmin(feature.min_y, layer_.ys[v]);
      feature.max_y = std::fmax(feature.max_y, layer_.ys[v]);
    }
  }
  void set_properties(Feature& feature, const json* properties, const json* id) {
    feature.first_tag = static_cast<uint32_t>(layer_.tags.size());
    if (properties != nullptr) {
      for (const auto& [key, value] : properties->items()) {
        if (!kept_.empty() && kept_.count(key) == 0) continue;
        const char* type = nullptr;
        if (!encode_value(value, scratch_, type)) continue;
        const uint32_t key_number = layer_.intern_key(key);
        std::string& known = layer_.key_types[key_number];
        if (known.empty())
          known = type;
        else if (known != type)
          known = "Mixed";
        layer_.tags.push_back(key_number);
        layer_.tags.push_back(layer_.intern_value(scratch_));
      }
    }
    feature.tag_count = static_cast<uint32_t>(layer_.tags.size()) / 2 - feature.first_tag / 2;
    if (id != nullptr && id->is_number_integer() &&
        (id->is_number_unsigned() || id->get<int64_t>() >= 0)) {
      feature.has_id = true;
      feature.id = id->get<uint64_t>();
    }
  }

  LayerData& layer_;
  const std::string& path_;
  const std::set<std::string> kept_;  // the properties tiled; empty: all
  std::string scratch_;
  uint64_t features_started_ = 0;
};

// GeoJSON needs at most 8 levels (a MultiPolygon's positions); nested GeometryCollections and
// nested properties add some. Deeper input would overflow the stack in the recursive steps.
constexpr int kMaxNestingDepth = 64;

}  // namespace

LayerData read_geojson_layer(const std::string& name, const std::string& path,
                             const std::vector<std::string>& kept_properties) {
  std::ifstream input(path, std::ios::binary);
  if (!input) throw TilesInputError(path, "cannot open the GeoJSON file");
  // Parsing from memory is several times faster than nlohmann's stream adapter.
  std::string text;
  input.seekg(0, std::ios::end);
  text.resize(static_cast<size_t>(std::max<std::streamoff>(0, input.tellg())));
  input.seekg(0);
  input.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!input) throw TilesInputError(path, "cannot read the GeoJSON file");
  LayerData layer;
  layer.name = name;
  FeatureConverter converter(layer, path, kept_properties);
  // Depth 2 objects are the members of "features"; convert and discard each as it completes.
  json::parser_callback_t callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxNestingDepth)
      throw TilesInputError(
          path, "feature " + std::to_string(converter.feature_number()) + ": nested more than " +
                    std::to_string(kMaxNestingDepth) +
                    " levels deep (GeometryCollections inside GeometryCollections, or "
                    "properties inside properties); flatten it");
    if (event == json::parse_event_t::object_end && depth == 2) {
      const auto type = parsed.find("type");
      if (type != parsed.end() && *type == "Feature") {
        converter.add_feature(parsed);
        return false;
      }
    }
    return true;
  };
  json root;
  try {
    root = json::parse(text.data(), text.data() + text.size(), callback);
  } catch (const json::parse_error& error) {
    throw TilesInputError(path, std::string("not valid JSON: ") + error.what());
  } catch (const json::out_of_range&) {  // 406: a number beyond a double's range; not echoed
    throw TilesInputError(path,
                          "a number is too large to be a coordinate or value (beyond ±1.8e308): "
                          "check the file was written by a GIS, not edited by hand");
  }
  if (!root.is_object()) throw TilesInputError(path, "not a GeoJSON object");
  const std::string type = root.value("type", "");
  if (type == "Feature")
    converter.add_feature(root);
  else if (type != "FeatureCollection")
    converter.add_geometry(root, nullptr, nullptr, 0);
  return layer;
}

}  // namespace hotspot::tiles
