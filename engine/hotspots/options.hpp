// Options of the density and hotspot stages, and their [density], [hotspots] and [[layer]]
// tables in hotspot.toml. Absent tables give the documented defaults; a bad value throws
// ConfigError naming the key.
#pragma once
#include <toml++/toml.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/layer.hpp"
#include "engine/density/kernel.hpp"

namespace hotspot::hotspots {

// How density classes 1..3 are cut. mean_sd: mean + k·SD of the non-zero in-area cells;
// mean_multiple: k × their mean (3× the mean has been found the most predictive);
// top_percent: the hottest p% of the in-area cells.
enum class ThresholdRule { mean_sd, mean_multiple, top_percent };

struct HotspotOptions {
  // [density]
  density::Kernel kernel = density::Kernel::quartic;
  std::optional<double> cell_size_m;  // default: study area's shorter side / 150
  std::optional<double> bandwidth_m;  // default: 5 cells, or cross-validated with auto_bandwidth
  bool auto_bandwidth = false;
  bool edge_correction = false;
  double gaussian_cutoff_sigmas = 4;
  // [hotspots]
  ThresholdRule threshold_rule = ThresholdRule::mean_sd;
  std::array<double, 3> levels = {1, 2, 3};  // k for classes 1..3 (percent for top_percent)
  double gi_distance_cells =
      1.5;               // fixed distance band: the 8 neighbouring cells and the cell itself
  double gi_fdr = 0.05;  // an area is significant with a hot cell at this FDR q or below
  // A hot patch with fewer incidents than this is noise for a tasking meeting, not a hotspot
  // area: left out (and counted in the layer's notes).
  int minimum_area_incidents = 3;

  // Throws ConfigError naming the setting that cannot be used.
  void validate() const;
};

std::string threshold_rule_name(ThresholdRule rule);
// The documented default levels of a rule: {1,2,3}, {1,2,3} and {10,5,1} (percent).
std::array<double, 3> default_levels(ThresholdRule rule);

HotspotOptions parse_hotspot_options(const toml::table& config);

// The [[layer]] array: name, title, categories, hours = [start, end], weekdays (0 = Monday or
// "mon".."sun"), from/to ("YYYY-MM"). default_layers() when there is none.
std::vector<LayerDefinition> parse_layers(const toml::table& config);

}  // namespace hotspot::hotspots
