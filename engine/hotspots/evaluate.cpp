#include "engine/hotspots/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "engine/core/atomic_file.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/selection.hpp"

namespace hotspot::hotspots {

namespace {

constexpr double kShares[] = {0.01, 0.03, 0.05, 0.10};

std::vector<size_t> top_cells(const std::vector<double>& score, const std::vector<uint8_t>& inside, size_t count) {
  std::vector<size_t> cells;
  for (size_t i = 0; i < score.size(); ++i)
    if (inside[i]) cells.push_back(i);
  count = std::min(count, cells.size());
  std::partial_sort(cells.begin(), cells.begin() + static_cast<ptrdiff_t>(count), cells.end(), [&](size_t a, size_t b) {
    const double sa = std::isnan(score[a]) ? -INFINITY : score[a], sb = std::isnan(score[b]) ? -INFINITY : score[b];
    return sa != sb ? sa > sb : a < b;
  });
  cells.resize(count);
  return cells;
}

// Fit incidents per km² of each ward (area measured in in-area cells), given to its cells.
std::vector<double> ward_rate_score(const GridSpec& spec, const std::vector<double>& fit_counts,
                                    const std::vector<uint8_t>& inside, const join::WardLocator& locator, size_t ward_count) {
  std::vector<int32_t> ward_of(spec.cell_count(), kOutside);
  std::vector<double> count(ward_count, 0), cells(ward_count, 0);
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < spec.columns; ++column) {
      const size_t i = spec.index(column, row);
      if (!inside[i]) continue;
      const int32_t ward = locator.locate(spec.centre_x(column), spec.centre_y(row));
      if (ward == kOutside) continue;
      ward_of[i] = ward;
      count[static_cast<size_t>(ward)] += fit_counts[i];
      cells[static_cast<size_t>(ward)] += 1;
    }
  std::vector<double> score(spec.cell_count(), std::nan(""));
  for (size_t i = 0; i < score.size(); ++i)
    if (ward_of[i] != kOutside) score[i] = count[static_cast<size_t>(ward_of[i])] / cells[static_cast<size_t>(ward_of[i])];
  return score;
}

std::string month_text(int32_t month) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", month / 12, month % 12 + 1);
  return text;
}

}  // namespace

ShareScore score_at_share(const std::vector<double>& score, const std::vector<double>& fit_counts,
                          const std::vector<double>& test_counts, const std::vector<uint8_t>& inside, double area_share) {
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
  const auto count = static_cast<size_t>(std::max<int64_t>(1, std::llround(area_share * double(inside_cells))));
  const std::vector<size_t> flagged = top_cells(score, inside, count);
  const std::vector<size_t> best = top_cells(test_counts, inside, count);
  s.cells = static_cast<int64_t>(flagged.size());
  for (size_t i : flagged) {
    s.fit_inside += static_cast<int64_t>(fit_counts[i]);
    s.test_inside += static_cast<int64_t>(test_counts[i]);
  }
  for (size_t i : best) s.best_inside += static_cast<int64_t>(test_counts[i]);
  const double flagged_share = double(s.cells) / double(std::max<int64_t>(1, inside_cells));
  if (test_total > 0 && flagged_share > 0) s.pai = (double(s.test_inside) / test_total) / flagged_share;
  if (s.fit_inside > 0 && test_total > 0 && fit_total > 0)
    s.rri = (double(s.test_inside) / double(s.fit_inside)) / (test_total / fit_total);
  s.pei = s.best_inside > 0 ? double(s.test_inside) / double(s.best_inside) : 0;
  return s;
}

nlohmann::json evaluate(const IncidentTable& incidents, const WardSet& wards, const join::WardLocator& locator,
                        const std::vector<LayerDefinition>& layers, const HotspotOptions& options, MonthRange fit,
                        MonthRange test, const std::string& out_dir) {
  std::filesystem::create_directories(out_dir);
  const density::GridChoice grid = density::choose_grid(wards.extent, options.cell_size_m, options.bandwidth_m);
  const GridSpec& spec = grid.spec;
  const std::vector<uint8_t> inside = study_area_mask(spec, locator);
  nlohmann::json result;
  result["fit"] = {{"from", month_text(fit.from_month)}, {"to", month_text(fit.to_month)}};
  result["test"] = {{"from", month_text(test.from_month)}, {"to", month_text(test.to_month)}};
  result["cell_size_m"] = spec.cell_size_m;
  result["bandwidth_m"] = grid.bandwidth_m;
  result["rows"] = nlohmann::json::array();
  std::string csv = "layer,method,area_share,cells,fit_incidents,test_incidents,fit_inside,test_inside,pai,rri,pei\n";
  std::string markdown = "| layer | method | area | PAI | RRI | PEI | test incidents captured |\n| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const LayerDefinition& layer : layers) {
    const LayerSelection fitted = select_layer(incidents, locator, layer, fit.from_month, fit.to_month);
    const LayerSelection tested = select_layer(incidents, locator, layer, test.from_month, test.to_month);
    const std::vector<double> fit_counts = cell_counts(spec, fitted.x, fitted.y);
    const std::vector<double> test_counts = cell_counts(spec, tested.x, tested.y);
    density::KdeOptions kde{options.kernel, grid.bandwidth_m, options.gaussian_cutoff_sigmas, options.threads};
    DensityGrid surface = density::estimate_density(fitted.x, fitted.y, spec, kde);
    density::apply_study_area(surface, inside, options.edge_correction, kde);
    const std::vector<std::pair<std::string, std::vector<double>>> methods = {
        {"kde", surface.density_per_km2},
        {"gi_star", gi_star(spec, fit_counts, inside, options.gi_distance_cells).z},
        {"grid_counts", fit_counts},
        {"ward_ranking", ward_rate_score(spec, fit_counts, inside, locator, wards.size())}};
    for (const auto& [method, score] : methods)
      for (double share : kShares) {
        const ShareScore s = score_at_share(score, fit_counts, test_counts, inside, share);
        nlohmann::json row = {{"layer", layer.name}, {"method", method}, {"area_share", share}, {"cells", s.cells},
                              {"fit_incidents", fitted.rows.size()}, {"test_incidents", tested.rows.size()},
                              {"fit_inside", s.fit_inside}, {"test_inside", s.test_inside}, {"pai", s.pai},
                              {"rri", s.rri ? nlohmann::json(*s.rri) : nlohmann::json()}, {"pei", s.pei}};
        result["rows"].push_back(row);
        char line[256];
        std::snprintf(line, sizeof line, "%s,%s,%.2f,%lld,%zu,%zu,%lld,%lld,%.3f,%s,%.3f\n", layer.name.c_str(),
                      method.c_str(), share, static_cast<long long>(s.cells), fitted.rows.size(), tested.rows.size(),
                      static_cast<long long>(s.fit_inside), static_cast<long long>(s.test_inside), s.pai,
                      s.rri ? std::to_string(*s.rri).c_str() : "", s.pei);
        csv += line;
        char rri[32] = "–";
        if (s.rri) std::snprintf(rri, sizeof rri, "%.2f", *s.rri);
        std::snprintf(line, sizeof line, "| %s | %s | %.0f%% | %.2f | %s | %.2f | %lld of %zu |\n", layer.name.c_str(),
                      method.c_str(), 100 * share, s.pai, rri, s.pei, static_cast<long long>(s.test_inside),
                      tested.rows.size());
        markdown += line;
      }
  }
  write_file_atomically(out_dir + "/evaluation.csv", csv);
  write_file_atomically(out_dir + "/evaluation.md",
                        "# Hotspot evaluation\n\nFit " + month_text(fit.from_month) + " to " + month_text(fit.to_month) +
                            ", scored on " + month_text(test.from_month) + " to " + month_text(test.to_month) +
                            ". PAI = share of test incidents / share of area; RRI = (test/fit inside) / (test/fit overall); "
                            "PEI = PAI / best PAI possible at that share.\n\n" + markdown);
  return result;
}

}  // namespace hotspot::hotspots
