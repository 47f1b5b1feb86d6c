#include "engine/emerging/mann_kendall.hpp"

#include <algorithm>
#include <cstdint>

namespace hotspot::emerging {

namespace {

constexpr double kTie = 1e-9;

// Branch-free: the sign of a difference in a noisy series is as good as random, and a branch on
// it mispredicted about half the time (2.7 -> 1.3 us per 26-step series without).
int sign(double difference) {
  return static_cast<int>(difference > kTie) - static_cast<int>(difference < -kTie);
}

}  // namespace

MannKendall mann_kendall(const std::vector<double>& series) {
  MannKendall result;
  const int n = static_cast<int>(series.size());
  result.n = n;
  if (n < 2) return result;
  int64_t pairs_sum = 0;  // whole numbers: the same total in any order
  for (int i = 0; i < n; ++i) {
    int row_sum = 0;
    for (int j = i + 1; j < n; ++j) row_sum += sign(series[j] - series[i]);
    pairs_sum += row_sum;
  }
  const auto s = static_cast<double>(pairs_sum);
  // Groups of tied values: sort, then walk runs within the tie tolerance.
  std::vector<double> sorted(series);
  std::sort(sorted.begin(), sorted.end());
  double ties = 0;
  for (int i = 0; i < n;) {
    int j = i + 1;
    while (j < n && sorted[j] - sorted[j - 1] <= kTie) ++j;
    const double t = j - i;
    ties += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  result.s = s;
  result.variance = (double(n) * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
  result.tau = s / (double(n) * (n - 1) / 2);
  if (result.variance > 0 && s != 0)
    result.z = (s > 0 ? s - 1 : s + 1) / std::sqrt(result.variance);
  result.p = std::erfc(std::fabs(result.z) / std::sqrt(2.0));
  return result;
}

}  // namespace hotspot::emerging
