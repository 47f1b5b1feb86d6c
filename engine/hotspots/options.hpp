// Options of the density and hotspot stages, and their [density], [hotspots] and [[layer]]
// tables in hotspot.toml. Absent tables give the documented defaults; a bad value throws
// ConfigError naming the key.
#pragma once
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/core/layer.hpp"
#include "engine/density/kernel.hpp"
#include "engine/hotspots/patrol_areas.hpp"

namespace hotspot::hotspots {

// The tasking list's area budget: a share of the study area, or a fixed area in km².
struct AreaBudget {
  double percent = 1.0;  // of the study area (crime-mapping practice scores hotspots at 1–5%)
  std::optional<double> km2;  // wins over percent when set

  // The share of a study area of `study_area_km2` this budget allows (at most 1).
  double share_of(double study_area_km2) const;
  std::string describe() const;  // "1% of the study area", "5 km²"
};

// "1%", "0.5 %", "1" (percent), "5km2", "5 km²" → a budget. Throws ConfigError naming `key`.
AreaBudget parse_area_budget(const std::string& text, const std::string& key);

struct HotspotOptions {
  // [density]: the study grid and the density map drawn under the areas
  double cell_size_m = 100;  // crime-mapping practice: street-level cells, whatever the area's size
  density::Kernel kernel = density::Kernel::quartic;  // the density map's kernel
  std::optional<double> bandwidth_m;  // the density map's; default the chosen method's, else 250 m
  bool edge_correction = false;
  double gaussian_cutoff_sigmas = 4;
  // [hotspots]: patrol areas
  AreaBudget area_budget;
  std::string method = "auto";   // "auto" (chosen by backtest) or a method's slug (kde-250, ...)
  double link_distance_m = 400;  // a five-minute walk: hot cells this close are one area
  double max_area_km2 =
      0.25;                 // a few streets: a hot region larger than this is split at its saddles
  int min_area_cells = 4;   // a smaller area is grown by its best neighbouring cells
  int briefing_areas = 15;  // areas per layer in the briefing; all are in hotspots.csv
  std::string harm_weights_path;   // CSV category,weight: areas rank by expected harm
  double gi_distance_cells = 1.5;  // Gi*: the 8 neighbouring cells and the cell itself
  double gi_fdr = 0.05;            // an area is significant with a hot cell at this FDR q or below
  // A patch with fewer incidents than this is noise for a tasking meeting, not a hotspot area.
  int minimum_area_incidents = 3;

  // Throws ConfigError naming the setting that cannot be used.
  void validate() const;
  PatrolAreaOptions patrol_areas(double study_area_km2) const;
};

HotspotOptions parse_hotspot_options(const toml::table& config);

// The [[layer]] array: name, title, categories, hours = [start, end], weekdays (0 = Monday or
// "mon".."sun"), from/to ("YYYY-MM"). default_layers() when there is none.
std::vector<LayerDefinition> parse_layers(const toml::table& config);

}  // namespace hotspot::hotspots
