// Getis-Ord Gi* hot and cold spots on grid counts with a fixed distance band, two-sided normal
// p-values, Benjamini–Hochberg false discovery rate and 90/95/99% confidence classes — the
// same statistic as ArcGIS's Hot Spot Analysis (Getis & Ord 1992; Ord & Getis 1995).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::hotspots {

struct GiStarResult {
  std::vector<double> z;  // per cell; NaN outside the study area
  // Benjamini–Hochberg adjusted two-sided p-value, per cell; NaN outside. The p-values themselves
  // are not kept: nothing reads them, and on a national grid they were another 128 MB.
  std::vector<double> q;
  std::vector<int8_t> confidence;  // +99/+95/+90 hot, −99/−95/−90 cold, 0 not significant
  int64_t cells_tested = 0;
};

// Incidents per cell (points outside the grid are ignored).
std::vector<double> cell_counts(const GridSpec& spec, const std::vector<double>& x,
                                const std::vector<double>& y);

// Gi* for every in-area cell, with binary weights for in-area cells whose centres are within
// distance_cells (in cell widths) of the cell, the cell itself included (1.5: 8 neighbours + self):
//   Gi* = (Σ_j w_ij x_j − X̄ W_i) / (S √((n W_i − W_i²)/(n − 1))),  W_i = Σ_j w_ij,
// X̄ and S the mean and (population) standard deviation of the n in-area counts.
// Rows are shared between `threads` workers; the result is the same for any count.
GiStarResult gi_star(const GridSpec& spec, const std::vector<double>& counts,
                     const std::vector<uint8_t>& inside, double distance_cells, int threads = 1);

// Benjamini–Hochberg adjusted p-values (q-values), in the input's order; the ranking is sorted on
// `threads` workers, with the same result for any count.
std::vector<double> benjamini_hochberg(const std::vector<double>& p_values, int threads = 1);

// Two-sided p-value of a standard normal z-score.
double two_sided_p(double z);

}  // namespace hotspot::hotspots
