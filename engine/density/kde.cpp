#include "engine/density/kde.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <numbers>
#include <string>

#include "engine/core/errors.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/parallel.hpp"

namespace hotspot::density {

namespace {

constexpr double kM2PerKm2 = 1e6;

// Points counting-sorted by the grid row they fall in (stable, so summation order is fixed),
// including rows within the kernel's reach beyond the grid's edges.
struct BinnedPoints {
  int32_t first_row = 0;
  std::vector<uint32_t> bin_start;  // bin b holds points [bin_start[b], bin_start[b + 1])
  // Left unset until the placing pass writes every slot, on all threads (huge_pages.hpp).
  // x is kept only for kernels whose cells are tested against the point itself (uniform,
  // triangular, Gaussian): the quartic and Epanechnikov rows need only `column` and y.
  std::unique_ptr<double[]> x, y;
  std::unique_ptr<double[]> weight;  // null: every point weighs 1
  std::unique_ptr<double[]> column;  // (x − xmin)/cell − 0.5: x in column-centre units
};

BinnedPoints bin_points(const std::vector<double>& x, const std::vector<double>& y,
                        const std::vector<double>* weight, const GridSpec& spec, int32_t reach,
                        bool keep_x, int threads) {
  BinnedPoints binned;
  binned.first_row = -reach;
  const int32_t bins = spec.rows + 2 * reach;
  // Worked out again when placing rather than stored: a column of a million bins is 4 MB of
  // fresh pages, each page fault dearer than the division.
  auto bin_of = [&](size_t i) -> int32_t {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) return -1;
    const double row = std::floor((y[i] - spec.ymin) / spec.cell_size_m);
    if (row < -reach || row >= spec.rows + reach) return -1;
    return static_cast<int32_t>(row) + reach;
  };
  // Counted and placed on all threads: each chunk of points gets its own run of slots in every
  // bin, chunks in order, so the order within a bin is the input's whatever the thread count.
  threads = std::max(1, std::min<int>(threads, static_cast<int>(x.size() / 65536) + 1));
  std::vector<std::vector<uint32_t>> counts(static_cast<size_t>(threads));
  parallel_for(x.size(), threads, [&](size_t begin, size_t end, int worker) {
    std::vector<uint32_t>& count = counts[static_cast<size_t>(worker)];
    count.assign(static_cast<size_t>(bins), 0);
    for (size_t i = begin; i < end; ++i)
      if (const int32_t bin = bin_of(i); bin >= 0) ++count[static_cast<size_t>(bin)];
  });
  // counts[w][b] becomes the first slot of worker w's points in bin b.
  binned.bin_start.assign(static_cast<size_t>(bins) + 1, 0);
  uint32_t slot = 0;
  for (size_t b = 0; b < static_cast<size_t>(bins); ++b) {
    binned.bin_start[b] = slot;
    for (auto& count : counts) {
      const uint32_t n = count[b];
      count[b] = slot;
      slot += n;
    }
  }
  binned.bin_start.back() = slot;
  if (keep_x) binned.x = unset_in_huge_pages<double>(slot);
  binned.y = unset_in_huge_pages<double>(slot);
  binned.column = unset_in_huge_pages<double>(slot);
  if (weight) binned.weight = unset_in_huge_pages<double>(slot);
  parallel_for(x.size(), threads, [&](size_t begin, size_t end, int worker) {
    std::vector<uint32_t>& next = counts[static_cast<size_t>(worker)];
    for (size_t i = begin; i < end; ++i) {
      const int32_t bin = bin_of(i);
      if (bin < 0) continue;
      const uint32_t at = next[static_cast<size_t>(bin)]++;
      if (keep_x) binned.x[at] = x[i];
      binned.y[at] = y[i];
      if (weight) binned.weight[at] = (*weight)[i];
      binned.column[at] = (x[i] - spec.xmin) / spec.cell_size_m - 0.5;
    }
  });
  return binned;
}

// Everything a row needs; each thread owns its scratch buffers.
struct RowJob {
  const GridSpec& spec;
  const BinnedPoints& points;
  const KdeOptions& options;
  double support_m;
  int32_t reach;
  int32_t block_shift;      // columns per block of running sums = 2^block_shift
  bool two_blocks_at_most;  // no point's columns on a row span more than two blocks
  double scale_per_km2;     // turns polynomial sums into incidents per km²
};

// The same inside test as the brute force (kernel_value_per_m2 is zero from r² ≥ h² on), so
// both methods cover exactly the same cells.
inline bool covers(const GridSpec& spec, int64_t column, double px, double dy2, double h2) {
  const double dx = spec.centre_x(static_cast<int32_t>(column)) - px;
  return dx * dx + dy2 < h2;
}

// floor/ceil for values well inside int64 range, inlined: the libm calls cost more than the
// rest of a point's work on a row (GCC does not inline them without SSE4.1).
inline int64_t floor_to_int(double value) {
  const auto truncated = static_cast<int64_t>(value);
  return truncated - (value < static_cast<double>(truncated));
}
inline int64_t ceil_to_int(double value) {
  const auto truncated = static_cast<int64_t>(value);
  return truncated + (value > static_cast<double>(truncated));
}

// Columns [first, last] whose centres lie strictly inside the kernel disc on this row. With
// `exact_edge` the ends are checked with the brute force's own test; kernels that vanish at
// r = h (quartic, Epanechnikov) skip the check, since a cell that rounding puts on the other
// side of the edge changes the sum by ~1e-30 of a point's peak.
inline bool column_range(const GridSpec& spec, double px, double p, double half, double dy2,
                         double h2, bool exact_edge, int64_t& first, int64_t& last) {
  // Far-away points (beyond ±2^62 columns) cannot reach the grid; keep the casts defined.
  if (!(std::abs(p) < 4e18)) return false;
  first = ceil_to_int(p - half);
  last = floor_to_int(p + half);
  if (exact_edge) {
    while (first <= last && !covers(spec, first, px, dy2, h2)) ++first;
    while (covers(spec, first - 1, px, dy2, h2)) --first;
    while (last >= first && !covers(spec, last, px, dy2, h2)) --last;
    while (covers(spec, last + 1, px, dy2, h2)) ++last;
  }
  first = std::max<int64_t>(first, 0);
  last = std::min<int64_t>(last, spec.columns - 1);
  return first <= last;
}

// Two doubles as one SSE2 register (every x86-64 CPU has SSE2); GCC's vector extension rather
// than intrinsics keeps the code portable. A slot's terms and its point count are added as
// pairs: the scatter of a point's terms into a row is bound by its stores, and pairs halve them.
using Pair = double __attribute__((vector_size(16)));

// A slot of a row holds a degree-`Degree` kernel's 2·Degree + 1 coefficients and then the count
// of points reaching the cell (a double, exact for any count): Degree + 1 pairs.
template <int Degree>
constexpr int kPairs = Degree + 1;

// Row j of a polynomial kernel. On a row at vertical offset dy the kernel is a polynomial in
// the column u: (a − (u − p)²)^degree with a = h² − dy² (cell units). Its coefficients are
// added where the point's columns start and subtracted after they end, so one prefix scan per
// row evaluates every point at once. Coefficients are taken about the centre of a short block
// of columns and the scan restarts per block, which keeps the cancellation error tiny.
template <int Degree>
void polynomial_row(const RowJob& job, int32_t row, std::vector<Pair>& slot_sums, double* out) {
  constexpr int kTerms = 2 * Degree + 1;
  constexpr int kSlotPairs = kPairs<Degree>;
  static_assert(2 * kSlotPairs == kTerms + 1);
  // Local copies: stores into `slot_sums` could alias these doubles otherwise, and the
  // compiler would reload (and re-divide) them for every point.
  const GridSpec spec = job.spec;
  const double h2 = job.options.bandwidth_m * job.options.bandwidth_m;
  const double inverse_cell2 = 1.0 / (spec.cell_size_m * spec.cell_size_m);
  const int32_t block_shift = job.block_shift;
  const int64_t block_size = int64_t{1} << block_shift;
  const double y_row = spec.centre_y(row);
  std::fill(slot_sums.begin(), slot_sums.end(), Pair{0.0, 0.0});
  Pair* const sums = slot_sums.data();
  // Column i of block b has slot i + b: each block has one slot more than columns, past its end,
  // which is written but never read. A point's terms are subtracted where its columns end, and
  // when they end at its block's end that lands in the spare slot instead of needing a test.
  const double* const xs = job.points.x.get();
  const double* const ys = job.points.y.get();
  const double* const columns = job.points.column.get();
  const double* const weights = job.points.weight.get();
  const int32_t bin_first = row;  // bin b holds grid row b − reach
  const int32_t bin_last =
      std::min<int32_t>(static_cast<int32_t>(job.points.bin_start.size()) - 2, row + 2 * job.reach);
  const uint32_t begin = job.points.bin_start[static_cast<size_t>(bin_first)];
  const uint32_t end = job.points.bin_start[static_cast<size_t>(bin_last) + 1];
  auto add = [&](int64_t slot, const Pair* delta) {
    Pair* at = sums + slot * kSlotPairs;
    for (int i = 0; i < kSlotPairs; ++i) at[i] += delta[i];
  };
  auto subtract = [&](int64_t slot, const Pair* delta) {
    Pair* at = sums + slot * kSlotPairs;
    for (int i = 0; i < kSlotPairs; ++i) at[i] -= delta[i];
  };
  // The point's weighted terms about `block`'s centre, and a count of one.
  auto terms = [&](double p, double a, int64_t block, double w, Pair* delta) {
    const double offset = p - (double(block << block_shift) + 0.5 * double(block_size - 1));
    const double q = a - offset * offset;
    double c[kTerms + 1];
    if constexpr (Degree == 2) {  // (−u² + 2·offset·u + q)²
      c[4] = 1;
      c[3] = -4 * offset;
      c[2] = 4 * offset * offset - 2 * q;
      c[1] = 4 * offset * q;
      c[0] = q * q;
    } else if constexpr (Degree == 1) {
      c[2] = -1;
      c[1] = 2 * offset;
      c[0] = q;
    } else {
      c[0] = 1;
    }
    for (int t = 0; t < kTerms; ++t) c[t] *= w;
    c[kTerms] = 1;
    for (int i = 0; i < kSlotPairs; ++i) delta[i] = Pair{c[2 * i], c[2 * i + 1]};
  };
  // In two passes over batches of points: first each point's column range on this row, then
  // its terms scattered into the slots. In one pass a point's long chain of dependent steps
  // (square root, rounding, terms, stores) left the CPU waiting; the first pass's points are
  // independent of each other, so they overlap.
  constexpr uint32_t kBatch = 128;
  struct Span {
    double p, a, w;
    int64_t first, last;
  };
  Span spans[kBatch];
  for (uint32_t batch = begin; batch < end; batch += kBatch) {
    const uint32_t batch_end = std::min(end, batch + kBatch);
    uint32_t count = 0;
    for (uint32_t k = batch; k < batch_end; ++k) {
      const double dy = y_row - ys[k];
      const double dy2 = dy * dy;
      if (dy2 >= h2) continue;
      Span& span = spans[count];
      span.p = columns[k];
      span.a = (h2 - dy2) * inverse_cell2;
      if (!column_range(spec, Degree == 0 ? xs[k] : 0.0, span.p, std::sqrt(span.a), dy2, h2,
                        Degree == 0, span.first, span.last))
        continue;
      span.w = weights ? weights[k] : 1.0;
      ++count;
    }
    for (uint32_t n = 0; n < count; ++n) {
      const auto [p, a, w, first, last] = spans[n];
      // Shifts, not divisions: this loop runs once per point and row.
      const int64_t first_block = first >> block_shift, last_block = last >> block_shift;
      if (job.two_blocks_at_most) {  // the usual case, without the loop's branches
        const bool second = last_block != first_block;
        Pair delta[kSlotPairs];
        terms(p, a, first_block, w, delta);
        add(first + first_block, delta);
        subtract(std::min(last + 1, (first_block + 1) << block_shift) + first_block, delta);
        if (second) {
          terms(p, a, last_block, w, delta);
          add((last_block << block_shift) + last_block, delta);
          subtract(last + 1 + last_block, delta);
        }
        continue;
      }
      for (int64_t block = first_block; block <= last_block; ++block) {
        Pair delta[kSlotPairs];
        terms(p, a, block, w, delta);
        add(std::max(first, block << block_shift) + block, delta);
        subtract(std::min(last + 1, (block + 1) << block_shift) + block, delta);
      }
    }
  }
  for (int64_t block_begin = 0, block = 0; block_begin < spec.columns;
       block_begin += block_size, ++block) {
    const int64_t block_end = std::min<int64_t>(block_begin + block_size, spec.columns);
    const double centre = block_begin + 0.5 * double(block_size - 1);
    Pair running[kSlotPairs] = {};
    for (int64_t i = block_begin; i < block_end; ++i) {
      const Pair* delta = sums + (i + block) * kSlotPairs;
      for (int s = 0; s < kSlotPairs; ++s) running[s] += delta[s];
      double sum[kTerms + 1];
      for (int s = 0; s < kSlotPairs; ++s) {
        sum[2 * s] = running[s][0];
        sum[2 * s + 1] = running[s][1];
      }
      const double u = static_cast<double>(i) - centre;
      double value = sum[kTerms - 1];
      for (int t = kTerms - 2; t >= 0; --t) value = value * u + sum[t];
      // Exact zero where no point reaches, and no negative rounding residue anywhere.
      out[i] = sum[kTerms] > 0.5 ? std::max(0.0, value) * job.scale_per_km2 : 0.0;
    }
  }
}

// Row j of a kernel that is not polynomial in the column (triangular, Gaussian): each point
// is evaluated at each covered cell centre of the row.
void stamped_row(const RowJob& job, int32_t row, double* out) {
  const GridSpec& spec = job.spec;
  const double support2 = job.support_m * job.support_m;
  const double y_row = spec.centre_y(row);
  std::fill(out, out + spec.columns, 0.0);
  const int32_t bin_first = row;
  const int32_t bin_last =
      std::min<int32_t>(static_cast<int32_t>(job.points.bin_start.size()) - 2, row + 2 * job.reach);
  const uint32_t begin = job.points.bin_start[static_cast<size_t>(bin_first)];
  const uint32_t end = job.points.bin_start[static_cast<size_t>(bin_last) + 1];
  for (uint32_t k = begin; k < end; ++k) {
    const double px = job.points.x[k];
    const double dy = y_row - job.points.y[k];
    const double dy2 = dy * dy;
    if (dy2 >= support2) continue;
    int64_t first = 0, last = 0;
    const double half = std::sqrt(support2 - dy2) / spec.cell_size_m;
    if (!column_range(spec, px, job.points.column[k], half, dy2, support2, true, first, last))
      continue;
    const double w = (job.points.weight ? job.points.weight[k] : 1.0) * kM2PerKm2;
    for (int64_t i = first; i <= last; ++i) {
      const double dx = spec.centre_x(static_cast<int32_t>(i)) - px;
      out[i] += w * kernel_value_per_m2(job.options.kernel, dx * dx + dy2, job.options.bandwidth_m,
                                        job.options.gaussian_cutoff_sigmas);
    }
  }
}

void check_inputs(const GridSpec& spec, const KdeOptions& options) {
  if (!(options.bandwidth_m > 0) || !std::isfinite(options.bandwidth_m))
    throw ConfigError("bandwidth must be a positive number of metres");
  if (!(spec.cell_size_m > 0) || spec.columns <= 0 || spec.rows <= 0)
    throw ConfigError("density grid needs a positive cell size and at least one row and column");
  if (options.kernel == Kernel::gaussian && !(options.gaussian_cutoff_sigmas > 0))
    throw ConfigError("gaussian_cutoff_sigmas must be positive");
}

// Runs the kernel over every row of `spec` on the workers. Each row is computed whole (every
// cell written, so nothing need be zeroed first) into its place in `grid`, or without a grid into
// the worker's own row buffer, then handed to `row_done(row, values)`, which may be called from
// any worker but never twice for a row.
template <typename RowDone>
void estimate_rows(const std::vector<double>& x, const std::vector<double>& y,
                   const std::vector<double>* weight, const GridSpec& spec,
                   const KdeOptions& options, double* grid, RowDone&& row_done) {
  check_inputs(spec, options);
  const double support_m =
      support_radius_m(options.kernel, options.bandwidth_m, options.gaussian_cutoff_sigmas);
  const auto reach = static_cast<int32_t>(std::ceil(support_m / spec.cell_size_m)) + 1;
  const bool keep_x = options.kernel != Kernel::quartic && options.kernel != Kernel::epanechnikov;
  const BinnedPoints points = bin_points(x, y, weight, spec, reach, keep_x, options.threads);
  const double h_cells = options.bandwidth_m / spec.cell_size_m;
  const double h2 = options.bandwidth_m * options.bandwidth_m;
  double scale = kM2PerKm2 / (std::numbers::pi * h2);
  if (options.kernel == Kernel::quartic) scale *= 3 / (h_cells * h_cells * h_cells * h_cells);
  if (options.kernel == Kernel::epanechnikov) scale *= 2 / (h_cells * h_cells);
  // Blocks a few bandwidths wide (a power of two, 16..256 columns): coefficients stay small
  // relative to the values they sum to.
  int32_t block_shift = 4;
  while (block_shift < 8 && double(int64_t{1} << block_shift) < 4.0 * std::ceil(h_cells))
    ++block_shift;
  const int64_t block_size = int64_t{1} << block_shift;
  // A row's columns in reach of a point: at most 2·h + 1 of them.
  const bool two_blocks_at_most = 2 * std::ceil(h_cells) + 2 <= double(block_size);
  const RowJob job{spec, points, options, support_m, reach, block_shift, two_blocks_at_most, scale};
  const size_t blocks = static_cast<size_t>((spec.columns + block_size - 1) / block_size);
  const size_t slots = blocks * static_cast<size_t>(block_size + 1);

  std::atomic<int32_t> next_row{0};
  parallel_workers(std::clamp(options.threads, 1, std::max(1, spec.rows)), [&](int) {
    std::vector<Pair> slot_sums;
    if (options.kernel == Kernel::quartic) slot_sums.resize(slots * kPairs<2>);
    if (options.kernel == Kernel::epanechnikov) slot_sums.resize(slots * kPairs<1>);
    if (options.kernel == Kernel::uniform) slot_sums.resize(slots * kPairs<0>);
    std::vector<double> row_buffer(grid ? 0 : static_cast<size_t>(spec.columns));
    for (int32_t row; (row = next_row.fetch_add(1)) < spec.rows;) {
      double* const out = grid ? grid + spec.index(0, row) : row_buffer.data();
      if (options.kernel == Kernel::quartic)
        polynomial_row<2>(job, row, slot_sums, out);
      else if (options.kernel == Kernel::epanechnikov)
        polynomial_row<1>(job, row, slot_sums, out);
      else if (options.kernel == Kernel::uniform)
        polynomial_row<0>(job, row, slot_sums, out);
      else
        stamped_row(job, row, out);
      row_done(row, static_cast<const double*>(out));
    }
  });
}

DensityGrid estimate(const std::vector<double>& x, const std::vector<double>& y,
                     const std::vector<double>* weight, const GridSpec& spec,
                     const KdeOptions& options) {
  DensityGrid grid;
  grid.spec = spec;
  reserve_in_huge_pages(grid.density_per_km2, spec.cell_count());
  grid.density_per_km2.resize(spec.cell_count());
  estimate_rows(x, y, weight, spec, options, grid.density_per_km2.data(),
                [](int32_t, const double*) {});
  return grid;
}

}  // namespace

DensityGrid estimate_density(const std::vector<double>& x, const std::vector<double>& y,
                             const GridSpec& spec, const KdeOptions& options) {
  if (x.size() != y.size()) throw ConfigError("x and y must have the same length");
  return estimate(x, y, nullptr, spec, options);
}

DensityGrid estimate_weighted_density(const std::vector<double>& x, const std::vector<double>& y,
                                      const std::vector<double>& weight, const GridSpec& spec,
                                      const KdeOptions& options) {
  if (x.size() != y.size() || x.size() != weight.size())
    throw ConfigError("x, y and weight must have the same length");
  return estimate(x, y, &weight, spec, options);
}

void estimate_weighted_counts(const std::vector<double>& x, const std::vector<double>& y,
                              const std::vector<double>& weight, const GridSpec& spec,
                              const KdeOptions& options, std::vector<float>& counts) {
  if (x.size() != y.size() || x.size() != weight.size())
    throw ConfigError("x, y and weight must have the same length");
  const double cell_km2 = spec.cell_size_m * spec.cell_size_m / kM2PerKm2;
  size_in_huge_pages(counts, spec.cell_count());  // read at random by forecasts' patrol areas
  estimate_rows(x, y, &weight, spec, options, nullptr, [&](int32_t row, const double* values) {
    float* out = &counts[spec.index(0, row)];
    for (int32_t column = 0; column < spec.columns; ++column)
      out[column] = static_cast<float>(values[column] * cell_km2);
  });
}

void estimate_density_north_up(const std::vector<double>& x, const std::vector<double>& y,
                               const GridSpec& spec, const KdeOptions& options,
                               const std::vector<uint8_t>* inside, float nodata, float* north_up) {
  if (x.size() != y.size()) throw ConfigError("x and y must have the same length");
  if (inside && inside->size() != spec.cell_count())
    throw ConfigError("study-area mask does not fit the grid");
  estimate_rows(x, y, nullptr, spec, options, nullptr, [&](int32_t row, const double* values) {
    float* out = north_up + spec.index(0, spec.rows - 1 - row);
    const uint8_t* in = inside ? inside->data() + spec.index(0, row) : nullptr;
    for (int32_t column = 0; column < spec.columns; ++column)
      out[column] = in && !in[column] ? nodata : static_cast<float>(values[column]);
  });
}

DensityGrid estimate_density_brute_force(const std::vector<double>& x, const std::vector<double>& y,
                                         const GridSpec& spec, const KdeOptions& options) {
  check_inputs(spec, options);
  DensityGrid grid;
  grid.spec = spec;
  grid.density_per_km2.assign(spec.cell_count(), 0.0);
  const double support_m =
      support_radius_m(options.kernel, options.bandwidth_m, options.gaussian_cutoff_sigmas);
  for (size_t k = 0; k < x.size(); ++k) {
    if (!std::isfinite(x[k]) || !std::isfinite(y[k])) continue;
    const double c0 = std::floor((x[k] - support_m - spec.xmin) / spec.cell_size_m) - 1;
    const double c1 = std::ceil((x[k] + support_m - spec.xmin) / spec.cell_size_m) + 1;
    const double r0 = std::floor((y[k] - support_m - spec.ymin) / spec.cell_size_m) - 1;
    const double r1 = std::ceil((y[k] + support_m - spec.ymin) / spec.cell_size_m) + 1;
    const auto column_first = static_cast<int32_t>(std::clamp<double>(c0, 0, spec.columns));
    const auto column_last = static_cast<int32_t>(std::clamp<double>(c1, -1, spec.columns - 1));
    const auto row_first = static_cast<int32_t>(std::clamp<double>(r0, 0, spec.rows));
    const auto row_last = static_cast<int32_t>(std::clamp<double>(r1, -1, spec.rows - 1));
    for (int32_t row = row_first; row <= row_last; ++row) {
      const double dy = spec.centre_y(row) - y[k];
      for (int32_t column = column_first; column <= column_last; ++column) {
        const double dx = spec.centre_x(column) - x[k];
        grid.density_per_km2[spec.index(column, row)] +=
            kM2PerKm2 * kernel_value_per_m2(options.kernel, dx * dx + dy * dy, options.bandwidth_m,
                                            options.gaussian_cutoff_sigmas);
      }
    }
  }
  return grid;
}

double integrated_count(const DensityGrid& grid) {
  const double cell_km2 = grid.spec.cell_size_m * grid.spec.cell_size_m / kM2PerKm2;
  double total = 0;
  for (double value : grid.density_per_km2)
    if (!std::isnan(value)) total += value * cell_km2;
  return total;
}

}  // namespace hotspot::density
