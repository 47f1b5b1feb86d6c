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

// Appends the file's bytes to `text`, read straight into it (through a string stream a national
// run's 256 MB labels.geojson was held twice, and once more when appended). Nothing for a file
// that cannot be read.
void append_file(std::string& text, const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (!stream || error) return;
  const size_t at = text.size();
  text.resize(at + size);
  stream.read(text.data() + at, static_cast<std::streamsize>(size));
  text.resize(at + static_cast<size_t>(stream.gcount()));
}

std::string read_text(const fs::path& path) {
  std::string text;
  append_file(text, path);
  return text;
}

// A JSON file's text as it is (JSON is valid JavaScript), or null when absent.
void append_json_or_null(std::string& text, const fs::path& path) {
  if (fs::is_regular_file(path))
    append_file(text, path);
  else
    text += "null";
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

size_t count_street_labels(std::string_view text) {
  size_t count = 0;
  for (size_t at = text.find(kStreetLabel); at != std::string_view::npos;
       at = text.find(kStreetLabel, at + kStreetLabel.size()))
    ++count;
  return count;
}

// Calls line(text) for each line of the file, without its newline.
template <typename Line>
void for_each_line(const fs::path& path, const Line& line) {
  std::ifstream stream(path, std::ios::binary);
  for (std::string text; std::getline(stream, text);) line(std::string_view(text));
}

// A line of labels.geojson as GeoJsonWriter writes it: a feature (without the comma between
// features), and for a street label its weight. Read by position rather than parsed (a JSON
// parse of each of a million lines was most of the viewer stage): GeoJsonWriter puts "kind"
// first, and `,"weight":` cannot occur inside a JSON string, whose quotes are escaped.
struct LabelLine {
  std::string_view feature;  // empty for a line that is not a feature
  bool street = false;
  std::optional<double> weight;  // a street label's; none when it cannot be read
};
LabelLine read_label_line(std::string_view line) {
  LabelLine entry;
  if (!line.starts_with("{\"type\":\"Feature\"")) return entry;
  if (line.ends_with(",")) line.remove_suffix(1);
  constexpr std::string_view kStreetStart =
      "{\"type\":\"Feature\",\"properties\":{\"kind\":\"street\",";
  entry.feature = line;
  entry.street = line.starts_with(kStreetStart);
  if (entry.street) {
    const size_t at = line.find(",\"weight\":");
    if (at == std::string_view::npos) return entry;
    const char* begin = line.data() + at + 10;
    double weight = 0;
    const auto [end, error] = std::from_chars(begin, line.data() + line.size(), weight);
    if (error == std::errc() && end != begin) entry.weight = weight;
  }
  return entry;
}

// labels.geojson inline, appended to `text`, with at most `max_street_labels` street labels: the
// busiest, in the file's order, and every ward label. `kept_of` is {kept, of} when street labels
// were left out. labels.geojson is this program's own GeoJsonWriter output, one feature to a
// line; a file of another shape is kept whole. Read twice, a line at a time (the weights, then
// the lines kept), instead of held whole: a national run's file is 256 MB.
void append_labels_inline(std::string& text, const fs::path& path, size_t max_street_labels,
                          std::optional<std::pair<size_t, size_t>>& kept_of) {
  kept_of.reset();
  if (!fs::is_regular_file(path)) {
    text += "null";
    return;
  }
  size_t streets = 0;                  // every "kind":"street" in the file
  std::vector<double> street_weights;  // of the street label lines, in order
  bool one_feature_to_a_line = true;
  for_each_line(path, [&](std::string_view line) {
    streets += count_street_labels(line);
    const LabelLine entry = read_label_line(line);
    if (!entry.street) return;
    if (!entry.weight) one_feature_to_a_line = false;
    street_weights.push_back(entry.weight.value_or(0));
  });
  if (streets <= max_street_labels || !one_feature_to_a_line || street_weights.size() != streets) {
    append_file(text, path);
    return;
  }
  // The busiest first; ties in the file's order.
  std::vector<uint32_t> by_weight(street_weights.size());
  for (uint32_t k = 0; k < by_weight.size(); ++k) by_weight[k] = k;
  std::stable_sort(by_weight.begin(), by_weight.end(),
                   [&](uint32_t a, uint32_t b) { return street_weights[a] > street_weights[b]; });
  std::vector<bool> left_out(street_weights.size(), false);
  for (size_t k = max_street_labels; k < by_weight.size(); ++k) left_out[by_weight[k]] = true;
  text += "{\"type\":\"FeatureCollection\",\"name\":\"labels\",\"features\":[";
  bool first = true;
  size_t street = 0;
  for_each_line(path, [&](std::string_view line) {
    const LabelLine entry = read_label_line(line);
    if (entry.feature.empty() || (entry.street && left_out[street++])) return;
    text += first ? "\n" : ",\n";
    text += entry.feature;
    first = false;
  });
  text += "\n]}\n";
  kept_of = {max_street_labels, streets};
}

}  // namespace

void write_offline_data(const std::string& out_dir, size_t max_street_labels) {
  const fs::path out = out_dir;
  std::string text =
      "// The analysis inline, for index.html opened from disk (written by hotspot analyse).\n"
      "window.HOTSPOT_DATA = {\n\"config\": ";
  // Room for every file whole, made once (grown by doubling, the text held up to twice what it
  // needed): the labels are at most their file, the density pictures a few MB.
  size_t room = 1 << 20;
  for (const char* file :
       {"config.json", "wards.json", "wards.geojson", "hotspots.geojson", "labels.geojson"}) {
    std::error_code error;
    const auto size = fs::file_size(out / file, error);
    if (!error) room += size;
  }
  text.reserve(room);
  append_json_or_null(text, out / "config.json");
  text += ",\n\"wards_json\": ";
  append_json_or_null(text, out / "wards.json");
  text += ",\n\"wards\": ";
  append_json_or_null(text, out / "wards.geojson");
  text += ",\n\"hotspots\": ";
  append_json_or_null(text, out / "hotspots.geojson");
  std::optional<std::pair<size_t, size_t>> kept_of;
  text += ",\n\"labels\": ";
  append_labels_inline(text, out / "labels.geojson", max_street_labels, kept_of);
  // {"kept": n, "of": all} when only the busiest street labels are inline.
  text += ",\n\"street_labels_inline\": " +
          (kept_of ? nlohmann::json{{"kept", kept_of->first}, {"of", kept_of->second}}.dump()
                   : std::string("null"));
  text += ",\n\"density\": " + density_images(out);
  text += "\n};\n";
  write_file_atomically((out / "data.js").string(), text);
}

}  // namespace hotspot::serve
