#include "engine/emerging/mann_kendall.hpp"

#include <algorithm>

namespace hotspot::emerging {

namespace {

constexpr double kTie = 1e-9;

int sign(double difference) { return difference > kTie ? 1 : difference < -kTie ? -1 : 0; }

}  // namespace

MannKendall mann_kendall(const std::vector<double>& series) {
  MannKendall result;
  const int n = static_cast<int>(series.size());
  result.n = n;
  if (n < 2) return result;
  double s = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) s += sign(series[j] - series[i]);
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
