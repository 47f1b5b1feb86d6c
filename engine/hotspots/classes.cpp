#include "engine/hotspots/classes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace hotspot::hotspots {

Thresholds class_thresholds(const DensityGrid& grid, ThresholdRule rule,
                            const std::array<double, 3>& levels) {
  Thresholds t;
  std::vector<double> inside, nonzero;
  for (double v : grid.density_per_km2) {
    if (std::isnan(v)) continue;
    inside.push_back(v);
    if (v > 0) nonzero.push_back(v);
  }
  t.nonzero_cells = static_cast<int64_t>(nonzero.size());
  if (nonzero.empty()) {
    t.density_per_km2 = {INFINITY, INFINITY, INFINITY};
    t.description = "no non-zero cells: no hotspots";
    return t;
  }
  double sum = 0, sum_squares = 0;
  for (double v : nonzero) {
    sum += v;
    sum_squares += v * v;
  }
  t.mean_nonzero = sum / double(nonzero.size());
  t.sd_nonzero = std::sqrt(
      std::max(0.0, sum_squares / double(nonzero.size()) - t.mean_nonzero * t.mean_nonzero));
  const double smallest = *std::min_element(nonzero.begin(), nonzero.end());
  char text[160];
  if (rule == ThresholdRule::mean_sd) {
    for (size_t c = 0; c < 3; ++c) t.density_per_km2[c] = t.mean_nonzero + levels[c] * t.sd_nonzero;
    std::snprintf(text, sizeof text,
                  "mean + k·SD of the non-zero cells in the study area, k = %g, %g, %g", levels[0],
                  levels[1], levels[2]);
  } else if (rule == ThresholdRule::mean_multiple) {
    for (size_t c = 0; c < 3; ++c) t.density_per_km2[c] = levels[c] * t.mean_nonzero;
    std::snprintf(text, sizeof text,
                  "k × the mean of the non-zero cells in the study area, k = %g, %g, %g", levels[0],
                  levels[1], levels[2]);
  } else {
    std::sort(inside.begin(), inside.end(), std::greater<>());
    for (size_t c = 0; c < 3; ++c) {
      const auto take = static_cast<size_t>(std::ceil(levels[c] / 100 * double(inside.size())));
      t.density_per_km2[c] = inside[std::clamp<size_t>(take, 1, inside.size()) - 1];
    }
    std::snprintf(text, sizeof text, "the hottest p%% of the study area's cells, p = %g, %g, %g",
                  levels[0], levels[1], levels[2]);
  }
  for (double& threshold : t.density_per_km2) threshold = std::max(threshold, smallest);
  t.description = text;
  return t;
}

std::vector<uint8_t> classify(const DensityGrid& grid, const Thresholds& thresholds) {
  std::vector<uint8_t> classes(grid.density_per_km2.size(), 0);
  for (size_t i = 0; i < classes.size(); ++i) {
    const double v = grid.density_per_km2[i];
    if (std::isnan(v) || v <= 0) continue;
    for (uint8_t c = 3; c >= 1; --c)
      if (v >= thresholds.density_per_km2[c - 1]) {
        classes[i] = c;
        break;
      }
  }
  return classes;
}

std::vector<std::vector<uint32_t>> hot_components(const GridSpec& spec,
                                                  const std::vector<uint8_t>& classes) {
  std::vector<std::vector<uint32_t>> components;
  std::vector<uint8_t> seen(classes.size(), 0);
  std::vector<uint32_t> stack;
  for (uint32_t start = 0; start < classes.size(); ++start) {
    if (!classes[start] || seen[start]) continue;
    std::vector<uint32_t> cells;
    stack.push_back(start);
    seen[start] = 1;
    while (!stack.empty()) {
      const uint32_t cell = stack.back();
      stack.pop_back();
      cells.push_back(cell);
      const auto column = static_cast<int32_t>(cell % static_cast<uint32_t>(spec.columns));
      const auto row = static_cast<int32_t>(cell / static_cast<uint32_t>(spec.columns));
      const int32_t neighbours[4][2] = {
          {column - 1, row}, {column + 1, row}, {column, row - 1}, {column, row + 1}};
      for (const auto& [c, r] : neighbours) {
        if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows) continue;
        const auto next = static_cast<uint32_t>(spec.index(c, r));
        if (classes[next] && !seen[next]) {
          seen[next] = 1;
          stack.push_back(next);
        }
      }
    }
    std::sort(cells.begin(), cells.end());
    components.push_back(std::move(cells));
  }
  return components;
}

}  // namespace hotspot::hotspots
