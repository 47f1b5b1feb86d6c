// The stages of `hotspot analyse` that answer "what changed, and did it work": the comparison
// with peers (peers.csv, peers.md), risk surfaces over a population at risk
// (density/<layer>_risk.tif) and emerging hot spots (emerging.csv, emerging.geojson,
// emerging.md). Each returns its summary.json section; analyse.cpp only calls them.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/analyse/analyse.hpp"
#include "engine/density/population_layer.hpp"
#include "engine/emerging/emerging.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/output/ward_publication.hpp"

namespace hotspot::analyse {

// peers.csv and peers.md when --peers is given; its summary section (null otherwise).
nlohmann::ordered_json write_peer_comparison(const AnalyseOptions& options,
                                             const profile::AreaProfile& area,
                                             const output::WardPublication& publication);

// Risk surfaces: the population at risk is read once (restricted to the study area), its density
// computed per bandwidth, and density/<layer>_risk.tif written per layer.
class RiskSurfaces {
 public:
  // Reads --population-at-risk (or the wards and their populations for "wards"). Throws
  // InputError for an unreadable layer, ConfigError for "wards" without populations.
  RiskSurfaces(const AnalyseOptions& options, const study::Study& study,
               const hotspots::StudyGrid& grid);
  // density/<layer>_risk.tif from the layer's density as it is published.
  void write(const hotspots::LayerOutcome& outcome, const std::string& out_dir);
  nlohmann::ordered_json summary() const { return summary_; }

 private:
  const AnalyseOptions& options_;
  const hotspots::StudyGrid& grid_;
  std::string analysis_crs_;
  density::WeightedPoints population_;
  double population_total_ = 0;
  nlohmann::ordered_json summary_;
};

// emerging.csv, emerging.geojson and emerging.md; the typed result (for the briefing: its
// `places` are the new or intensifying places) and its summary section. nullopt when disabled.
struct EmergingOutcome {
  emerging::EmergingResult result;
  nlohmann::ordered_json summary;
};
std::optional<EmergingOutcome> write_emerging(const AnalyseOptions& options,
                                              const study::Study& study,
                                              const hotspots::StudyGrid& grid,
                                              const profile::AreaProfile& area,
                                              const std::vector<LayerDefinition>& layers);

}  // namespace hotspot::analyse
