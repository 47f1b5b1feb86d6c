// data.js for the viewer opened from disk: the analysis files inline, and past a limit only the
// busiest street labels (checked by hand on a small labels.geojson).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/geojson_writer.hpp"
#include "engine/serve/offline_data.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

// A folder with labels.geojson as analyse writes it: street labels of these weights, then two
// ward labels.
fs::path folder_with_labels(const std::vector<double>& street_weights) {
  const fs::path dir = fs::temp_directory_path() / "offline_data";
  fs::remove_all(dir);
  fs::create_directories(dir);
  GeoJsonWriter writer("labels");
  for (size_t k = 0; k < street_weights.size(); ++k)
    writer.add_point({{"kind", "street"},
                      {"name", "Street " + std::to_string(k)},
                      {"weight", street_weights[k]}},
                     0.1 * double(k), 51.0);
  for (const char* ward : {"Ward A", "Ward B"})
    writer.add_point({{"kind", "ward"}, {"name", ward}, {"weight", 1.0}}, 1.0, 52.0);
  writer.write((dir / "labels.geojson").string());
  return dir;
}

// window.HOTSPOT_DATA from data.js.
nlohmann::json offline_data(const fs::path& dir) {
  std::ifstream file(dir / "data.js");
  std::stringstream text;
  text << file.rdbuf();
  const std::string script = text.str();
  const std::string start = "window.HOTSPOT_DATA = ";
  const size_t at = script.find(start);
  REQUIRE(at != std::string::npos);
  const size_t end = script.rfind(';');
  return nlohmann::json::parse(script.substr(at + start.size(), end - at - start.size()));
}

std::vector<std::string> label_names(const nlohmann::json& data) {
  std::vector<std::string> names;
  for (const auto& feature : data["labels"]["features"])
    names.push_back(feature["properties"]["name"].get<std::string>());
  return names;
}

}  // namespace

TEST_CASE("data.js holds every label up to the limit, and past it the busiest streets") {
  const fs::path dir = folder_with_labels({5, 1, 3, 3, 2});

  SECTION("at or under the limit: labels.geojson as it is, and no note") {
    serve::write_offline_data(dir.string(), 5);
    const nlohmann::json data = offline_data(dir);
    CHECK(label_names(data) == std::vector<std::string>{"Street 0", "Street 1", "Street 2",
                                                        "Street 3", "Street 4", "Ward A",
                                                        "Ward B"});
    CHECK(data["street_labels_inline"].is_null());
  }
  SECTION("past it: the busiest three streets in the file's order, every ward, and a note") {
    serve::write_offline_data(dir.string(), 3);
    const nlohmann::json data = offline_data(dir);
    CHECK(label_names(data) ==
          std::vector<std::string>{"Street 0", "Street 2", "Street 3", "Ward A", "Ward B"});
    CHECK(data["street_labels_inline"] == nlohmann::json{{"kept", 3}, {"of", 5}});
  }
  SECTION("a tie at the limit is broken by the file's order") {
    serve::write_offline_data(dir.string(), 2);
    const nlohmann::json data = offline_data(dir);
    CHECK(label_names(data) ==
          std::vector<std::string>{"Street 0", "Street 2", "Ward A", "Ward B"});
    CHECK(data["street_labels_inline"] == nlohmann::json{{"kept", 2}, {"of", 5}});
  }
  SECTION("a limit of none keeps only the ward labels") {
    serve::write_offline_data(dir.string(), 0);
    const nlohmann::json data = offline_data(dir);
    CHECK(label_names(data) == std::vector<std::string>{"Ward A", "Ward B"});
    CHECK(data["street_labels_inline"] == nlohmann::json{{"kept", 0}, {"of", 5}});
  }
  SECTION("absent labels are null") {
    fs::remove(dir / "labels.geojson");
    serve::write_offline_data(dir.string(), 3);
    const nlohmann::json data = offline_data(dir);
    CHECK(data["labels"].is_null());
    CHECK(data["street_labels_inline"].is_null());
  }
  fs::remove_all(dir);
}
