// The synthetic town with planted patterns (near repeats, an operation's effect), written to a
// temporary folder and loaded the one way every command loads data (study::load_study), for
// tests that must recover a known truth.
#pragma once
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/stage_clock.hpp"
#include "engine/study/study.hpp"
#include "engine/synth/synth.hpp"

namespace hotspot::testing {

struct TemporaryFolder {
  std::string path;
  explicit TemporaryFolder(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("hotspot-test-" + name + "-" + std::to_string(getpid())))
                 .string()) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TemporaryFolder() { std::filesystem::remove_all(path); }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
};

// Generates the town into `folder` and returns the study options that load it.
inline study::StudyOptions planted_town(const std::string& folder, const synth::SynthOptions& base,
                                        bool police_uk = false) {
  synth::SynthOptions options = base;
  options.out_dir = folder;
  options.police_uk_format = police_uk;
  synth::generate(options);
  study::StudyOptions inputs;
  if (police_uk) {
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      if (entry.is_directory()) inputs.incidents.push_back(entry.path().string());  // YYYY-MM/
  } else {
    inputs.incidents = {folder + "/incidents.csv"};
    inputs.ingest.crs = "EPSG:27700";
    inputs.ingest.x_column = "easting";
    inputs.ingest.y_column = "northing";
    inputs.ingest.category_column = "offence";
    inputs.ingest.time_column = "occurred_at";
    inputs.ingest.id_column = "incident_id";
  }
  inputs.wards.path = folder + "/wards.geojson";
  return inputs;
}

inline study::Study load(const study::StudyOptions& inputs) {
  StageClock clock;
  return study::load_study(inputs, clock);
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A GeoJSON polygon in British National Grid metres (legacy "crs" member, which GDAL reads):
// a 64-gon around (x, y) that contains the circle of radius_m.
inline std::string circle_geojson(double x, double y, double radius_m) {
  const double outer = radius_m / std::cos(M_PI / 64);
  std::string ring;
  for (int i = 0; i <= 64; ++i) {
    const double angle = 2 * M_PI * (i % 64) / 64;
    ring += (i ? "," : "") + std::string("[") + std::to_string(x + outer * std::cos(angle)) + "," +
            std::to_string(y + outer * std::sin(angle)) + "]";
  }
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[{"type":"Feature","properties":{"id":"op"},"geometry":{"type":"Polygon","coordinates":[[)" +
         ring + "]]}}]}";
}

}  // namespace hotspot::testing
