#include "engine/emerging/space_time_gi.hpp"

#include <cmath>

#include "engine/hotspots/gi_star.hpp"

namespace hotspot::emerging {

// Hand-written: no library computes Gi* over a space-time cube; the formula is the header's,
// tested against a brute-force version of it.
SpaceTimeGi space_time_gi_star(const SpaceTimeCube& cube, double distance_cells, int window,
                               double fdr) {
  const GridSpec& spec = cube.spec;
  const size_t cells = spec.cell_count(), bins = cells * static_cast<size_t>(cube.steps);
  SpaceTimeGi result;
  result.z.assign(bins, NAN);
  result.significance.assign(bins, 0);
  result.local_sum.assign(bins, 0);
  double sum = 0, sum_squares = 0;
  int64_t n = 0;
  for (int t = 0; t < cube.steps; ++t)
    for (size_t i = 0; i < cells; ++i)
      if (cube.inside[i]) {
        sum += cube.at(t, i);
        sum_squares += cube.at(t, i) * cube.at(t, i);
        ++n;
      }
  if (n < 2) {
    result.q.assign(bins, NAN);
    return result;
  }
  const double mean = sum / double(n);
  const double sd = std::sqrt(std::max(0.0, sum_squares / double(n) - mean * mean));
  const auto reach = static_cast<int32_t>(std::floor(distance_cells));
  std::vector<std::pair<int32_t, int32_t>> offsets;
  for (int32_t dy = -reach; dy <= reach; ++dy)
    for (int32_t dx = -reach; dx <= reach; ++dx)
      if (dx * dx + dy * dy <= distance_cells * distance_cells) offsets.emplace_back(dx, dy);

  // The bins tested are the inside cells at every step, in (step, row, column) order; the loops
  // below and after the FDR correction walk them in that order, so their indices need no list
  // (at national scale the cube has ~50M bins, and every per-bin array is 400 MB).
  std::vector<double> p_values;
  // Counts summed over one step's time window: windowed[i] = Σ_{s = t−window}^{t} counts[s][i].
  std::vector<double> windowed(cells, 0);
  for (int t = 0; t < cube.steps; ++t) {
    for (size_t i = 0; i < cells; ++i) {
      double total = 0;
      for (int s = std::max(0, t - window); s <= t; ++s) total += cube.at(s, i);
      windowed[i] = total;
    }
    const double steps_in_window = t - std::max(0, t - window) + 1;
    for (int32_t row = 0; row < spec.rows; ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const size_t i = spec.index(column, row);
        if (!cube.inside[i]) continue;
        double local = 0, neighbours = 0;
        for (const auto& [dx, dy] : offsets) {
          const int32_t c = column + dx, r = row + dy;
          if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows ||
              !cube.inside[spec.index(c, r)])
            continue;
          local += windowed[spec.index(c, r)];
          neighbours += 1;
        }
        const double weight = neighbours * steps_in_window;
        const double spread = double(n) * weight - weight * weight;
        double z = 0;
        if (sd > 0 && spread > 0)
          z = (local - mean * weight) / (sd * std::sqrt(spread / double(n - 1)));
        const size_t bin = static_cast<size_t>(t) * cells + i;
        result.z[bin] = z;
        result.local_sum[bin] = local;
        p_values.push_back(hotspots::two_sided_p(z));
      }
  }
  // q gets its per-bin array only once the ranking's memory is free again.
  const std::vector<double> q = hotspots::benjamini_hochberg(p_values);
  p_values = {};
  result.q.assign(bins, NAN);
  size_t k = 0;
  for (int t = 0; t < cube.steps; ++t)
    for (int32_t row = 0; row < spec.rows; ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const size_t i = spec.index(column, row);
        if (!cube.inside[i]) continue;
        const size_t bin = static_cast<size_t>(t) * cells + i;
        result.q[bin] = q[k];
        if (q[k] <= fdr && result.z[bin] != 0)
          result.significance[bin] = static_cast<int8_t>(result.z[bin] > 0 ? 1 : -1);
        ++k;
      }
  return result;
}

}  // namespace hotspot::emerging
