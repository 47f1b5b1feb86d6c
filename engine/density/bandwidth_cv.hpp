// Automatic bandwidth by likelihood cross-validation: the bandwidth under which each point is
// best predicted by all the others. Deterministic (fixed subsample), fast enough for 100k points.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "engine/density/kernel.hpp"

namespace hotspot::density {

struct BandwidthSearch {
  double bandwidth_m = 0;  // for the requested kernel, scaled to the full number of points
  std::vector<std::pair<double, double>> scores;  // (candidate bandwidth m, mean log-likelihood)
  size_t sample_size = 0;
  std::string rule;  // how it was chosen, for summary.json and metadata
};

// Candidates: `candidate_count` bandwidths spaced geometrically from minimum_m to maximum_m.
// The likelihood is computed with a Gaussian kernel (every point gets a non-zero leave-one-out
// density, which compact kernels cannot promise) whose spread E[r²] equals the requested
// kernel's; on more than `maximum_sample` points, an evenly spaced subsample is scored and the
// winner scaled by (sample/n)^(1/6), the rate at which optimal 2-D bandwidths shrink with n.
// Throws ConfigError for fewer than 3 points or a bad range.
BandwidthSearch cross_validated_bandwidth(const std::vector<double>& x,
                                          const std::vector<double>& y, Kernel kernel,
                                          double minimum_m, double maximum_m,
                                          int candidate_count = 12, size_t maximum_sample = 4000);

}  // namespace hotspot::density
