#include "engine/serve/offline_data.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/atomic_file.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  return text.str();
}

// A JSON file's text as it is (JSON is valid JavaScript), or null when absent.
std::string json_or_null(const fs::path& path) {
  return fs::is_regular_file(path) ? read_text(path) : "null";
}

std::string png_data_url(const fs::path& path) {
  const std::string bytes = read_text(path);
  char* base64 =
      CPLBase64Encode(static_cast<int>(bytes.size()), reinterpret_cast<const GByte*>(bytes.data()));
  std::string url = std::string("data:image/png;base64,") + base64;
  CPLFree(base64);
  return url;
}

// Each layer's density/<layer>.json with its picture inline (data_url), for the layers wards.json
// lists.
std::string density_images(const fs::path& out) {
  const fs::path wards_json = out / "wards.json";
  if (!fs::is_regular_file(wards_json)) return "[]";
  nlohmann::json images = nlohmann::json::array();
  const nlohmann::json doc = nlohmann::json::parse(read_text(wards_json), nullptr, false);
  if (doc.is_discarded() || !doc.contains("layers")) return "[]";
  for (const auto& layer : doc["layers"]) {
    const std::string name = layer.value("name", "");
    const fs::path sidecar = out / "density" / (name + ".json");
    const fs::path picture = out / "density" / (name + ".png");
    if (name.empty() || !fs::is_regular_file(sidecar) || !fs::is_regular_file(picture)) continue;
    nlohmann::json image = nlohmann::json::parse(read_text(sidecar), nullptr, false);
    if (image.is_discarded()) continue;
    image["data_url"] = png_data_url(picture);
    images.push_back(std::move(image));
  }
  return images.dump();
}

}  // namespace

void write_offline_data(const std::string& out_dir) {
  const fs::path out = out_dir;
  std::string text =
      "// The analysis inline, for index.html opened from disk (written by hotspot analyse).\n"
      "window.HOTSPOT_DATA = {\n\"config\": ";
  text += json_or_null(out / "config.json");
  text += ",\n\"wards_json\": " + json_or_null(out / "wards.json");
  text += ",\n\"wards\": " + json_or_null(out / "wards.geojson");
  text += ",\n\"hotspots\": " + json_or_null(out / "hotspots.geojson");
  text += ",\n\"labels\": " + json_or_null(out / "labels.geojson");
  text += ",\n\"density\": " + density_images(out);
  text += "\n};\n";
  write_file_atomically((out / "data.js").string(), text);
}

}  // namespace hotspot::serve
