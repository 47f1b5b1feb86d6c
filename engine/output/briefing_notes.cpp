#include "engine/output/briefing_notes.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/crs.hpp"

namespace hotspot::output {

namespace {

nlohmann::json read_geojson(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) return nullptr;
  std::ifstream stream(path, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.contains("features") || !json["features"].is_array())
    return nullptr;
  return json;
}

std::string text_of(const nlohmann::json& properties, const char* key) {
  const auto found = properties.find(key);
  return found != properties.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

BriefingNotes read_briefing_notes(const std::string& out_dir, const std::string& analysis_crs) {
  BriefingNotes notes;
  const std::filesystem::path out = out_dir;
  if (const nlohmann::json labels = read_geojson(out / "labels.geojson"); !labels.is_null()) {
    std::vector<double> xs, ys;
    for (const auto& feature : labels["features"]) {
      const auto& geometry = feature.value("geometry", nlohmann::json());
      const auto& properties = feature.value("properties", nlohmann::json::object());
      if (!geometry.is_object() || geometry.value("type", "") != "Point") continue;
      const auto& coordinates = geometry["coordinates"];
      if (!coordinates.is_array() || coordinates.size() < 2 || !coordinates[0].is_number())
        continue;
      MapLabel label;
      label.kind = text_of(properties, "kind");
      label.name = text_of(properties, "name");
      label.weight = properties.value("weight", 0.0);
      if (label.name.empty()) continue;
      notes.labels.push_back(std::move(label));
      xs.push_back(coordinates[0].get<double>());
      ys.push_back(coordinates[1].get<double>());
    }
    CoordinateTransform to_analysis("EPSG:4326", analysis_crs);
    to_analysis.transform(xs.data(), ys.data(), xs.size());
    for (size_t i = 0; i < notes.labels.size(); ++i) {
      notes.labels[i].x = xs[i];
      notes.labels[i].y = ys[i];
    }
    std::erase_if(notes.labels, [](const MapLabel& label) { return std::isnan(label.x); });
  }
  if (const nlohmann::json hotspots = read_geojson(out / "hotspots.geojson"); !hotspots.is_null()) {
    for (const auto& feature : hotspots["features"]) {
      const auto& properties = feature.value("properties", nlohmann::json::object());
      const std::string id = text_of(properties, "id");
      if (id.empty()) continue;
      notes.areas[id] = AreaNote{text_of(properties, "streets"), text_of(properties, "wards"),
                                 text_of(properties, "when"), text_of(properties, "change")};
    }
  }
  return notes;
}

}  // namespace hotspot::output
