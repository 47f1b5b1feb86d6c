// Every pair of events closer than the Knox test's last spatial band, found once through a
// uniform grid whose cells are at least that distance wide (only the 3 × 3 neighbouring cells can
// hold a close partner). The permutation test then re-bins only these pairs' time differences.
// Guarantee: exactly the pairs i < j with distance < bands.max_distance_m(), each once, in an
// order that depends only on the input (never on the thread count).
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/nearrepeat/bands.hpp"

namespace hotspot::nearrepeat {

struct ClosePairs {
  std::vector<uint32_t> first, second;  // event indices, first < second
  std::vector<uint8_t> row;             // the spatial row of the pair (BandOptions::row_of)
  size_t size() const { return first.size(); }
};

// Throws ConfigError when there are more events than 32-bit indices hold.
ClosePairs find_close_pairs(const std::vector<double>& x_m, const std::vector<double>& y_m,
                            const BandOptions& bands, int threads);

// The distance between two points under the chosen metric.
inline double distance_m(DistanceMetric metric, double dx, double dy) {
  return metric == DistanceMetric::euclidean ? std::sqrt(dx * dx + dy * dy)
                                             : std::fabs(dx) + std::fabs(dy);
}

}  // namespace hotspot::nearrepeat
