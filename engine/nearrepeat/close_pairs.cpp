#include "engine/nearrepeat/close_pairs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/errors.hpp"
#include "engine/core/parallel.hpp"

namespace hotspot::nearrepeat {

namespace {

// At most this many grid cells: a sparse, far-flung set gets wider cells (still correct: a cell
// only needs to be at least the search distance wide).
constexpr double kMaxCells = 16e6;

struct Grid {
  double x0 = 0, y0 = 0, cell_m = 1;
  int64_t columns = 1, rows = 1;
  std::vector<uint32_t> start;  // events of cell c are order[start[c] .. start[c + 1])
  std::vector<uint32_t> order;

  int64_t column_of(double x) const {
    return std::min<int64_t>(columns - 1, static_cast<int64_t>((x - x0) / cell_m));
  }
  int64_t row_of(double y) const {
    return std::min<int64_t>(rows - 1, static_cast<int64_t>((y - y0) / cell_m));
  }
};

Grid build_grid(const std::vector<double>& x, const std::vector<double>& y, double reach_m) {
  Grid grid;
  const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
  const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
  grid.x0 = *xmin;
  grid.y0 = *ymin;
  const double width = *xmax - *xmin, height = *ymax - *ymin;
  grid.cell_m = std::max({reach_m, std::sqrt(width * height / kMaxCells), 1e-9});
  grid.columns = static_cast<int64_t>(width / grid.cell_m) + 1;
  grid.rows = static_cast<int64_t>(height / grid.cell_m) + 1;
  const size_t cells = static_cast<size_t>(grid.columns * grid.rows);
  // Counting sort of the events by cell: stable, so the order depends only on the input.
  std::vector<uint32_t> cell_of(x.size());
  grid.start.assign(cells + 1, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    cell_of[i] = static_cast<uint32_t>(grid.row_of(y[i]) * grid.columns + grid.column_of(x[i]));
    ++grid.start[cell_of[i] + 1];
  }
  for (size_t c = 0; c < cells; ++c) grid.start[c + 1] += grid.start[c];
  grid.order.resize(x.size());
  std::vector<uint32_t> next(grid.start.begin(), grid.start.end() - 1);
  for (size_t i = 0; i < x.size(); ++i) grid.order[next[cell_of[i]]++] = static_cast<uint32_t>(i);
  return grid;
}

}  // namespace

ClosePairs find_close_pairs(const std::vector<double>& x_m, const std::vector<double>& y_m,
                            const BandOptions& bands, int threads) {
  if (x_m.size() >= std::numeric_limits<uint32_t>::max())
    throw ConfigError("too many events for the Knox test (at most 4 billion)");
  ClosePairs pairs;
  if (x_m.size() < 2) return pairs;
  const double reach_m = bands.max_distance_m();
  const Grid grid = build_grid(x_m, y_m, reach_m);
  // Each worker takes a block of grid rows and pairs every event with the later events of its
  // own cell and with the events of the cells east, north-west, north and north-east (each
  // neighbouring pair of cells is visited once), so every close pair is found exactly once.
  std::vector<ClosePairs> parts(static_cast<size_t>(std::max(1, threads)));
  parallel_for(static_cast<size_t>(grid.rows), threads, [&](size_t begin, size_t end, int worker) {
    ClosePairs& part = parts[static_cast<size_t>(worker)];
    auto consider = [&](uint32_t a, uint32_t b) {
      const double d = distance_m(bands.metric, x_m[a] - x_m[b], y_m[a] - y_m[b]);
      if (!(d < reach_m)) return;
      part.first.push_back(std::min(a, b));
      part.second.push_back(std::max(a, b));
      part.row.push_back(static_cast<uint8_t>(bands.row_of(d)));
    };
    const int64_t neighbours[4][2] = {{1, 0}, {-1, 1}, {0, 1}, {1, 1}};  // (dx, dy) in cells
    for (int64_t r = static_cast<int64_t>(begin); r < static_cast<int64_t>(end); ++r) {
      for (int64_t c = 0; c < grid.columns; ++c) {
        const size_t cell = static_cast<size_t>(r * grid.columns + c);
        const uint32_t from = grid.start[cell], to = grid.start[cell + 1];
        for (uint32_t i = from; i < to; ++i) {
          const uint32_t a = grid.order[i];
          for (uint32_t j = i + 1; j < to; ++j) consider(a, grid.order[j]);
          for (const auto& [dx, dy] : neighbours) {
            const int64_t nc = c + dx, nr = r + dy;
            if (nc < 0 || nc >= grid.columns || nr >= grid.rows) continue;
            const size_t other = static_cast<size_t>(nr * grid.columns + nc);
            for (uint32_t j = grid.start[other]; j < grid.start[other + 1]; ++j)
              consider(a, grid.order[j]);
          }
        }
      }
    }
  });
  size_t total = 0;
  for (const ClosePairs& part : parts) total += part.size();
  pairs.first.reserve(total);
  pairs.second.reserve(total);
  pairs.row.reserve(total);
  for (const ClosePairs& part : parts) {
    pairs.first.insert(pairs.first.end(), part.first.begin(), part.first.end());
    pairs.second.insert(pairs.second.end(), part.second.begin(), part.second.end());
    pairs.row.insert(pairs.row.end(), part.row.begin(), part.row.end());
  }
  return pairs;
}

}  // namespace hotspot::nearrepeat
