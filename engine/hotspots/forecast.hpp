// What each candidate method expects next month, cell by cell: the forecasts that patrol areas
// are drawn from and that the backtest compares. Every method gives expected incidents per month
// per cell (or expected harm, with harm weights), so their numbers can be ranked and summed.
// Methods: grid counts, quartic KDE at a bandwidth, a blend of the two (a small KDE share breaks
// the many ties of whole counts by their neighbourhood), optionally weighted towards recent
// months (exponential decay with a half-life in months), and optionally with the cell's count
// of all crime as a prior (places busy with any crime see more of each kind: on police.uk's
// snap points it is the strongest single addition, measured in the backtest).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/core/month.hpp"

namespace hotspot::hotspots {

struct Method {
  enum class Kind { grid_counts, kde, blend };
  Kind kind = Kind::kde;
  double bandwidth_m = 0;       // kde and blend
  double half_life_months = 0;  // 0: every fit month weighs the same
  double kde_share = 0.5;       // blend only: the KDE's part (the grid counts' is the rest)
  double all_crime_weight = 0;  // the prior: this many times the cell's monthly count of all crime

  std::string name() const;  // "KDE 250 m, recent months weighted (half-life 2 months)"
  std::string slug() const;  // "kde-250-recent-2"
  bool operator==(const Method&) const = default;
};

// The candidates the backtest compares, in a fixed order (the first wins a tie).
std::vector<Method> candidate_methods();
// The two references every evaluation reports: plain grid counts and the textbook quartic KDE
// (500 m), both at the study grid's cells.
Method grid_counts_reference();
Method kde_reference();

// Incidents placed on the grid: analysis CRS position, cell (-1 off the grid), month, weight.
struct LayerPoints {
  std::vector<double> x, y;    // analysis CRS metres
  std::vector<int32_t> month;  // month index
  std::vector<int64_t> cell;   // grid cell, or -1 off the grid
  std::vector<double> weight;  // harm weight (1 without harm weighting)
};

// The factor that turns a forecast surface into incidents expected next month: the layer's mean
// monthly count in the study area over `fit` (harm-weighted when weights are given), divided by
// the surface's total there. A surface with the all-crime prior is a score in mixed units; scaled
// by this, an area's share of it is its share of the layer's next month. 0 for an empty surface.
double per_month_scale(const std::vector<float>& surface, const LayerPoints& points,
                       const std::vector<uint8_t>& inside, MonthRange fit);

// Every incident in the study area by cell and month (the all-crime prior), shared by layers.
struct CellMonths {
  std::vector<int32_t> cell;   // grid cell (only incidents on the grid)
  std::vector<int32_t> month;  // month index
};

// The surfaces that methods are combined from, for one fit window: the layer's counts and the
// all-crime counts (per recency weighting) and the KDEs the methods need. Prepare once per
// window; expected() is then cheap and safe to call from several threads.
class FitSurfaces {
 public:
  FitSurfaces(const LayerPoints& points, const CellMonths& all_crime, const GridSpec& spec,
              const std::vector<uint8_t>& inside, MonthRange fit);
  // Computes what `methods` need and is not yet held (KDEs on up to `threads` threads).
  void prepare(const std::vector<Method>& methods, int threads);
  // Frees every surface but the observed counts that none of `still_needed` reads: on a
  // national grid each is 64 MB, so a caller scoring methods in steps holds a step's only.
  void release_unneeded(const std::vector<Method>& still_needed);
  // Expected incidents (or harm) per month per cell; 0 outside the study area.
  std::vector<float> expected(const Method& method) const;
  // The same into `out` (resized to the grid): a caller scoring many methods reuses one buffer
  // instead of faulting in a fresh national-size grid for each.
  void expected_into(const Method& method, std::vector<float>& out) const;
  // Incidents per cell in the fit window (unweighted: what a patrol would have met).
  const std::vector<float>& observed() const { return observed_; }

 private:
  const LayerPoints& points_;
  const CellMonths& all_crime_;
  const GridSpec& spec_;
  const std::vector<uint8_t>& inside_;
  MonthRange fit_;
  std::vector<float> observed_;
  std::map<double, std::vector<float>> counts_;                  // by half-life
  std::map<double, std::vector<float>> all_crime_counts_;        // by half-life
  std::map<std::pair<double, double>, std::vector<float>> kde_;  // by (bandwidth, half-life)
};

// Incidents per cell in `months` (unweighted).
std::vector<float> counts_per_cell(const LayerPoints& points, const GridSpec& spec,
                                   MonthRange months);

}  // namespace hotspot::hotspots
