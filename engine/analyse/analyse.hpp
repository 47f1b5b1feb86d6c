// The `hotspot analyse` pipeline as one library call: load the study (wards → ingest → join),
// profile, density and hotspots per layer, then the writers (ward files, hotspot files, tiles,
// viewer) and summary.json last. One StageClock times every stage; progress and stage ends go
// to callbacks the caller supplies. The library never prints.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/core/layer.hpp"
#include "engine/core/stage_clock.hpp"
#include "engine/density/risk.hpp"
#include "engine/emerging/emerging.hpp"
#include "engine/gis/gis_outputs.hpp"
#include "engine/hotspots/options.hpp"
#include "engine/profile/ward_profile.hpp"
#include "engine/study/study.hpp"

namespace hotspot::analyse {

struct TileOptions {
  bool write = true;
  // Zoom 15 is the deepest stored: a tile unit there is under 0.2 m at British latitudes, finer
  // than any incident location or ward boundary, and the viewer draws deeper zooms from it
  // (MapLibre overzooms). Storing zoom 16 too took three tiles in four of a national archive.
  int min_zoom = 8, max_zoom = 15;
};

struct AnalyseOptions {
  study::StudyOptions inputs;  // incident files, wards, population, columns, threads
  std::string out_dir;
  std::string config_path;  // recorded in summary.json
  std::string title = "Hotspot analysis";
  profile::ProfileOptions profile;
  std::vector<LayerDefinition> layers = default_layers();
  hotspots::HotspotOptions hotspots;  // density and hotspot settings ([density], [hotspots])
  DisclosurePolicy disclosure;        // --public, --minimum-count, --sensitive ([output])
  TileOptions tiles;
  gis::GisOutputOptions gis;  // hotspot.gpkg (--no-gpkg), --db PG:... and --db-schema
  bool viewer = true;
  // Where rejected rows (with their raw text) go: default out_dir/rejects.csv, except in public
  // mode, where they are written only to a path given here, outside out_dir.
  std::string rejects_path;
  // --basemap: an offline vector archive (FILE.pmtiles, copied into the folder) or a style URL;
  // --basemap-style: a MapLibre style (JSON file) to draw the archive with.
  std::string basemap, basemap_style;
  bool briefing_pdf = false;           // --pdf: briefing.pdf from briefing.html through Chromium
  std::string peers_path;              // --peers FILE.csv: reference counts (peers/peer_file.hpp)
  density::RiskOptions risk;           // --population-at-risk: risk surfaces per layer
  emerging::EmergingOptions emerging;  // emerging hot spots (--time-step, --no-emerging)
  std::vector<std::string> command_line;  // recorded in summary.json
  // Called as each stage (or each layer of a stage) finishes: the CLI prints a line per stage.
  StageClock::StageDone on_stage;

  // Throws UsageError/ConfigError naming the option that cannot be used.
  void validate() const;
};

// Reads a hotspot.toml into `options` (paths relative to the file). Throws ConfigError naming
// the key at fault. The CLI applies its own flags afterwards, so they win over the file.
void load_config(const std::string& path, AnalyseOptions& options);

// Validates the options, runs the whole pipeline into options.out_dir and returns
// summary.json's content (also written there, last). Throws hotspot::Error for bad input.
nlohmann::ordered_json run(const AnalyseOptions& options);

}  // namespace hotspot::analyse
