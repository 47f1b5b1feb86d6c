#include "engine/plan/analysis_folder.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"

namespace hotspot::plan {

namespace {

using Json = nlohmann::json;

Json read_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path, 0, "",
                     "missing: give --analysis the output folder of `hotspot analyse --out DIR`");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return Json::parse(text.str());
  } catch (const Json::exception&) {
    throw InputError(path, 0, "",
                     "not valid JSON: the file is damaged; run `hotspot analyse` again");
  }
}

// A member that must be there, with the field named in the error when it is not.
const Json& need(const Json& object, const char* key, const std::string& path) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null())
    throw InputError(path, 0, key,
                     "missing: the folder is not the output of this version of `hotspot "
                     "analyse`; run it again");
  return object[key];
}

std::string text_or_empty(const Json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

template <typename T>
std::optional<T> number_or_none(const Json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_number()) return std::nullopt;
  return object[key].get<T>();
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::stringstream in(text);
  while (std::getline(in, part, separator)) {
    const size_t first = part.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    part = part.substr(first, part.find_last_not_of(' ') - first + 1);
    if (part.rfind("(+", 0) == 0) continue;  // "(+4 more)"
    // "High Crescent (+4 more)": the count of further streets is not a street.
    if (const size_t more = part.find(" (+"); more != std::string::npos) part.resize(more);
    parts.push_back(part);
  }
  return parts;
}

// GeoJSON (multi)polygon coordinates → rings in the analysis CRS.
hotspots::AreaShape project_shape(const Json& geometry, CoordinateTransform& transform,
                                  const std::string& path) {
  const std::string type = text_or_empty(geometry, "type");
  const Json& coordinates = need(geometry, "coordinates", path);
  std::vector<const Json*> polygons;
  if (type == "Polygon") {
    polygons.push_back(&coordinates);
  } else if (type == "MultiPolygon") {
    for (const Json& polygon : coordinates) polygons.push_back(&polygon);
  } else {
    throw InputError(path, 0, "geometry",
                     "a feature is not a polygon: run `hotspot analyse` again");
  }
  hotspots::AreaShape shape;
  for (const Json* polygon : polygons) {
    hotspots::PolygonRings part;
    for (const Json& ring : *polygon) {
      std::vector<double> xs, ys;
      for (const Json& point : ring) {
        xs.push_back(point.at(0).get<double>());
        ys.push_back(point.at(1).get<double>());
      }
      transform.transform(xs.data(), ys.data(), xs.size());
      hotspots::Ring2 projected;
      for (size_t i = 0; i < xs.size(); ++i) projected.push_back({xs[i], ys[i]});
      part.rings.push_back(std::move(projected));
    }
    if (!part.rings.empty()) shape.push_back(std::move(part));
  }
  return shape;
}

int last_day_of_month(int32_t month_index) {
  const int32_t next = month_index + 1;
  return static_cast<int>(
      civil_time::days_from_civil(next / 12, static_cast<unsigned>(next % 12 + 1), 1) - 1);
}

void read_summary(AnalysisFolder& folder) {
  const std::string path = folder.dir + "/summary.json";
  const Json summary = read_json(path);
  folder.title = text_or_empty(summary, "title");
  folder.analysis_crs = need(need(summary, "crs", path), "analysis", path).get<std::string>();
  const Json& period = need(summary, "period", path);
  folder.period_from = need(period, "from", path).get<std::string>();
  folder.period_to = need(period, "to", path).get<std::string>();
  const auto from = parse_month(folder.period_from), to = parse_month(folder.period_to);
  if (!from || !to || *to < *from)
    throw InputError(path, 0, "period", "not a month range: run `hotspot analyse` again");
  folder.months = *to - *from + 1;
  folder.period_last_day = last_day_of_month(*to);
  if (period.contains("previous") && period["previous"].is_object())
    folder.previous_label = text_or_empty(period["previous"], "label");
  const Json& options = need(summary, "options", path);
  folder.public_output = options.value("public", false);
  folder.minimum_count = options.value("minimum_count", 0);
  for (const Json& layer : need(summary, "layers", path))
    folder.layers.push_back(
        {need(layer, "name", path).get<std::string>(), text_or_empty(layer, "title")});
}

void read_hotspots(AnalysisFolder& folder, CoordinateTransform& transform) {
  const std::string path = folder.dir + "/hotspots.geojson";
  const Json collection = read_json(path);
  for (const Json& feature : need(collection, "features", path)) {
    const Json& p = need(feature, "properties", path);
    AnalysedHotspot area;
    area.id = need(p, "id", path).get<std::string>();
    area.layer = need(p, "layer", path).get<std::string>();
    area.layer_title = text_or_empty(p, "layer_title");
    area.rank = need(p, "rank", path).get<int>();
    area.incidents = number_or_none<int64_t>(p, "incidents");
    area.expected_per_month = need(p, "expected", path).get<double>();
    area.streets = split(text_or_empty(p, "streets"), ';');
    area.ward_codes = split(text_or_empty(p, "ward_codes"), ',');  // "X05000018,X05000036"
    area.wards = text_or_empty(p, "wards");
    area.when = text_or_empty(p, "when");
    area.change = text_or_empty(p, "change");
    const Json& geometry = need(feature, "geometry", path);
    area.geometry_json = geometry.dump();
    area.shape = project_shape(geometry, transform, path);
    area.footprint = to_multipolygon(area.shape);
    folder.hotspots.push_back(std::move(area));
  }
}

void read_wards(AnalysisFolder& folder, CoordinateTransform& transform) {
  const std::string path = folder.dir + "/wards.json";
  const Json profiles = read_json(path);
  for (const Json& ward : need(profiles, "wards", path)) {
    AnalysedWard w;
    w.code = need(ward, "code", path).get<std::string>();
    w.name = text_or_empty(ward, "name");
    const Json& total = need(ward, "total", path);
    w.count = number_or_none<int64_t>(total, "count");
    w.rate_ratio = number_or_none<double>(total, "rate_ratio");
    w.ratio_low = number_or_none<double>(total, "ratio_low");
    w.ratio_high = number_or_none<double>(total, "ratio_high");
    w.previous_count = number_or_none<int64_t>(total, "previous_count");
    w.change_percent = number_or_none<double>(total, "change_percent");
    w.change_low = number_or_none<double>(total, "change_low");
    w.change_high = number_or_none<double>(total, "change_high");
    w.change_p = number_or_none<double>(total, "change_p");
    w.comparison = text_or_empty(total, "comparison");
    w.priority_rank = ward.value("priority_rank", 0);
    folder.wards.push_back(std::move(w));
  }
  const std::string shapes_path = folder.dir + "/wards.geojson";
  const Json shapes = read_json(shapes_path);
  folder.ward_shapes.assign(folder.wards.size(), MultiPolygon{});
  std::unordered_map<std::string, size_t> index;  // ward code → position in folder.wards
  for (size_t w = 0; w < folder.wards.size(); ++w) index.emplace(folder.wards[w].code, w);
  for (const Json& feature : need(shapes, "features", shapes_path)) {
    const auto found =
        index.find(text_or_empty(need(feature, "properties", shapes_path), "ward_code"));
    if (found == index.end()) continue;
    AnalysedWard& ward = folder.wards[found->second];
    const Json& geometry = need(feature, "geometry", shapes_path);
    ward.geometry_json = geometry.dump();
    ward.shape = to_multipolygon(project_shape(geometry, transform, shapes_path));
    folder.ward_shapes[found->second] = ward.shape;
  }
}

void read_labels(AnalysisFolder& folder, CoordinateTransform& transform) {
  const std::string path = folder.dir + "/labels.geojson";
  if (!std::filesystem::exists(path)) return;  // maps go without names
  const Json collection = read_json(path);
  for (const Json& feature : need(collection, "features", path)) {
    const Json& p = need(feature, "properties", path);
    const Json& point = need(need(feature, "geometry", path), "coordinates", path);
    double x = point.at(0).get<double>(), y = point.at(1).get<double>();
    transform.transform(&x, &y, 1);
    folder.labels.push_back(
        {text_or_empty(p, "kind"), text_or_empty(p, "name"), p.value("weight", 0.0), x, y});
  }
}

}  // namespace

MultiPolygon to_multipolygon(const hotspots::AreaShape& shape) {
  MultiPolygon result;
  for (const auto& part : shape) {
    Polygon polygon;
    for (size_t r = 0; r < part.rings.size(); ++r) {
      Ring& ring =
          r == 0 ? polygon.outer() : (polygon.inners().emplace_back(), polygon.inners().back());
      for (const auto& point : part.rings[r]) ring.push_back(Point(point[0], point[1]));
    }
    result.push_back(std::move(polygon));
  }
  bg::correct(result);
  return result;
}

const AnalysedWard* AnalysisFolder::find_ward(const std::string& code) const {
  for (const AnalysedWard& ward : wards)
    if (ward.code == code) return &ward;
  return nullptr;
}

AnalysisFolder read_analysis_folder(const std::string& dir) {
  if (!std::filesystem::is_directory(dir))
    throw InputError(dir, 0, "",
                     "no such folder: give --analysis the output folder of `hotspot analyse "
                     "--out DIR`");
  AnalysisFolder folder;
  folder.dir = dir;
  read_summary(folder);
  CoordinateTransform transform("EPSG:4326", folder.analysis_crs);
  read_hotspots(folder, transform);
  read_wards(folder, transform);
  read_labels(folder, transform);
  return folder;
}

}  // namespace hotspot::plan
