// The `hotspot analyse` pipeline as one library call: ingest → wards → join → profile →
// density/hotspots → outputs → tiles, each stage timed. No printing: progress goes through
// Progress (stderr, terminals only) and the result is the summary.json document.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/layer.hpp"
#include "engine/hotspots/options.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/profile/ward_profile.hpp"
#include "engine/wards/ward_loader.hpp"

namespace hotspot::analyse {

struct AnalyseOptions {
  std::vector<std::string> incidents;
  std::string category_mapping;  // CSV name,slug
  std::string out_dir;
  std::string config_path;  // recorded in summary.json
  std::string title = "Hotspot analysis";
  ingest::IngestOptions ingest;
  wards::WardLoadOptions wards;
  profile::ProfileOptions profile;
  std::vector<LayerDefinition> layers = default_layers();
  hotspots::HotspotOptions hotspots;  // density and hotspot settings ([density], [hotspots])
  bool public_mode = false;      // no incident points, small counts suppressed
  int minimum_count = 5;         // public mode: smallest count shown
  std::vector<std::string> sensitive_categories;  // public mode: left out of every output
  int min_zoom = 8, max_zoom = 16;
  bool tiles = true;
  bool viewer = true;
  bool quiet = false;
  int threads = 2;
  std::vector<std::string> command_line;  // recorded in summary.json
  // Called as each stage finishes (name, seconds): the CLI shows a progress line per stage.
  std::function<void(const std::string&, double)> on_stage;
};

// Reads a hotspot.toml into `options` (paths relative to the file). Throws ConfigError naming
// the key at fault. The CLI applies its own flags afterwards, so they win over the file.
void load_config(const std::string& path, AnalyseOptions& options);

// Runs the whole pipeline into options.out_dir and returns summary.json's content (also
// written there). Throws InputError/ConfigError for bad input.
nlohmann::ordered_json run(const AnalyseOptions& options);

}  // namespace hotspot::analyse
