// The Knox test for space-time interaction (Knox 1964) as Ratcliffe's Near Repeat Calculator runs
// it: every pair of events is counted in a table of spatial × temporal bands; the event dates are
// then shuffled among the locations (Monte Carlo permutation) to see how many pairs each cell
// holds by chance. Knox ratio = observed / mean of the permutations; p = (r + 1) / (n + 1) where
// r is the number of permutations with at least the observed count. Deterministic for a seed,
// whatever the thread count: permutation k draws from its own generator, seeded from (seed, k).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/nearrepeat/bands.hpp"

namespace hotspot::nearrepeat {

struct KnoxOptions {
  BandOptions bands;
  int permutations = 999;
  uint64_t seed = 1;
  int threads = 2;
  // Throws ConfigError for bad bands or a permutation count outside 1..100000.
  void validate() const;
};

struct KnoxTable {
  BandOptions bands;
  int permutations = 0;
  int64_t events = 0;
  int64_t pairs = 0;        // n (n − 1) / 2: every pair, in some cell
  int64_t close_pairs = 0;  // pairs closer than the last spatial band
  // Row-major (bands.rows() × bands.columns()); the last row and column are "beyond".
  std::vector<int64_t> observed;
  std::vector<double> expected;       // mean over the permutations
  std::vector<double> knox_ratio;     // observed / expected; NaN when expected is 0
  std::vector<double> p_value;        // more pairs than chance: (#perm ≥ observed + 1) / (n + 1)
  std::vector<double> p_value_fewer;  // fewer than chance: (#perm ≤ observed + 1) / (n + 1)
  // Every permutation's table (permutations × cells), kept for pooled tests of several cells.
  std::vector<int64_t> permuted;

  size_t cell(int row, int column) const {
    return static_cast<size_t>(row) * static_cast<size_t>(bands.columns()) +
           static_cast<size_t>(column);
  }
  size_t cells() const { return observed.size(); }
};

// Throws ConfigError for bad options or inputs of different lengths. `day` is the event's date as
// whole days (any origin). Fewer than two events give a table of zeros.
KnoxTable knox_test(const std::vector<double>& x_m, const std::vector<double>& y_m,
                    const std::vector<int32_t>& day, const KnoxOptions& options);

// The seed of permutation k's generator (splitmix64 of seed and k), so that any worker can draw
// any permutation.
uint64_t permutation_seed(uint64_t seed, int permutation);

// Shuffles `days` in place as permutation k does (Fisher–Yates with the generator above).
void shuffle_days(std::vector<int32_t>& days, uint64_t seed, int permutation);

}  // namespace hotspot::nearrepeat
