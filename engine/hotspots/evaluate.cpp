#include "engine/hotspots/evaluate.hpp"

#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/hotspots/selection.hpp"

namespace hotspot::hotspots {

namespace {

EvaluationRow row_for(const std::string& layer, const std::string& title, const Method& method,
                      const OriginScore& score, const StudyGrid& grid) {
  EvaluationRow row;
  row.layer = layer;
  row.layer_title = title;
  row.method = method;
  row.test_total = score.test_total;
  row.captured = score.captured;
  row.area_share = double(score.cells) / double(std::max<int64_t>(1, grid.study_cells));
  row.area_km2 =
      double(score.cells) * grid.choice.spec.cell_size_m * grid.choice.spec.cell_size_m / 1e6;
  if (score.test_total > 0 && row.area_share > 0)
    row.pai = (double(score.captured) / double(score.test_total)) / row.area_share;
  if (score.fit_captured > 0 && score.fit_total > 0 && score.test_total > 0)
    row.rri = (double(score.captured) / double(score.fit_captured)) /
              (double(score.test_total) / double(score.fit_total));
  return row;
}

}  // namespace

EvaluationResult evaluate(const HotspotInputs& inputs, const StudyGrid& grid,
                          const std::vector<LayerDefinition>& layers, const HotspotOptions& options,
                          MonthRange fit, MonthRange test) {
  EvaluationResult result;
  result.fit = fit;
  result.test = test;
  result.cell_size_m = grid.choice.spec.cell_size_m;
  const GridSpec& spec = grid.choice.spec;
  PatrolAreaOptions patrol = options.patrol_areas(grid.study_area_km2());
  patrol.minimum_incidents = inputs.disclosure.smallest_feature(options.minimum_area_incidents);
  for (const LayerDefinition& layer : layers) {
    const LayerSelection selection =
        select_layer(inputs.incidents, layer, fit.from_month, test.to_month);
    const LayerPoints points = layer_points(inputs, spec, selection);
    const BacktestInputs on_fit{points, grid.all_crime, spec, grid.inside, grid.study_cells, fit,
                                patrol, inputs.threads};
    const std::vector<Method> candidates = candidate_methods();
    const BacktestResult chosen =
        backtest(on_fit, candidates, Method{Method::Kind::grid_counts, 0, 0, 0, 0.3});
    const Method& method = chosen.scores[chosen.chosen].method;
    result.how_chosen.emplace_back(layer.name, method.name() + ", " + chosen.note);
    const std::string title = honest_title(layer, selection);
    std::vector<Method> all = candidates;
    all.push_back(grid_counts_reference());
    all.push_back(kde_reference());
    FitSurfaces surfaces(points, grid.all_crime, spec, grid.inside, fit);
    surfaces.prepare(all, inputs.threads);
    const std::vector<float> test_counts = counts_per_cell(points, spec, test);
    int64_t chosen_cells = 0;
    for (const Method& candidate : candidates) {
      const OriginScore score = score_areas(on_fit, surfaces, candidate, test_counts);
      EvaluationRow row = row_for(layer.name, title, candidate, score, grid);
      row.chosen = candidate == method;
      if (row.chosen) chosen_cells = score.cells;
      result.rows.push_back(row);
    }
    for (const Method& reference : {grid_counts_reference(), kde_reference()}) {
      EvaluationRow row =
          row_for(layer.name, title, reference,
                  score_top_cells(on_fit, surfaces, reference, test_counts, chosen_cells), grid);
      row.reference = true;
      result.rows.push_back(row);
    }
  }
  return result;
}

void write_evaluation_csv(const EvaluationResult& result, const std::string& path) {
  std::string csv =
      std::string(kCsvByteOrderMark) +
      "layer,method,slug,chosen,reference,area_share,area_km2,test_incidents,captured,pai,rri\r\n";
  char line[512];
  for (const EvaluationRow& row : result.rows) {
    std::snprintf(line, sizeof line, "%s,\"%s\",%s,%s,%s,%.5f,%.3f,%lld,%lld,%.3f,%s\r\n",
                  row.layer.c_str(), row.method.name().c_str(), row.method.slug().c_str(),
                  row.chosen ? "yes" : "no", row.reference ? "yes" : "no", row.area_share,
                  row.area_km2, static_cast<long long>(row.test_total),
                  static_cast<long long>(row.captured), row.pai,
                  row.rri ? std::to_string(*row.rri).c_str() : "");
    csv += line;
  }
  write_file_atomically(path, csv);
}

std::string evaluation_markdown(const EvaluationResult& result) {
  std::string text =
      "# Hotspot evaluation\n\nFit " + result.fit.label() + ", scored on " + result.test.label() +
      ", months the fit never saw. Each layer's method is chosen by backtest within the fit months "
      "alone; every candidate is shown as patrol areas, and the references (grid counts, textbook "
      "KDE) as top cells at the chosen areas' share of the study area. PAI = share of test "
      "incidents "
      "captured / share of the area; RRI = (test captured / fit captured) / (test total / fit "
      "total).\n\n";
  for (const auto& [layer, sentence] : result.how_chosen)
    text += "- **" + layer + "**: " + sentence + "\n";
  text +=
      "\n| layer | method | area | PAI | RRI | test incidents captured |\n| --- | --- | ---: | "
      "---: | ---: | ---: |\n";
  char line[512];
  for (const EvaluationRow& row : result.rows) {
    char rri[32] = "–";
    if (row.rri) std::snprintf(rri, sizeof rri, "%.2f", *row.rri);
    const std::string name = row.method.name() + (row.chosen      ? " **(chosen)**"
                                                  : row.reference ? " (reference)"
                                                                  : "");
    std::snprintf(line, sizeof line, "| %s | %s | %.2f%% | %.1f | %s | %lld of %lld |\n",
                  row.layer.c_str(), name.c_str(), 100 * row.area_share, row.pai, rri,
                  static_cast<long long>(row.captured), static_cast<long long>(row.test_total));
    text += line;
  }
  return text;
}

}  // namespace hotspot::hotspots
