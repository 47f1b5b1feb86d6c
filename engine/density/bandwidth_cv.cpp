#include "engine/density/bandwidth_cv.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>

#include "engine/core/errors.hpp"

namespace hotspot::density {

namespace {

constexpr double kCutoffSigmas = 4;

// Points grouped by square buckets of side `bucket_m`, for neighbour search.
struct Buckets {
  double bucket_m;
  std::unordered_map<int64_t, std::vector<uint32_t>> members;  // built once, not in a hot loop
  static int64_t key(int64_t bx, int64_t by) { return bx * 4'000'003 + by; }
};

}  // namespace

BandwidthSearch cross_validated_bandwidth(const std::vector<double>& x,
                                          const std::vector<double>& y, Kernel kernel,
                                          double minimum_m, double maximum_m, int candidate_count,
                                          size_t maximum_sample) {
  std::vector<double> sx, sy;
  for (size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      sx.push_back(x[i]);
      sy.push_back(y[i]);
    }
  const size_t n = sx.size();
  if (n < 3) throw ConfigError("automatic bandwidth needs at least 3 points");
  if (!(minimum_m > 0) || !(maximum_m > minimum_m) || candidate_count < 2)
    throw ConfigError("automatic bandwidth needs 0 < minimum < maximum and 2+ candidates");
  const size_t m = std::min(n, maximum_sample);
  std::vector<double> px(m), py(m);
  for (size_t i = 0; i < m; ++i) {
    const size_t source = i * n / m;
    px[i] = sx[source];
    py[i] = sy[source];
  }
  // Gaussian σ with the same E[r²] as the requested kernel at bandwidth h: 2σ² = E₁·h².
  const double sigma_per_h = std::sqrt(mean_squared_radius(kernel) / 2);
  const auto k_count = static_cast<size_t>(candidate_count);
  std::vector<double> bandwidths(k_count), sigma(k_count);
  for (size_t k = 0; k < k_count; ++k) {
    bandwidths[k] = minimum_m * std::pow(maximum_m / minimum_m, double(k) / double(k_count - 1));
    sigma[k] = bandwidths[k] * sigma_per_h;
  }
  Buckets buckets{kCutoffSigmas * sigma.back(), {}};
  for (uint32_t i = 0; i < m; ++i)
    buckets
        .members[Buckets::key(static_cast<int64_t>(std::floor(px[i] / buckets.bucket_m)),
                              static_cast<int64_t>(std::floor(py[i] / buckets.bucket_m)))]
        .push_back(i);
  // sums[i·K + k]: Σ_{j≠i} exp(−d²/2σ_k²) over neighbours within the cutoff.
  std::vector<double> sums(m * k_count, 0.0);
  std::vector<double> inverse_two_sigma2(k_count), cutoff2(k_count);
  for (size_t k = 0; k < k_count; ++k) {
    inverse_two_sigma2[k] = 1 / (2 * sigma[k] * sigma[k]);
    cutoff2[k] = kCutoffSigmas * kCutoffSigmas * sigma[k] * sigma[k];
  }
  for (uint32_t i = 0; i < m; ++i) {
    const auto bx = static_cast<int64_t>(std::floor(px[i] / buckets.bucket_m));
    const auto by = static_cast<int64_t>(std::floor(py[i] / buckets.bucket_m));
    for (int64_t dx = -1; dx <= 1; ++dx)
      for (int64_t dy = -1; dy <= 1; ++dy) {
        const auto found = buckets.members.find(Buckets::key(bx + dx, by + dy));
        if (found == buckets.members.end()) continue;
        for (uint32_t j : found->second) {
          if (j <= i) continue;  // each pair once, credited to both points
          const double ex = px[i] - px[j], ey = py[i] - py[j];
          const double d2 = ex * ex + ey * ey;
          for (size_t k = k_count; k-- > 0;) {
            if (d2 >= cutoff2[k]) break;  // smaller σ only cut off sooner
            const double value = std::exp(-d2 * inverse_two_sigma2[k]);
            sums[i * k_count + k] += value;
            sums[j * k_count + k] += value;
          }
        }
      }
  }
  BandwidthSearch search;
  search.sample_size = m;
  double best_score = -std::numeric_limits<double>::infinity();
  double best_h = bandwidths.front();
  for (size_t k = 0; k < k_count; ++k) {
    const double norm = 1 / (2 * std::numbers::pi * sigma[k] * sigma[k] * double(m - 1));
    // A point alone within the cutoff scores as if one neighbour sat at the cutoff.
    const double floor_value = std::exp(-0.5 * kCutoffSigmas * kCutoffSigmas);
    double total = 0;
    for (size_t i = 0; i < m; ++i)
      total += std::log(norm * std::max(sums[i * k_count + k], floor_value));
    const double score = total / double(m);
    search.scores.emplace_back(bandwidths[k], score);
    if (score > best_score) {
      best_score = score;
      best_h = bandwidths[k];
    }
  }
  search.bandwidth_m = best_h * std::pow(double(m) / double(n), 1.0 / 6.0);
  search.rule = "likelihood cross-validation (Gaussian at equal spread) on " + std::to_string(m) +
                " of " + std::to_string(n) + " points, " + std::to_string(candidate_count) +
                " candidates" + (m < n ? ", scaled by (sample/n)^(1/6)" : "");
  return search;
}

}  // namespace hotspot::density
