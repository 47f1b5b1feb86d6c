// Getis-Ord Gi* in a space-time cube, as ArcGIS's Emerging Hot Spot Analysis computes it: each
// bin (cell × time step) is compared with the whole cube, its neighbourhood being the in-area
// cells within a distance at the same step and the `window` steps before it (ArcGIS's
// neighbourhood time step; fewer at the start of the series):
//   Gi* = (Σ_j x_j − X̄ W) / (S √((n W − W²)/(n − 1))),
// with binary weights, W the number of neighbour bins, X̄ and S the mean and (population)
// standard deviation of all n in-area bins of the cube. Two-sided normal p-values, corrected
// for multiple testing by the Benjamini–Hochberg false discovery rate over every bin; a bin is
// a significant hot (cold) spot when its q-value is at most `fdr` and z > 0 (< 0).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::emerging {

struct SpaceTimeCube {
  GridSpec spec;
  int steps = 0;
  std::vector<double> counts;   // [step × cells + cell]
  std::vector<uint8_t> inside;  // per cell: in the study area
  double at(int step, size_t cell) const {
    return counts[static_cast<size_t>(step) * spec.cell_count() + cell];
  }
};

struct SpaceTimeGi {
  std::vector<double> z;             // [step × cells + cell]; NaN outside the study area
  std::vector<double> q;             // Benjamini–Hochberg adjusted p-values; NaN outside
  std::vector<int8_t> significance;  // +1 hot, −1 cold, 0 not significant (also outside)
  std::vector<double> local_sum;     // Σ_j x_j over each bin's neighbourhood (for public mode)
};

SpaceTimeGi space_time_gi_star(const SpaceTimeCube& cube, double distance_cells, int window,
                               double fdr);

}  // namespace hotspot::emerging
