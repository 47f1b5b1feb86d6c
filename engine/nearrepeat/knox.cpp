#include "engine/nearrepeat/knox.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

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

// Permutations are counted in batches of kBatch: one pass over the close pairs serves a whole
// batch, whose shuffled days (as 16-bit offsets from the first day) sit side by side per event in
// one cache line, so the pair list is read once per batch rather than once per permutation. Per
// row and per temporal band edge the batch accumulates how many pairs are closer in time than
// the edge (in 16-bit lanes, added into 64-bit totals before they could overflow); the cells
// follow by difference. GCC/Clang vector extensions (portable SSE2 code, no intrinsics).
constexpr int kBatch = 32;
// Eight lanes in one SSE2 register; four make a batch (wider generic vectors compile to scalar
// comparisons without AVX).
using Eight = int16_t __attribute__((vector_size(16)));
constexpr int kParts = kBatch / 8;
struct alignas(64) Lanes {
  Eight part[kParts];
  // A setter rather than a reference: Clang does not bind references to vector elements.
  void set(size_t lane, int16_t value) { part[lane / 8][lane % 8] = value; }
  int16_t operator[](size_t lane) const { return part[lane / 8][lane % 8]; }
  static Lanes all(int16_t value) {
    Lanes lanes;
    for (Eight& part : lanes.part) part = Eight{} + value;
    return lanes;
  }
};
constexpr size_t kFlushPairs = 32767;  // a 16-bit lane counts at most this many pairs

// days[event]: the event's day offset in each of the batch's permutations (or the observed day
// in every lane). closer[(row * bands + t) * kBatch + lane]: pairs of `row` less than edge t
// days apart.
void count_batch(const ClosePairs& pairs, const std::vector<Lanes>& days,
                 const std::vector<int16_t>& edges, std::vector<int64_t>& closer) {
  std::fill(closer.begin(), closer.end(), 0);
  const size_t bands = edges.size();
  std::vector<Eight> edge(bands);
  std::vector<Lanes> counts(closer.size() / kBatch);
  for (size_t t = 0; t < bands; ++t) edge[t] = Eight{} + edges[t];
  for (size_t block = 0; block < pairs.size(); block += kFlushPairs) {
    std::fill(counts.begin(), counts.end(), Lanes::all(0));
    const size_t end = std::min(pairs.size(), block + kFlushPairs);
    for (size_t p = block; p < end; ++p) {
      const Lanes& a = days[pairs.first[p]];
      const Lanes& b = days[pairs.second[p]];
      Lanes* row = counts.data() + static_cast<size_t>(pairs.row[p]) * bands;
      for (int part = 0; part < kParts; ++part) {
        Eight gap = a.part[part] - b.part[part];
        const Eight sign = gap >> 15;
        gap = (gap ^ sign) - sign;  // |gap|: offsets are under 32768 days, so no overflow
        for (size_t t = 0; t < bands; ++t)
          row[t].part[part] -= gap < edge[t];  // a true comparison is −1
      }
    }
    for (size_t c = 0; c < counts.size(); ++c)
      for (int k = 0; k < kBatch; ++k) closer[c * kBatch + static_cast<size_t>(k)] += counts[c][k];
  }
}

// Lane k of a counted batch as a full table: cells by difference of the band edges, the last
// column from the row's total (fixed: the close pairs of each row do not change), the "beyond"
// row from each column's total over all pairs (fixed too: the dates' multiset does not change).
void unpack_lane(const BandOptions& bands, const std::vector<int64_t>& closer, int lane,
                 const std::vector<int64_t>& row_totals, const std::vector<int64_t>& column_totals,
                 int64_t* table) {
  const int columns = bands.columns(), edges = bands.temporal_bands;
  for (int r = 0; r < bands.close_rows(); ++r) {
    int64_t previous = 0;
    for (int t = 0; t < edges; ++t) {
      const int64_t below = closer[(static_cast<size_t>(r) * edges + t) * kBatch + lane];
      table[r * columns + t] = below - previous;
      previous = below;
    }
    table[r * columns + edges] = row_totals[static_cast<size_t>(r)] - previous;
  }
  const int beyond = bands.close_rows();
  for (int c = 0; c < columns; ++c) {
    int64_t close = 0;
    for (int r = 0; r < beyond; ++r) close += table[r * columns + c];
    table[beyond * columns + c] = column_totals[static_cast<size_t>(c)] - close;
  }
}

// Events in grid-cell order, so that pairs touch nearby memory (the result does not depend on it).
std::vector<uint32_t> spatial_order(const std::vector<double>& x, const std::vector<double>& y,
                                    double cell_m) {
  std::vector<uint32_t> order(x.size());
  std::iota(order.begin(), order.end(), 0u);
  if (x.empty()) return order;
  const double x0 = *std::min_element(x.begin(), x.end());
  const double y0 = *std::min_element(y.begin(), y.end());
  std::vector<std::pair<int64_t, int64_t>> key(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    key[i] = {static_cast<int64_t>((y[i] - y0) / cell_m),
              static_cast<int64_t>((x[i] - x0) / cell_m)};
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
  return order;
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

  // Work in spatial order; permutations are still defined on the input order (shuffle_days).
  const std::vector<uint32_t> order = spatial_order(x_m, y_m, bands.max_distance_m());
  std::vector<double> x(order.size()), y(order.size());
  for (size_t i = 0; i < order.size(); ++i) x[i] = x_m[order[i]], y[i] = y_m[order[i]];
  const ClosePairs pairs = find_close_pairs(x, y, bands, options.threads);
  table.close_pairs = static_cast<int64_t>(pairs.size());
  if (pairs.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    throw ConfigError("more than 2 billion pairs within " + std::to_string(bands.max_distance_m()) +
                      " m: narrow the spatial bands or test a shorter period");
  const std::vector<int64_t> column_totals = pairs_per_column(day, bands);
  std::vector<int64_t> row_totals(static_cast<size_t>(bands.close_rows()), 0);
  for (uint8_t row : pairs.row) ++row_totals[row];
  // Days as 16-bit offsets from the first; band edges beyond the span act as "no limit".
  const int32_t first_day = day.empty() ? 0 : *std::min_element(day.begin(), day.end());
  const int32_t last_day = day.empty() ? 0 : *std::max_element(day.begin(), day.end());
  if (last_day - first_day > 32766)
    throw ConfigError("the events span more than 89 years: test a shorter period with --from/--to");
  std::vector<int16_t> edges;  // temporal band edges in days: 14, 28, ...
  for (int t = 0; t < bands.temporal_bands; ++t)
    edges.push_back(static_cast<int16_t>(std::min(bands.column_to_days(t), 32767)));
  auto offset = [&](int32_t value) { return static_cast<int16_t>(value - first_day); };
  const size_t closer_size = static_cast<size_t>(bands.close_rows()) * edges.size() * kBatch;

  {  // The observed table: every lane holds the observed days.
    std::vector<Lanes> days(order.size());
    std::vector<int64_t> closer(closer_size);
    for (size_t i = 0; i < order.size(); ++i) days[i] = Lanes::all(offset(day[order[i]]));
    count_batch(pairs, days, edges, closer);
    unpack_lane(bands, closer, 0, row_totals, column_totals, table.observed.data());
  }

  const auto permutations = static_cast<size_t>(options.permutations);
  const size_t batches = (permutations + kBatch - 1) / kBatch;
  table.permuted.assign(permutations * cells, 0);
  parallel_for(batches, options.threads, [&](size_t begin, size_t end, int) {
    std::vector<int32_t> shuffled;
    std::vector<Lanes> days(order.size());
    std::vector<int64_t> closer(closer_size);
    for (size_t batch = begin; batch < end; ++batch) {
      const size_t first = batch * kBatch, lanes = std::min<size_t>(kBatch, permutations - first);
      for (size_t lane = 0; lane < kBatch; ++lane) {
        // Spare lanes of the last batch repeat its first permutation and are not read.
        shuffled = day;
        shuffle_days(shuffled, options.seed, static_cast<int>(first + (lane < lanes ? lane : 0)));
        for (size_t i = 0; i < order.size(); ++i) days[i].set(lane, offset(shuffled[order[i]]));
      }
      count_batch(pairs, days, edges, closer);
      for (size_t lane = 0; lane < lanes; ++lane)
        unpack_lane(bands, closer, static_cast<int>(lane), row_totals, column_totals,
                    table.permuted.data() + (first + lane) * cells);
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
