// The hotspot stage of `hotspot analyse`, one layer at a time: the layer's incidents, the
// forecast chosen by backtest on its own months, patrol areas that fill the area budget, their
// evidence (Gi*, PAI, streets, wards, when, change), and the density map drawn beneath them.
// Pure computation: the writers (writers.hpp) turn the results into files.
#pragma once
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
#include "engine/hotspots/backtest.hpp"
#include "engine/hotspots/options.hpp"
#include "engine/join/ward_locator.hpp"

namespace hotspot::hotspots {

// What the pipeline hands the stage: the joined study and the settings that belong to the run.
struct HotspotInputs {
  const IncidentTable& incidents;
  const WardSet& wards;
  const join::WardLocator& locator;
  MonthRange period;                   // the study period: only its incidents enter the layers
  std::optional<MonthRange> baseline;  // what changes are measured against (previous period)
  const DisclosurePolicy& disclosure;
  int threads = 2;
  std::vector<double> harm_by_category;  // per category id; empty: every incident weighs 1
};

// The study grid, computed once for every layer: cells and each cell's ward.
struct StudyGrid {
  density::GridChoice choice;
  std::vector<int32_t> cell_wards;  // per cell: the ward of its centre, or kOutside
  std::vector<uint8_t> inside;      // 1 where cell_wards is a ward
  int64_t study_cells = 0;
  CellMonths all_crime;  // every incident in the wards by cell and month
  double study_area_km2() const {
    return double(study_cells) * choice.spec.cell_size_m * choice.spec.cell_size_m / 1e6;
  }
};

StudyGrid make_study_grid(const HotspotInputs& inputs, const HotspotOptions& options);

struct GiSummary {
  double distance_cells = 0;
  int64_t cells_tested = 0;
  double fdr = 0;
  int64_t hot_cells_95 = 0, cold_cells_95 = 0;
};

// What summary.json, the briefing and the GeoTIFF metadata say of a layer.
struct LayerSummary {
  LayerDefinition layer;
  std::string title;      // honest: says "all hours" when the data has no times
  int64_t incidents = 0;  // -1: withheld (public, small)
  int64_t untimed_records = 0, untimed_left_out = 0;  // -1: withheld
  std::string hours_note;
  GridSpec grid;
  std::string cell_size_rule;
  Method method;            // the forecast the areas are drawn from
  std::string method_rule;  // "chosen by backtest", "given (--method)", "default: too few months"
  BacktestResult backtest;
  std::string budget;  // "1% of the study area"
  double budget_share = 0, areas_share = 0, areas_km2 = 0;
  PatrolAreaOptions patrol;
  bool harm_weighted = false;
  density::Kernel kernel = density::Kernel::quartic;  // the density map's
  double bandwidth_m = 0;
  std::string bandwidth_rule;
  bool edge_correction = false;
  std::optional<double> truncation_error;  // Gaussian kernels only
  GiSummary gi;
  int64_t hotspot_areas = 0, significant_areas = 0;
  std::string change_basis;        // "on the previous 6 months (2024-05 to 2024-10)"
  std::optional<TimeWindow> when;  // the layer's own peak window
  std::vector<std::string> notes;
};

struct LayerResult {
  LayerDefinition layer;
  std::string title;  // = summary.title
  GridSpec spec;
  int64_t incidents = 0;
  std::string hours_note;
  std::vector<HotspotArea> areas;  // ranked
  LayerSummary summary;
};

// One layer: its result, and its density map (nodata outside the study area, already what the
// disclosure policy allows) for the GeoTIFF and picture writers. Times the "density",
// "backtest" and "hotspots" stages on `clock`.
struct LayerOutcome {
  DensityGrid surface;
  LayerResult result;
};
LayerOutcome analyse_layer(const HotspotInputs& inputs, const StudyGrid& grid,
                           const LayerDefinition& layer, const HotspotOptions& options,
                           StageClock& clock);

// The layer's incidents in `months` as the forecasts use them (cell, month, harm weight).
LayerPoints layer_points(const HotspotInputs& inputs, const GridSpec& spec,
                         const LayerSelection& selection);

}  // namespace hotspot::hotspots
