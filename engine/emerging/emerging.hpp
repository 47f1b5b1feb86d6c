// Emerging hot spots: per cell, over time steps, the patterns of ArcGIS Pro's Emerging Hot Spot
// Analysis (patterns.hpp) for each hotspot layer: incidents counted in a space-time cube
// (cells of the study grid, grouped `cells_per_side` to a side, × time steps from
// time_steps.hpp), space-time Gi* with false discovery rate control (space_time_gi.hpp), and
// the Mann–Kendall trend of each cell's z-scores (mann_kendall.hpp). With fewer than
// `minimum_steps` steps nothing is classified and the result says why. Pure computation: the
// writers (writers.hpp) make emerging.csv, emerging.geojson, emerging.md and the summary.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/core/grid.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/layer.hpp"
#include "engine/core/month.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/emerging/mann_kendall.hpp"
#include "engine/emerging/patterns.hpp"
#include "engine/emerging/time_steps.hpp"

namespace hotspot::emerging {

struct EmergingOptions {
  bool enabled = true;
  std::optional<TimeStepChoice> time_step;  // --time-step; unset: sfhotspot's rule
  // An emerging cell is this many study-grid cells a side (odd, so that it has a centre cell):
  // 3 makes it about the study area's shorter side / 50, sfhotspot's default cell.
  int cells_per_side = 3;
  double distance_cells = 1.5;  // spatial neighbours, in emerging cells (1.5: the 8 around)
  int window_steps = 1;         // previous steps in the neighbourhood (ArcGIS's default, 1)
  double fdr = 0.05;            // a bin is significant when its BH q-value is at most this
  double trend_alpha = 0.05;    // Mann–Kendall significance for intensifying / diminishing
  int minimum_steps = 10;       // fewer steps: too few to classify
  // A place for the briefing needs at least this many incidents in and around it in the final
  // step: sparse layers make a couple of incidents "significant", which is noise for tasking
  // (as hotspots::HotspotOptions::minimum_area_incidents).
  int minimum_place_incidents = 3;
  int threads = 1;  // cells are classified on this many threads; results do not depend on it

  // Throws ConfigError for an even or non-positive cells_per_side, a negative window, a
  // distance under 1, or an fdr or alpha outside (0, 1).
  void validate() const;
};

// What the pipeline hands the stage: the joined study and its grid.
struct EmergingInputs {
  const IncidentTable& incidents;
  const WardSet& wards;
  const GridSpec& study_grid;
  const std::vector<uint8_t>& inside;      // per study cell
  const std::vector<int32_t>& cell_wards;  // per study cell
  MonthRange period;                       // steps end with the period's last month
  std::string analysis_crs;
  const DisclosurePolicy& disclosure;
};

struct EmergingCell {
  int32_t column = 0, row = 0;  // in the emerging grid
  int32_t ward = kOutside;      // the ward of its centre (or of a cell of it in the area)
  Pattern pattern = Pattern::none;
  bool published = true;  // public mode: every hot bin rests on at least the minimum
  int hot_steps = 0, cold_steps = 0;
  double final_z = 0;
  MannKendall trend;
  int64_t incidents = 0;        // over all steps
  int64_t final_incidents = 0;  // in the final step
};

// A group of touching cells that are new, consecutive or intensifying hot spots: a place for
// the briefing ("new or intensifying").
struct EmergingPlace {
  std::string layer, layer_title;
  Pattern pattern = Pattern::none;  // the commonest of its cells' patterns
  int cells = 0;
  double area_km2 = 0;
  double x_m = 0, y_m = 0;  // centroid of its cells, analysis CRS
  double lon = 0, lat = 0;
  std::string ward_code, ward_name;  // the ward holding most of its cells
  // Incidents in its cells and their neighbourhoods (within distance_cells): in the final step,
  // and over all steps.
  int64_t final_incidents = 0;
  int64_t incidents = 0;
  bool counts_shown = true;  // public mode: false when a count is under the minimum
};

struct EmergingLayer {
  LayerDefinition layer;
  bool classified = false;
  std::string note;  // why not classified, or what public mode left out
  int64_t incidents = 0;
  std::vector<EmergingCell> cells;  // in-area cells with at least one incident, or a pattern
  std::array<int64_t, kPatterns> pattern_counts{};  // published cells per pattern
  int64_t withheld_cells = 0;                       // public mode
};

struct EmergingResult {
  TimeSteps steps;
  GridSpec grid;  // the emerging grid
  int64_t cells_in_area = 0;
  EmergingOptions options;
  std::vector<EmergingLayer> layers;
  std::vector<EmergingPlace> places;  // new / consecutive / intensifying hot, by layer, ranked
  int64_t places_left_out = 0;        // under minimum_place_incidents
  std::string final_step;             // label of the final step
};

// Throws UsageError for a time step that cannot be used with the data (time_steps.hpp).
EmergingResult analyse_emerging(const EmergingInputs& inputs,
                                const std::vector<LayerDefinition>& layers,
                                const EmergingOptions& options);

}  // namespace hotspot::emerging
