#include "engine/hotspots/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "engine/core/atomic_file.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/density/kde.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/join/grid_wards.hpp"

namespace hotspot::hotspots {

namespace {

constexpr double kShares[] = {0.01, 0.03, 0.05, 0.10};

std::vector<size_t> top_cells(const std::vector<double>& score, const std::vector<uint8_t>& inside,
                              size_t count) {
  std::vector<size_t> cells;
  for (size_t i = 0; i < score.size(); ++i)
    if (inside[i]) cells.push_back(i);
  count = std::min(count, cells.size());
  std::partial_sort(cells.begin(), cells.begin() + static_cast<ptrdiff_t>(count), cells.end(),
                    [&](size_t a, size_t b) {
                      const double sa = std::isnan(score[a]) ? -INFINITY : score[a],
                                   sb = std::isnan(score[b]) ? -INFINITY : score[b];
                      return sa != sb ? sa > sb : a < b;
                    });
  cells.resize(count);
  return cells;
}

// Fit incidents per km² of each ward (area measured in in-area cells), given to its cells.
std::vector<double> ward_rate_score(const std::vector<double>& fit_counts,
                                    const std::vector<int32_t>& cell_wards, size_t ward_count) {
  std::vector<double> count(ward_count, 0), cells(ward_count, 0);
  for (size_t i = 0; i < cell_wards.size(); ++i) {
    if (cell_wards[i] == kOutside) continue;
    count[static_cast<size_t>(cell_wards[i])] += fit_counts[i];
    cells[static_cast<size_t>(cell_wards[i])] += 1;
  }
  std::vector<double> score(cell_wards.size(), std::nan(""));
  for (size_t i = 0; i < score.size(); ++i)
    if (cell_wards[i] != kOutside)
      score[i] =
          count[static_cast<size_t>(cell_wards[i])] / cells[static_cast<size_t>(cell_wards[i])];
  return score;
}

}  // namespace

ShareScore score_at_share(const std::vector<double>& score, const std::vector<double>& fit_counts,
                          const std::vector<double>& test_counts,
                          const std::vector<uint8_t>& inside, double area_share) {
  ShareScore s;
  s.area_share = area_share;
  double fit_total = 0, test_total = 0;
  int64_t inside_cells = 0;
  for (size_t i = 0; i < inside.size(); ++i)
    if (inside[i]) {
      fit_total += fit_counts[i];
      test_total += test_counts[i];
      ++inside_cells;
    }
  const auto count =
      static_cast<size_t>(std::max<int64_t>(1, std::llround(area_share * double(inside_cells))));
  const std::vector<size_t> flagged = top_cells(score, inside, count);
  const std::vector<size_t> best = top_cells(test_counts, inside, count);
  s.cells = static_cast<int64_t>(flagged.size());
  for (size_t i : flagged) {
    s.fit_inside += static_cast<int64_t>(fit_counts[i]);
    s.test_inside += static_cast<int64_t>(test_counts[i]);
  }
  for (size_t i : best) s.best_inside += static_cast<int64_t>(test_counts[i]);
  const double flagged_share = double(s.cells) / double(std::max<int64_t>(1, inside_cells));
  if (test_total > 0 && flagged_share > 0)
    s.pai = (double(s.test_inside) / test_total) / flagged_share;
  if (s.fit_inside > 0 && test_total > 0 && fit_total > 0)
    s.rri = (double(s.test_inside) / double(s.fit_inside)) / (test_total / fit_total);
  s.pei = s.best_inside > 0 ? double(s.test_inside) / double(s.best_inside) : 0;
  return s;
}

EvaluationResult evaluate(const IncidentTable& incidents, const WardSet& wards,
                          const join::WardLocator& locator,
                          const std::vector<LayerDefinition>& layers, const HotspotOptions& options,
                          MonthRange fit, MonthRange test, int threads) {
  const density::GridChoice grid =
      density::choose_grid(wards.extent, options.cell_size_m, options.bandwidth_m);
  const GridSpec& spec = grid.spec;
  const std::vector<int32_t> cell_wards = join::ward_of_cells(spec, locator, threads);
  const std::vector<uint8_t> inside = join::inside_mask(cell_wards);
  EvaluationResult result{fit, test, spec.cell_size_m, grid.bandwidth_m, {}};
  for (const LayerDefinition& layer : layers) {
    const LayerSelection fitted = select_layer(incidents, layer, fit.from_month, fit.to_month);
    const LayerSelection tested = select_layer(incidents, layer, test.from_month, test.to_month);
    const std::vector<double> fit_counts = cell_counts(spec, fitted.x, fitted.y);
    const std::vector<double> test_counts = cell_counts(spec, tested.x, tested.y);
    density::KdeOptions kde{options.kernel, grid.bandwidth_m, options.gaussian_cutoff_sigmas,
                            threads};
    DensityGrid surface = density::estimate_density(fitted.x, fitted.y, spec, kde);
    density::apply_study_area(surface, inside, options.edge_correction, kde);
    const std::vector<std::pair<std::string, std::vector<double>>> methods = {
        {"kde", surface.density_per_km2},
        {"gi_star", gi_star(spec, fit_counts, inside, options.gi_distance_cells).z},
        {"grid_counts", fit_counts},
        {"ward_ranking", ward_rate_score(fit_counts, cell_wards, wards.size())}};
    for (const auto& [method, score] : methods)
      for (double share : kShares)
        result.rows.push_back(
            EvaluationRow{layer.name, method, static_cast<int64_t>(fitted.rows.size()),
                          static_cast<int64_t>(tested.rows.size()),
                          score_at_share(score, fit_counts, test_counts, inside, share)});
  }
  return result;
}

void write_evaluation_csv(const EvaluationResult& result, const std::string& path) {
  std::string csv =
      std::string(kCsvByteOrderMark) +
      "layer,method,area_share,cells,fit_incidents,test_incidents,fit_inside,test_inside,pai,rri,"
      "pei\n";
  char line[256];
  for (const EvaluationRow& row : result.rows) {
    const ShareScore& s = row.score;
    std::snprintf(line, sizeof line, "%s,%s,%.2f,%lld,%lld,%lld,%lld,%lld,%.3f,%s,%.3f\n",
                  row.layer.c_str(), row.method.c_str(), s.area_share,
                  static_cast<long long>(s.cells), static_cast<long long>(row.fit_incidents),
                  static_cast<long long>(row.test_incidents), static_cast<long long>(s.fit_inside),
                  static_cast<long long>(s.test_inside), s.pai,
                  s.rri ? std::to_string(*s.rri).c_str() : "", s.pei);
    csv += line;
  }
  write_file_atomically(path, csv);
}

std::string evaluation_markdown(const EvaluationResult& result) {
  std::string markdown =
      "# Hotspot evaluation\n\nFit " + month_label(result.fit.from_month) + " to " +
      month_label(result.fit.to_month) + ", scored on " + month_label(result.test.from_month) +
      " to " + month_label(result.test.to_month) +
      ". PAI = share of test incidents / share of area; RRI = (test/fit inside) / (test/fit "
      "overall); PEI = PAI / best PAI possible at that share.\n\n";
  markdown +=
      "| layer | method | area | PAI | RRI | PEI | test incidents captured |\n| --- | --- | --- | "
      "--- | --- | --- | --- |\n";
  char line[256];
  for (const EvaluationRow& row : result.rows) {
    const ShareScore& s = row.score;
    char rri[32] = "–";
    if (s.rri) std::snprintf(rri, sizeof rri, "%.2f", *s.rri);
    std::snprintf(line, sizeof line, "| %s | %s | %.0f%% | %.2f | %s | %.2f | %lld of %lld |\n",
                  row.layer.c_str(), row.method.c_str(), 100 * s.area_share, s.pai, rri, s.pei,
                  static_cast<long long>(s.test_inside),
                  static_cast<long long>(row.test_incidents));
    markdown += line;
  }
  return markdown;
}

}  // namespace hotspot::hotspots
