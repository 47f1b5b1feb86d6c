#include "engine/serve/offline_data.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

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

constexpr std::string_view kStreetLabel = "\"kind\":\"street\"";

size_t count_street_labels(const std::string& text) {
  size_t count = 0;
  for (size_t at = text.find(kStreetLabel); at != std::string::npos;
       at = text.find(kStreetLabel, at + kStreetLabel.size()))
    ++count;
  return count;
}

// labels.geojson inline, with at most `max_street_labels` street labels: the busiest, in the
// file's order, and every ward label. `kept_of` is {kept, of} when street labels were left out.
// labels.geojson is this program's own GeoJsonWriter output, one feature to a line; a file of
// another shape is kept whole.
std::string labels_inline(const fs::path& path, size_t max_street_labels,
                          std::optional<std::pair<size_t, size_t>>& kept_of) {
  kept_of.reset();
  if (!fs::is_regular_file(path)) return "null";
  std::string text = read_text(path);
  const size_t streets = count_street_labels(text);
  if (streets <= max_street_labels) return text;

  struct Line {
    std::string_view text;  // the feature, without the comma between features
    bool street = false;
    double weight = 0;
  };
  std::vector<Line> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!line.starts_with("{\"type\":\"Feature\"")) continue;
    if (line.ends_with(",")) line.remove_suffix(1);
    // Read by position rather than parsed (a JSON parse of each of a million lines was most of
    // the viewer stage): GeoJsonWriter puts "kind" first, and `,"weight":` cannot occur inside
    // a JSON string, whose quotes are escaped. Any other shape keeps the file whole.
    constexpr std::string_view kStreetStart =
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"street\",";
    Line entry{line, line.starts_with(kStreetStart), 0};
    if (entry.street) {
      const size_t at = line.find(",\"weight\":");
      if (at == std::string_view::npos) return text;
      const char* begin = line.data() + at + 10;
      const auto [end, error] = std::from_chars(begin, line.data() + line.size(), entry.weight);
      if (error != std::errc() || end == begin) return text;
    }
    lines.push_back(entry);
  }
  std::vector<size_t> street_lines;
  for (size_t k = 0; k < lines.size(); ++k)
    if (lines[k].street) street_lines.push_back(k);
  if (street_lines.size() != streets) return text;  // not one feature to a line
  // The busiest first; ties in the file's order.
  std::stable_sort(street_lines.begin(), street_lines.end(),
                   [&](size_t a, size_t b) { return lines[a].weight > lines[b].weight; });
  std::vector<bool> left_out(lines.size(), false);
  for (size_t k = max_street_labels; k < street_lines.size(); ++k) left_out[street_lines[k]] = true;
  std::string kept = "{\"type\":\"FeatureCollection\",\"name\":\"labels\",\"features\":[";
  bool first = true;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (left_out[k]) continue;
    kept += first ? "\n" : ",\n";
    kept += lines[k].text;
    first = false;
  }
  kept += "\n]}\n";
  kept_of = {max_street_labels, streets};
  return kept;
}

}  // namespace

void write_offline_data(const std::string& out_dir, size_t max_street_labels) {
  const fs::path out = out_dir;
  std::string text =
      "// The analysis inline, for index.html opened from disk (written by hotspot analyse).\n"
      "window.HOTSPOT_DATA = {\n\"config\": ";
  text += json_or_null(out / "config.json");
  text += ",\n\"wards_json\": " + json_or_null(out / "wards.json");
  text += ",\n\"wards\": " + json_or_null(out / "wards.geojson");
  text += ",\n\"hotspots\": " + json_or_null(out / "hotspots.geojson");
  std::optional<std::pair<size_t, size_t>> kept_of;
  text += ",\n\"labels\": " + labels_inline(out / "labels.geojson", max_street_labels, kept_of);
  // {"kept": n, "of": all} when only the busiest street labels are inline.
  text += ",\n\"street_labels_inline\": " +
          (kept_of ? nlohmann::json{{"kept", kept_of->first}, {"of", kept_of->second}}.dump()
                   : std::string("null"));
  text += ",\n\"density\": " + density_images(out);
  text += "\n};\n";
  write_file_atomically((out / "data.js").string(), text);
}

}  // namespace hotspot::serve
