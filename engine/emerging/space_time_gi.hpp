// Getis-Ord Gi* in a space-time cube, as ArcGIS's Emerging Hot Spot Analysis computes it: each
// bin (cell × time step) is compared with the whole cube, its neighbourhood being the in-area
// cells within a distance at the same step and the `window` steps before it (ArcGIS's
// neighbourhood time step; fewer at the start of the series):
//   Gi* = (Σ_j x_j − X̄ W) / (S √((n W − W²)/(n − 1))),
// with binary weights, W the number of neighbour bins, X̄ and S the mean and (population)
// standard deviation of all n in-area bins of the cube. Two-sided normal p-values, corrected
// for multiple testing by the Benjamini–Hochberg false discovery rate over every bin; a bin is
// a significant hot (cold) spot when its q-value is at most `fdr` and z > 0 (< 0).
//
// No per-bin result is held: a national cube has ~50M bins, and each per-bin array of doubles
// is 400 MB. The constructor walks every bin once to fix the FDR's p-value cut-off; a cell's
// series is then computed when asked for.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::emerging {

struct SpaceTimeCube {
  GridSpec spec;
  int steps = 0;
  // [cell × steps + step]: each cell's series side by side, so that a cell's neighbourhood is a
  // few cache lines, not one per step. Whole counts, exact in a float up to 2^24 per bin (half
  // the memory of doubles, the same sums).
  std::vector<float> counts;
  std::vector<uint8_t> inside;  // per cell: in the study area
  size_t bin(int step, size_t cell) const {
    return cell * static_cast<size_t>(steps) + static_cast<size_t>(step);
  }
  double at(int step, size_t cell) const { return counts[bin(step, cell)]; }
  const float* series(size_t cell) const { return counts.data() + bin(0, cell); }
};

// One bin's statistic.
struct GiBin {
  double z = 0;             // NaN outside the study area
  double local_sum = 0;     // Σ_j x_j over the bin's neighbourhood (for public mode)
  int8_t significance = 0;  // +1 hot, −1 cold, 0 not significant (also outside)
};

class SpaceTimeGiStar {
 public:
  // Walks every bin once (on `threads` threads) for the false discovery rate's cut-off.
  SpaceTimeGiStar(const SpaceTimeCube& cube, double distance_cells, int window, double fdr,
                  int threads = 1);
  // The bins of the cell at (column, row), one per step.
  void cell_series(int32_t column, int32_t row, std::vector<GiBin>& out) const;
  int64_t tests() const { return tests_; }  // in-area bins
  // A bin is significant when its p-value is at most this (−1 when none is).
  double p_cutoff() const { return p_cutoff_; }

 private:
  // |z| below which a two-sided p-value is surely over p (no cut when p is 0, 1 or subnormal):
  // erfc is then evaluated only near the cut.
  class ZCut {
   public:
    ZCut() = default;
    explicit ZCut(double p);
    bool may_pass(double z) const { return !(std::fabs(z) < below_); }

   private:
    double below_ = 0;
  };
  // The z and neighbourhood sum of every step of an in-area cell.
  void series_z(int32_t column, int32_t row, std::vector<GiBin>& out) const;

  const SpaceTimeCube& cube_;
  int window_ = 0;
  std::vector<std::pair<int32_t, int32_t>> offsets_;
  int64_t tests_ = 0;
  double mean_ = 0, sd_ = 0;
  double p_cutoff_ = -1;
  ZCut cut_;
};

}  // namespace hotspot::emerging
