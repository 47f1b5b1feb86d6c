// The density and hotspot stage of `hotspot analyse`, one layer at a time: the layer's
// incidents, their kernel density on the study grid, hot cells by the class rule, Gi*, and the
// ranked hotspot areas with their evidence. Pure computation: the writers (writers.hpp) turn
// the results into files, and the pipeline decides where.
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
#include "engine/core/stage_clock.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/hotspots/area_stats.hpp"
#include "engine/hotspots/classes.hpp"
#include "engine/hotspots/options.hpp"
#include "engine/join/ward_locator.hpp"

namespace hotspot::hotspots {

// What the pipeline hands the stage: the joined study and the settings that belong to the run.
struct HotspotInputs {
  const IncidentTable& incidents;
  const WardSet& wards;
  const join::WardLocator& locator;
  MonthRange period;  // the study period: only its incidents enter the layers
  const DisclosurePolicy& disclosure;
  int threads = 2;
};

// The study grid, computed once for every layer: cells, bandwidth and each cell's ward.
struct StudyGrid {
  density::GridChoice choice;
  std::vector<int32_t> cell_wards;  // per cell: the ward of its centre, or kOutside
  std::vector<uint8_t> inside;      // 1 where cell_wards is a ward
  int64_t study_cells = 0;
};

StudyGrid make_study_grid(const HotspotInputs& inputs, const HotspotOptions& options);

struct GiSummary {
  double distance_cells = 0;
  int64_t cells_tested = 0;
  double fdr = 0;
  int64_t hot_cells_95 = 0, cold_cells_95 = 0;
};

// What summary.json and the GeoTIFF metadata say of a layer.
struct LayerSummary {
  LayerDefinition layer;
  int64_t incidents = 0;
  int64_t untimed_records = 0;
  std::string hours_note;
  density::Kernel kernel = density::Kernel::quartic;
  double bandwidth_m = 0;
  std::string bandwidth_rule;
  std::vector<std::pair<double, double>> bandwidth_search;  // (bandwidth m, mean log-likelihood)
  GridSpec grid;
  std::string cell_size_rule;
  bool edge_correction = false;
  std::optional<double> truncation_error;  // Gaussian kernels only
  ThresholdRule threshold_rule = ThresholdRule::mean_sd;
  std::array<double, 3> levels{};
  Thresholds thresholds;
  GiSummary gi;
  int64_t hotspot_areas = 0, significant_areas = 0;
  std::vector<std::string> notes;
};

struct LayerResult {
  LayerDefinition layer;
  GridSpec spec;
  int64_t incidents = 0;
  std::string hours_note;
  std::array<std::string, 3> class_labels;  // for classes 1..3
  std::vector<HotspotArea> areas;
  LayerSummary summary;
};

// One layer: its result, and its density surface (nodata outside the study area) for the
// GeoTIFF writer. Times the "density" and "hotspots" stages on `clock`.
struct LayerOutcome {
  DensityGrid surface;
  LayerResult result;
};
LayerOutcome analyse_layer(const HotspotInputs& inputs, const StudyGrid& grid,
                           const LayerDefinition& layer, const HotspotOptions& options,
                           StageClock& clock);

}  // namespace hotspot::hotspots
