#include "engine/emerging/space_time_gi.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/parallel.hpp"
#include "engine/hotspots/gi_star.hpp"

namespace hotspot::emerging {

// Hand-written: no library computes Gi* over a space-time cube; the formula is the header's,
// tested against a brute-force version of it.
SpaceTimeGiStar::SpaceTimeGiStar(const SpaceTimeCube& cube, double distance_cells, int window,
                                 double fdr, int threads)
    : cube_(cube), window_(window) {
  const GridSpec& spec = cube.spec;
  const size_t cells = spec.cell_count();
  double sum = 0, sum_squares = 0;
  for (int t = 0; t < cube.steps; ++t)
    for (size_t i = 0; i < cells; ++i)
      if (cube.inside[i]) {
        sum += cube.at(t, i);
        sum_squares += cube.at(t, i) * cube.at(t, i);
        ++tests_;
      }
  if (tests_ < 2) return;
  mean_ = sum / double(tests_);
  sd_ = std::sqrt(std::max(0.0, sum_squares / double(tests_) - mean_ * mean_));
  const auto reach = static_cast<int32_t>(std::floor(distance_cells));
  for (int32_t dy = -reach; dy <= reach; ++dy)
    for (int32_t dx = -reach; dx <= reach; ++dx)
      if (dx * dx + dy * dy <= distance_cells * distance_cells) offsets_.emplace_back(dx, dy);

  // Benjamini–Hochberg: bin i's q-value is min over ranks k ≥ rank_i of p_(k)·m/k, so q_i ≤ fdr
  // exactly when p_i ≤ p_(k*), k* the highest rank with p_(k*)·m/k* ≤ fdr (tied p-values share
  // their q-value). Such a p-value is at most fdr, and those are the lowest ranks, so only the
  // p-values at most fdr are kept and sorted: a few percent of the cube, not all of it.
  const int workers = std::max(1, threads);
  std::vector<std::vector<double>> low_p(static_cast<size_t>(workers));
  parallel_for(static_cast<size_t>(spec.rows), workers, [&](size_t begin, size_t end, int worker) {
    std::vector<double>& kept = low_p[static_cast<size_t>(worker)];
    for (int t = 0; t < cube.steps; ++t)
      for (auto row = static_cast<int32_t>(begin); row < static_cast<int32_t>(end); ++row)
        for (int32_t column = 0; column < spec.columns; ++column) {
          if (!cube.inside[spec.index(column, row)]) continue;
          double local = 0;
          const double p = hotspots::two_sided_p(z_of(t, column, row, &local));
          if (p <= fdr) kept.push_back(p);
        }
  });
  std::vector<double> sorted;
  for (const auto& kept : low_p) sorted.insert(sorted.end(), kept.begin(), kept.end());
  std::sort(sorted.begin(), sorted.end());
  // The same arithmetic as hotspots::benjamini_hochberg's q-values.
  for (size_t rank = sorted.size(); rank-- > 0;)
    if (sorted[rank] * double(tests_) / double(rank + 1) <= fdr) {
      p_cutoff_ = sorted[rank];
      break;
    }
}

double SpaceTimeGiStar::z_of(int step, int32_t column, int32_t row, double* local_sum) const {
  const GridSpec& spec = cube_.spec;
  const int first_step = std::max(0, step - window_);
  double local = 0, neighbours = 0;
  for (const auto& [dx, dy] : offsets_) {
    const int32_t c = column + dx, r = row + dy;
    if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows || !cube_.inside[spec.index(c, r)])
      continue;
    const size_t neighbour = spec.index(c, r);
    double windowed = 0;  // Σ over the window's steps, then over the neighbours (as summed before)
    for (int s = first_step; s <= step; ++s) windowed += cube_.at(s, neighbour);
    local += windowed;
    neighbours += 1;
  }
  *local_sum = local;
  const double weight = neighbours * double(step - first_step + 1);
  const double spread = double(tests_) * weight - weight * weight;
  if (sd_ > 0 && spread > 0)
    return (local - mean_ * weight) / (sd_ * std::sqrt(spread / double(tests_ - 1)));
  return 0;
}

void SpaceTimeGiStar::cell_series(int32_t column, int32_t row, std::vector<GiBin>& out) const {
  out.assign(static_cast<size_t>(cube_.steps), GiBin{NAN, 0, 0});
  if (!cube_.inside[cube_.spec.index(column, row)] || tests_ < 2) return;
  for (int t = 0; t < cube_.steps; ++t) {
    GiBin& bin = out[static_cast<size_t>(t)];
    bin.z = z_of(t, column, row, &bin.local_sum);
    if (bin.z != 0 && hotspots::two_sided_p(bin.z) <= p_cutoff_)
      bin.significance = static_cast<int8_t>(bin.z > 0 ? 1 : -1);
  }
}

}  // namespace hotspot::emerging
