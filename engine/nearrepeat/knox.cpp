#include "engine/nearrepeat/knox.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "engine/core/errors.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/random.hpp"
#include "engine/nearrepeat/close_pairs.hpp"

namespace hotspot::nearrepeat {

namespace {

// Pairs per temporal column over ALL pairs, from the histogram of dates: a permutation moves
// dates between locations but keeps their multiset, so these totals are the same in every
// permutation, and the "beyond" row is each column's total less the close rows.
std::vector<int64_t> pairs_per_column(const std::vector<int32_t>& day, const BandOptions& bands) {
  std::vector<int64_t> totals(static_cast<size_t>(bands.columns()), 0);
  if (day.size() < 2) return totals;
  const auto [low, high] = std::minmax_element(day.begin(), day.end());
  const int64_t span = static_cast<int64_t>(*high) - *low + 1;
  std::vector<int64_t> histogram(static_cast<size_t>(span), 0);
  for (int32_t d : day) ++histogram[static_cast<size_t>(d - *low)];
  int64_t within = 0;
  for (int64_t gap = 0; gap < std::min<int64_t>(span, bands.max_days()); ++gap) {
    int64_t count = 0;
    for (int64_t d = 0; d + gap < span; ++d)
      count += gap == 0 ? histogram[d] * (histogram[d] - 1) / 2 : histogram[d] * histogram[d + gap];
    totals[static_cast<size_t>(bands.column_of(gap))] += count;
    within += count;
  }
  const int64_t n = static_cast<int64_t>(day.size());
  totals.back() = n * (n - 1) / 2 - within;
  return totals;
}

// Counts the close pairs of one date assignment into `table` (close rows × columns, zeroed).
void count_close_pairs(const ClosePairs& pairs, const std::vector<int32_t>& day,
                       const std::vector<uint8_t>& column_of_gap, int columns, int64_t* table) {
  const size_t last_gap = column_of_gap.size() - 1;
  for (size_t p = 0; p < pairs.size(); ++p) {
    const int64_t gap = std::abs(static_cast<int64_t>(day[pairs.first[p]]) - day[pairs.second[p]]);
    const uint8_t column = column_of_gap[std::min(static_cast<size_t>(gap), last_gap)];
    ++table[pairs.row[p] * columns + column];
  }
}

// Completes a table whose close rows are counted: the "beyond" row is what each column's total
// leaves over.
void fill_beyond_row(const BandOptions& bands, const std::vector<int64_t>& column_totals,
                     int64_t* table) {
  const int columns = bands.columns(), beyond = bands.close_rows();
  for (int c = 0; c < columns; ++c) {
    int64_t close = 0;
    for (int r = 0; r < beyond; ++r) close += table[r * columns + c];
    table[beyond * columns + c] = column_totals[static_cast<size_t>(c)] - close;
  }
}

}  // namespace

void KnoxOptions::validate() const {
  bands.validate();
  if (permutations < 1 || permutations > 100000)
    throw ConfigError("the number of permutations must be between 1 and 100000 (default 999)");
}

uint64_t permutation_seed(uint64_t seed, int permutation) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (static_cast<uint64_t>(permutation) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void shuffle_days(std::vector<int32_t>& days, uint64_t seed, int permutation) {
  Random random(permutation_seed(seed, permutation));
  for (size_t i = days.size(); i > 1; --i) std::swap(days[i - 1], days[random.below(i)]);
}

KnoxTable knox_test(const std::vector<double>& x_m, const std::vector<double>& y_m,
                    const std::vector<int32_t>& day, const KnoxOptions& options) {
  options.validate();
  if (x_m.size() != y_m.size() || x_m.size() != day.size())
    throw ConfigError("knox_test: x, y and day must have the same length");
  const BandOptions& bands = options.bands;
  KnoxTable table;
  table.bands = bands;
  table.permutations = options.permutations;
  table.events = static_cast<int64_t>(x_m.size());
  table.pairs = table.events * (table.events - 1) / 2;
  const size_t cells = static_cast<size_t>(bands.rows() * bands.columns());
  table.observed.assign(cells, 0);

  const ClosePairs pairs = find_close_pairs(x_m, y_m, bands, options.threads);
  table.close_pairs = static_cast<int64_t>(pairs.size());
  const std::vector<int64_t> column_totals = pairs_per_column(day, bands);
  // The column of every day gap below the last band, and one more entry for "beyond".
  std::vector<uint8_t> column_of_gap(static_cast<size_t>(bands.max_days()) + 1);
  for (size_t gap = 0; gap < column_of_gap.size(); ++gap)
    column_of_gap[gap] = static_cast<uint8_t>(bands.column_of(static_cast<int64_t>(gap)));

  count_close_pairs(pairs, day, column_of_gap, bands.columns(), table.observed.data());
  fill_beyond_row(bands, column_totals, table.observed.data());

  const auto permutations = static_cast<size_t>(options.permutations);
  table.permuted.assign(permutations * cells, 0);
  parallel_for(permutations, options.threads, [&](size_t begin, size_t end, int) {
    std::vector<int32_t> shuffled;
    for (size_t k = begin; k < end; ++k) {
      shuffled = day;
      shuffle_days(shuffled, options.seed, static_cast<int>(k));
      int64_t* counts = table.permuted.data() + k * cells;
      count_close_pairs(pairs, shuffled, column_of_gap, bands.columns(), counts);
      fill_beyond_row(bands, column_totals, counts);
    }
  });

  table.expected.assign(cells, 0);
  table.knox_ratio.assign(cells, NAN);
  table.p_value.assign(cells, NAN);
  table.p_value_fewer.assign(cells, NAN);
  for (size_t c = 0; c < cells; ++c) {
    int64_t sum = 0, at_least = 0, at_most = 0;
    for (size_t k = 0; k < permutations; ++k) {
      const int64_t count = table.permuted[k * cells + c];
      sum += count;
      at_least += count >= table.observed[c];
      at_most += count <= table.observed[c];
    }
    table.expected[c] = static_cast<double>(sum) / static_cast<double>(permutations);
    if (table.expected[c] > 0)
      table.knox_ratio[c] = static_cast<double>(table.observed[c]) / table.expected[c];
    table.p_value[c] = static_cast<double>(at_least + 1) / static_cast<double>(permutations + 1);
    table.p_value_fewer[c] =
        static_cast<double>(at_most + 1) / static_cast<double>(permutations + 1);
  }
  return table;
}

}  // namespace hotspot::nearrepeat
