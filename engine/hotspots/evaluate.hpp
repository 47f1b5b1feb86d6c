// How good are the hotspots? `hotspot evaluate`: for each layer, the method is chosen by backtest
// on the fit months alone (as analyse does), its patrol areas are drawn from the whole fit
// period, and they are scored on the test months they never saw, beside every other candidate
// and the two references (plain grid counts and the textbook KDE as top cells at the chosen
// areas' share of the study area): Predictive Accuracy Index and Recapture Rate Index
// (Chainey, Tompson & Uhlig 2008).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/month.hpp"
#include "engine/hotspots/analyse_layers.hpp"

namespace hotspot::hotspots {

struct EvaluationRow {
  std::string layer, layer_title;
  Method method;
  bool chosen = false, reference = false;
  int64_t test_total = 0, captured = 0;
  double area_share = 0, area_km2 = 0;
  double pai = 0;
  std::optional<double> rri;
};

struct EvaluationResult {
  MonthRange fit, test;
  double cell_size_m = 0;
  std::vector<EvaluationRow> rows;
  std::vector<std::pair<std::string, std::string>> how_chosen;  // (layer, sentence)
};

EvaluationResult evaluate(const HotspotInputs& inputs, const StudyGrid& grid,
                          const std::vector<LayerDefinition>& layers, const HotspotOptions& options,
                          MonthRange fit, MonthRange test);

// evaluation.csv, and the table `hotspot evaluate` prints (evaluation.md).
void write_evaluation_csv(const EvaluationResult& result, const std::string& path);
std::string evaluation_markdown(const EvaluationResult& result);

}  // namespace hotspot::hotspots
