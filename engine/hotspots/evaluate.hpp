// How good are the hotspots? Fit on one period, score on the next: Predictive Accuracy Index,
// Recapture Rate Index (Chainey, Tompson & Uhlig 2008) and Predictive Efficiency Index, per
// layer and method, always at equal shares of the study area (1, 3, 5, 10%).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/incident_table.hpp"
#include "engine/core/layer.hpp"
#include "engine/core/month.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/hotspots/options.hpp"
#include "engine/join/ward_locator.hpp"

namespace hotspot::hotspots {

struct ShareScore {
  double area_share = 0;      // asked for
  int64_t cells = 0;          // cells flagged: round(area_share × in-area cells)
  int64_t fit_inside = 0;     // fit-period incidents in the flagged cells
  int64_t test_inside = 0;    // test-period incidents in the flagged cells
  int64_t best_inside = 0;    // test incidents in the best possible cells of the same number
  double pai = 0;             // (test_inside / test total) / (cells / in-area cells)
  std::optional<double> rri;  // (test_inside / fit_inside) / (test total / fit total)
  double pei = 0;             // PAI / best PAI = test_inside / best_inside
};

// Flags the `area_share` of in-area cells with the highest score (ties: lower cell index)
// and scores them against fit and test counts per cell.
ShareScore score_at_share(const std::vector<double>& score, const std::vector<double>& fit_counts,
                          const std::vector<double>& test_counts,
                          const std::vector<uint8_t>& inside, double area_share);

struct EvaluationRow {
  std::string layer, method;
  int64_t fit_incidents = 0, test_incidents = 0;
  ShareScore score;
};

struct EvaluationResult {
  MonthRange fit, test;
  double cell_size_m = 0, bandwidth_m = 0;
  std::vector<EvaluationRow> rows;
};

// Methods: "kde" (fit density), "gi_star" (fit Gi* z), "grid_counts" (fit counts per cell),
// "ward_ranking" (cells take their ward's fit incidents per km²), each scored at 1, 3, 5 and 10%
// of the study area. Incidents must carry their ward.
EvaluationResult evaluate(const IncidentTable& incidents, const WardSet& wards,
                          const join::WardLocator& locator,
                          const std::vector<LayerDefinition>& layers, const HotspotOptions& options,
                          MonthRange fit, MonthRange test, int threads);

// evaluation.csv and evaluation.md (the table `hotspot evaluate` prints), written atomically.
void write_evaluation_csv(const EvaluationResult& result, const std::string& path);
std::string evaluation_markdown(const EvaluationResult& result);

}  // namespace hotspot::hotspots
