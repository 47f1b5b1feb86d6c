// Choosing the forecast by backtest on the user's own months: rolling origins (fit on months
// 1..k, score on month k+1, for the last few k), each candidate method drawn as patrol areas at
// the area budget and scored by the incidents of the unseen month its areas capture. The method
// that captures the most wins (the earlier candidate on a tie: all spend the same budget), and
// the table keeps every candidate with its PAI and RRI beside plain grid counts and the textbook
// KDE at the same share of the area. Deterministic whatever the thread count.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/core/month.hpp"
#include "engine/hotspots/forecast.hpp"
#include "engine/hotspots/patrol_areas.hpp"

namespace hotspot::hotspots {

struct BacktestOrigin {
  MonthRange fit;
  int32_t test_month = 0;
};

// A method's record over the origins (sums, so the PAI is pooled, not an average of ratios).
struct MethodScore {
  Method method;
  bool reference = false;  // grid counts or textbook KDE at the chosen method's share
  int64_t test_total = 0;  // test-month incidents in the study area
  int64_t captured = 0;    // of them, inside the method's areas (or top cells)
  int64_t fit_total = 0, fit_captured = 0;
  double area_share_sum = 0;  // Σ over origins of the share of the study area covered
  int origins = 0;
  double pai() const;                 // (captured / test_total) / mean area share
  std::optional<double> rri() const;  // (captured / fit_captured) / (test_total / fit_total)
  double area_share() const { return origins ? area_share_sum / origins : 0; }
};

struct BacktestResult {
  std::vector<BacktestOrigin> origins;
  std::vector<MethodScore> scores;  // candidates in order, then the two references
  size_t chosen = 0;                // index into scores
  bool ran = false;
  std::string note;  // how the method was chosen, in one sentence
};

struct BacktestInputs {
  const LayerPoints& points;
  const CellMonths& all_crime;  // every incident's cell and month (the all-crime prior)
  const GridSpec& spec;
  const std::vector<uint8_t>& inside;
  int64_t study_cells;
  MonthRange period;  // the months to backtest within
  const PatrolAreaOptions& areas;
  int threads = 2;
};

// The rolling origins within `period`: at least 2 fit months, at most the last `maximum` tests.
std::vector<BacktestOrigin> rolling_origins(MonthRange period, int maximum = 4);

// Runs the candidates (and the references) over the rolling origins. With fewer than 3 months
// it does not run: the first candidate in `fallback` order is chosen and the note says why.
BacktestResult backtest(const BacktestInputs& inputs, const std::vector<Method>& candidates,
                        const Method& fallback);

// The incidents of `test` months inside the patrol areas that `method` draws from the prepared
// fit window, and the area those cover (one origin of the backtest; also `hotspot evaluate`).
struct OriginScore {
  int64_t test_total = 0, captured = 0, fit_total = 0, fit_captured = 0;
  int64_t cells = 0;
};
OriginScore score_areas(const BacktestInputs& inputs, const FitSurfaces& fit, const Method& method,
                        const std::vector<float>& test_counts);
// The same with the forecast written into `expected` (a buffer reused across methods).
OriginScore score_areas(const BacktestInputs& inputs, const FitSurfaces& fit, const Method& method,
                        const std::vector<float>& test_counts, std::vector<float>& expected);
// The same for the `cells` hottest cells of a method (the references' way of drawing).
OriginScore score_top_cells(const BacktestInputs& inputs, const FitSurfaces& fit,
                            const Method& method, const std::vector<float>& test_counts,
                            int64_t cells);

}  // namespace hotspot::hotspots
