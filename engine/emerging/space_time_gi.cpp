#include "engine/emerging/space_time_gi.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
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
  // Whole counts: the sums are exact, whatever the order.
  for (size_t i = 0; i < cells; ++i)
    if (cube.inside[i])
      for (int t = 0; t < cube.steps; ++t) {
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
  const ZCut at_most_fdr(fdr);
  const int workers = std::max(1, threads);
  std::vector<std::vector<double>> low_p(static_cast<size_t>(workers));
  parallel_for(static_cast<size_t>(spec.rows), workers, [&](size_t begin, size_t end, int worker) {
    std::vector<double>& kept = low_p[static_cast<size_t>(worker)];
    std::vector<GiBin> series;
    for (auto row = static_cast<int32_t>(begin); row < static_cast<int32_t>(end); ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        if (!cube.inside[spec.index(column, row)]) continue;
        series_z(column, row, series);
        for (const GiBin& bin : series)
          if (at_most_fdr.may_pass(bin.z)) {
            const double p = hotspots::two_sided_p(bin.z);
            if (p <= fdr) kept.push_back(p);
          }
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
  cut_ = ZCut(p_cutoff_);
}

SpaceTimeGiStar::ZCut::ZCut(double p) {
  // erfc is only evaluated near the cut: ±1e-9 of |z| moves p by ~1e-8 relative, far more than
  // erfc's and erfc_inv's few units in the last place, so the answer away from it is the same.
  if (p > 0 && p < 1 && std::isnormal(p)) {
    const double z = std::sqrt(2.0) * boost::math::erfc_inv(p);
    below_ = z * (1 - 1e-9);
  }
}

void SpaceTimeGiStar::series_z(int32_t column, int32_t row, std::vector<GiBin>& out) const {
  const GridSpec& spec = cube_.spec;
  const int steps = cube_.steps;
  out.assign(static_cast<size_t>(steps), GiBin{0, 0, 0});
  // The neighbours' counts at each step first (held in local_sum), then each bin's window of
  // steps over them, from the last step back so that each step's sum is read before it is
  // replaced. The counts are whole numbers, so the sums are exact in any order (up to 2^53).
  double neighbours = 0;
  for (const auto& [dx, dy] : offsets_) {
    const int32_t c = column + dx, r = row + dy;
    if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows || !cube_.inside[spec.index(c, r)])
      continue;
    const float* counts = cube_.series(spec.index(c, r));
    for (int t = 0; t < steps; ++t) out[static_cast<size_t>(t)].local_sum += counts[t];
    neighbours += 1;
  }
  for (int t = steps - 1; t >= 0; --t) {
    GiBin& bin = out[static_cast<size_t>(t)];
    for (int s = std::max(0, t - window_); s < t; ++s)
      bin.local_sum += out[static_cast<size_t>(s)].local_sum;
    const double weight = neighbours * double(t - std::max(0, t - window_) + 1);
    const double spread = double(tests_) * weight - weight * weight;
    if (sd_ > 0 && spread > 0)
      bin.z = (bin.local_sum - mean_ * weight) / (sd_ * std::sqrt(spread / double(tests_ - 1)));
  }
}

void SpaceTimeGiStar::cell_series(int32_t column, int32_t row, std::vector<GiBin>& out) const {
  if (!cube_.inside[cube_.spec.index(column, row)] || tests_ < 2) {
    out.assign(static_cast<size_t>(cube_.steps), GiBin{NAN, 0, 0});
    return;
  }
  series_z(column, row, out);
  for (GiBin& bin : out)
    if (p_cutoff_ >= 0 && bin.z != 0 && cut_.may_pass(bin.z) &&
        hotspots::two_sided_p(bin.z) <= p_cutoff_)
      bin.significance = static_cast<int8_t>(bin.z > 0 ? 1 : -1);
}

}  // namespace hotspot::emerging
