#include "engine/join/ward_locator.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "engine/core/parallel.hpp"

namespace hotspot::join {

namespace {

constexpr int32_t kMixed = std::numeric_limits<int32_t>::min();  // cell touched by an edge
// Empty cells covered by several (overlapping) wards store -(2 + set index).
constexpr int32_t kFirstSet = -2;

using Edge = WardLocator::Edge;

WardLocator::Edge make_edge(const Point& a, const Point& b, int32_t ward) {
  const bool a_first = a.y() < b.y() || (a.y() == b.y() && a.x() <= b.x());
  const Point& low = a_first ? a : b;
  const Point& high = a_first ? b : a;
  return Edge{low.x(), low.y(), high.x(), high.y(), ward};
}

// Does the ray from (x, y) towards +x cross `edge`, and where? The half-open rule counts an edge
// when y_low <= y < y_high. The crossing is computed from the y-ordered endpoints, so two wards
// sharing an edge get bit-identical answers whatever their ring orientation.
inline bool crossing(const Edge& edge, double y, double& x_cross) {
  if (!(edge.y_low <= y && y < edge.y_high)) return false;
  const double t = (y - edge.y_low) / (edge.y_high - edge.y_low);
  x_cross = edge.x_low + t * (edge.x_high - edge.x_low);
  const double x_min = std::min(edge.x_low, edge.x_high), x_max = std::max(edge.x_low, edge.x_high);
  x_cross = std::clamp(x_cross, x_min, x_max);
  return true;
}

// The vertical-ray counterpart: x half-open, endpoints ordered by x.
inline bool crossing_vertical(const Edge& edge, double x, double& y_cross) {
  const bool forward = edge.x_low <= edge.x_high;
  const double x0 = forward ? edge.x_low : edge.x_high, y0 = forward ? edge.y_low : edge.y_high;
  const double x1 = forward ? edge.x_high : edge.x_low, y1 = forward ? edge.y_high : edge.y_low;
  if (!(x0 <= x && x < x1)) return false;
  const double t = (x - x0) / (x1 - x0);
  y_cross = std::clamp(y0 + t * (y1 - y0), std::min(y0, y1), std::max(y0, y1));
  return true;
}

// True when (x, y) lies within kNearEdge_m of the edge's line. Relative coordinates keep the
// rounding error near 1e-10 m for British National Grid values, far below the threshold.
constexpr double kNearEdge_m = 1e-6;
inline bool near_edge(const Edge& edge, double x, double y) {
  const double ex = edge.x_high - edge.x_low, ey = edge.y_high - edge.y_low;
  const double px = x - edge.x_low, py = y - edge.y_low;
  const double cross = ex * py - ey * px;
  return cross * cross <= kNearEdge_m * kNearEdge_m * (ex * ex + ey * ey);
}

template <typename Visit>
void for_each_edge(const WardSet& wards, Visit&& visit) {
  for (size_t w = 0; w < wards.size(); ++w) {
    const auto ward = static_cast<int32_t>(w);
    for (const Polygon& polygon : wards.shape[w]) {
      auto visit_ring = [&](const Ring& ring) {
        for (size_t i = 0; i + 1 < ring.size(); ++i) visit(make_edge(ring[i], ring[i + 1], ward));
        if (!ring.empty() && !bg::equals(ring.front(), ring.back()))
          visit(make_edge(ring.back(), ring.front(), ward));
      };
      visit_ring(polygon.outer());
      for (const Ring& hole : polygon.inners()) visit_ring(hole);
    }
  }
}

}  // namespace

void WardLocator::ParitySet::toggle(int32_t ward) {
  for (int i = 0; i < count; ++i) {
    if (inline_wards[static_cast<size_t>(i)] == ward) {
      inline_wards[static_cast<size_t>(i)] = inline_wards[static_cast<size_t>(count - 1)];
      --count;
      return;
    }
  }
  const auto spilled = std::find(spill.begin(), spill.end(), ward);
  if (spilled != spill.end()) {
    spill.erase(spilled);
  } else if (count < kInline) {
    inline_wards[static_cast<size_t>(count++)] = ward;
  } else {
    spill.push_back(ward);
  }
}

int32_t WardLocator::ParitySet::lowest() const {
  int32_t best = std::numeric_limits<int32_t>::max();
  for (int i = 0; i < count; ++i) best = std::min(best, inline_wards[static_cast<size_t>(i)]);
  for (int32_t ward : spill) best = std::min(best, ward);
  return best;
}

std::vector<int32_t> WardLocator::ParitySet::all() const {
  std::vector<int32_t> wards(inline_wards.begin(), inline_wards.begin() + count);
  wards.insert(wards.end(), spill.begin(), spill.end());
  std::sort(wards.begin(), wards.end());
  return wards;
}

WardLocator::WardLocator(const WardSet& wards) : ward_count_(static_cast<int32_t>(wards.size())) {
  size_t edge_count = 0;
  for_each_edge(wards, [&](const Edge&) { ++edge_count; });
  const double width = std::max(1.0, wards.extent.max_corner().x() - wards.extent.min_corner().x());
  const double height =
      std::max(1.0, wards.extent.max_corner().y() - wards.extent.min_corner().y());
  // About eight cells per edge: most cells then hold no edge and answer in O(1), and walks
  // east through cells with edges stay short (measured: bench/join_bench.cpp).
  const double target_cells = std::clamp(8.0 * static_cast<double>(edge_count), 1.0, 3.0e7);
  cell_size_ = std::sqrt(width * height / target_cells);
  xmin_ = wards.extent.min_corner().x() - cell_size_;
  ymin_ = wards.extent.min_corner().y() - cell_size_;
  inverse_cell_ = 1.0 / cell_size_;
  columns_ = static_cast<int64_t>(std::ceil(width / cell_size_)) + 3;
  rows_ = static_cast<int64_t>(std::ceil(height / cell_size_)) + 3;
  while ((int64_t{1} << (block_shift_ + 1)) <= std::max(columns_, rows_) / 64)
    ++block_shift_;  // a power of two: shifts, not divisions
  block_columns_ = (columns_ >> block_shift_) + 1;

  // Edge → cells by the edge's bounding box. Column and row are the same monotone functions of
  // x and y that locate() uses, so every cell a crossing can land in has the edge registered.
  auto column_of = [&](double x) { return column_clamped(x); };
  auto row_of = [&](double y) { return row_clamped(y); };
  const size_t cells = static_cast<size_t>(columns_ * rows_);
  std::vector<uint32_t> count(cells + 1, 0);
  // Per row, only the columns the edge actually passes through (its x-range clipped to the
  // row, widened by a slack far above rounding error), so diagonal edges do not mark their
  // whole bounding box as mixed.
  const double slack = cell_size_ * 1e-6;
  auto each_cell = [&](const Edge& edge, auto&& action) {
    const int64_t r0 = row_of(edge.y_low), r1 = row_of(edge.y_high);
    const double x_min = std::min(edge.x_low, edge.x_high),
                 x_max = std::max(edge.x_low, edge.x_high);
    for (int64_t r = r0; r <= r1; ++r) {
      double low = x_min, high = x_max;
      if (edge.y_high > edge.y_low && r0 != r1) {
        const double y_a =
            std::max(edge.y_low, ymin_ + static_cast<double>(r) * cell_size_ - slack);
        const double y_b =
            std::min(edge.y_high, ymin_ + static_cast<double>(r + 1) * cell_size_ + slack);
        const double slope = (edge.x_high - edge.x_low) / (edge.y_high - edge.y_low);
        const double x_a = std::clamp(edge.x_low + (y_a - edge.y_low) * slope, x_min, x_max);
        const double x_b = std::clamp(edge.x_low + (y_b - edge.y_low) * slope, x_min, x_max);
        low = std::max(x_min, std::min(x_a, x_b) - slack);
        high = std::min(x_max, std::max(x_a, x_b) + slack);
      }
      for (int64_t c = column_of(low), c1 = column_of(high); c <= c1; ++c)
        action(static_cast<size_t>(r * columns_ + c));
    }
  };
  for_each_edge(
      wards, [&](const Edge& edge) { each_cell(edge, [&](size_t cell) { ++count[cell + 1]; }); });
  edge_offset_.assign(cells + 1, 0);
  for (size_t c = 0; c < cells; ++c) edge_offset_[c + 1] = edge_offset_[c] + count[c + 1];
  cell_edges_.resize(edge_offset_[cells]);
  std::vector<uint32_t> fill(edge_offset_.begin(), edge_offset_.end() - 1);
  for_each_edge(wards, [&](const Edge& edge) {
    each_cell(edge, [&](size_t cell) { cell_edges_[fill[cell]++] = edge; });
  });

  // Empty cells get their ward from their centre, filling each row from east to west so that
  // the walk from a centre always ends at an empty cell already resolved (or the grid's edge).
  cell_ward_.assign(cells, kMixed);
  for (int64_t r = 0; r < rows_; ++r) {
    const double centre_y = ymin_ + (static_cast<double>(r) + 0.5) * cell_size_;
    for (int64_t c = columns_ - 1; c >= 0; --c) {
      const size_t cell = static_cast<size_t>(r * columns_ + c);
      if (edge_offset_[cell] != edge_offset_[cell + 1]) continue;
      const double centre_x = xmin_ + (static_cast<double>(c) + 0.5) * cell_size_;
      const std::vector<int32_t> inside = walk(centre_x, centre_y, c + 1, r).all();
      if (inside.empty()) {
        cell_ward_[cell] = kOutside;
      } else if (inside.size() == 1) {
        cell_ward_[cell] = inside.front();
      } else {
        cell_ward_[cell] = kFirstSet - static_cast<int32_t>(overlap_sets_.size());
        overlap_sets_.push_back(inside);
      }
    }
  }
  choose_walk_directions();
}

// For each cell with edges, the direction whose walk to the first empty cell tests the fewest
// edges. Long east–west boundaries make eastward walks long; a walk north crosses them at once.
void WardLocator::choose_walk_directions() {
  const size_t cells = cell_ward_.size();
  walk_direction_.assign(cells, kEast);
  std::vector<uint32_t> best(cells, 0), cost(cells, 0);
  auto edges_in = [&](size_t cell) { return edge_offset_[cell + 1] - edge_offset_[cell]; };
  auto sweep = [&](std::vector<uint32_t>& out, int direction) {
    const int64_t dc = direction == kEast ? 1 : direction == kWest ? -1 : 0;
    const int64_t dr = direction == kNorth ? 1 : direction == kSouth ? -1 : 0;
    // Visit cells so that the neighbour in `direction` is always done first.
    for (int64_t i = 0; i < rows_; ++i) {
      const int64_t r = dr > 0 ? rows_ - 1 - i : i;
      for (int64_t j = 0; j < columns_; ++j) {
        const int64_t c = dc > 0 ? columns_ - 1 - j : j;
        const int64_t nc = c + dc, nr = r + dr;
        const size_t cell = static_cast<size_t>(r * columns_ + c);
        if (nc < 0 || nc >= columns_ || nr < 0 || nr >= rows_) {
          out[cell] = 0;
          continue;
        }
        const size_t next = static_cast<size_t>(nr * columns_ + nc);
        out[cell] = cell_ward_[next] != kMixed ? 0
                                               : static_cast<uint32_t>(std::min<uint64_t>(
                                                     edges_in(next) + out[next], UINT32_MAX / 2));
      }
    }
  };
  sweep(best, kEast);
  for (int direction : {kNorth, kWest, kSouth}) {
    sweep(cost, direction);
    for (size_t cell = 0; cell < cells; ++cell)
      if (cost[cell] < best[cell]) {
        best[cell] = cost[cell];
        walk_direction_[cell] = static_cast<uint8_t>(direction);
      }
  }
}

// The same count along another axis (west, north or south), which gives the same answer as the
// east ray for every point not on a ward boundary. Returns false when the point lies within
// kNearEdge_m of an edge: the caller then uses the east ray, whose rule decides boundaries.
bool WardLocator::walk_other(double x, double y, int64_t column, int64_t row, int direction,
                             ParitySet& parity) const {
  const size_t start = static_cast<size_t>(row * columns_ + column);
  for (uint32_t e = edge_offset_[start]; e < edge_offset_[start + 1]; ++e)
    if (near_edge(cell_edges_[e], x, y)) return false;
  const int64_t dc = direction == kWest ? -1 : 0;
  const int64_t dr = direction == kNorth ? 1 : direction == kSouth ? -1 : 0;
  for (int64_t c = column, r = row; c >= 0 && r >= 0 && r < rows_; c += dc, r += dr) {
    const size_t cell = static_cast<size_t>(r * columns_ + c);
    if (cell_ward_[cell] != kMixed) {
      toggle_known_wards(cell_ward_[cell], parity);
      return true;
    }
    for (uint32_t e = edge_offset_[cell]; e < edge_offset_[cell + 1]; ++e) {
      const Edge& edge = cell_edges_[e];
      if (direction == kWest) {
        double x_cross;
        if (!crossing(edge, y, x_cross) || !(x_cross < x)) continue;
        if (column_clamped(x_cross) == c) parity.toggle(edge.ward);
      } else {
        double y_cross;
        if (!crossing_vertical(edge, x, y_cross) ||
            !(direction == kNorth ? y_cross > y : y_cross < y))
          continue;
        if (row_clamped(y_cross) == r) parity.toggle(edge.ward);
      }
    }
  }
  return true;  // beyond the grid every point is outside every ward
}

// A walk ends in a cell with no edges: the wards covering it close the count.
void WardLocator::toggle_known_wards(int32_t known, ParitySet& parity) const {
  if (known >= 0) {
    parity.toggle(known);
  } else if (known <= kFirstSet) {
    for (int32_t ward : overlap_sets_[static_cast<size_t>(kFirstSet - known)]) parity.toggle(ward);
  }
}

// Toggles the parity of every ward whose edge the ray from (x, y) crosses east of x, walking
// from `column` until the first cell with no edges, whose (known) wards close the count.
WardLocator::ParitySet WardLocator::walk(double x, double y, int64_t column, int64_t row) const {
  ParitySet parity;
  for (int64_t c = column; c < columns_; ++c) {
    const size_t cell = static_cast<size_t>(row * columns_ + c);
    if (cell_ward_[cell] != kMixed) {
      toggle_known_wards(cell_ward_[cell], parity);
      return parity;
    }
    for (uint32_t e = edge_offset_[cell]; e < edge_offset_[cell + 1]; ++e) {
      double x_cross;
      if (!crossing(cell_edges_[e], y, x_cross) || !(x_cross > x)) continue;
      if (column_clamped(x_cross) == c) parity.toggle(cell_edges_[e].ward);
    }
  }
  return parity;  // past the grid's east side every point is outside every ward
}

int32_t WardLocator::locate(double x, double y) const {
  if (!(x >= xmin_ && y >= ymin_)) return kOutside;  // also rejects NaN
  // Both are >= 0 here, so truncation is floor; the bounds are checked before converting.
  const double column_position = (x - xmin_) * inverse_cell_,
               row_position = (y - ymin_) * inverse_cell_;
  if (!(column_position < static_cast<double>(columns_) &&
        row_position < static_cast<double>(rows_)))
    return kOutside;
  const auto column = static_cast<int64_t>(column_position);
  const auto row = static_cast<int64_t>(row_position);
  if (column >= columns_ || row >= rows_) return kOutside;
  const int32_t known = cell_ward_[static_cast<size_t>(row * columns_ + column)];
  if (known >= kOutside) return known;
  if (known != kMixed) return overlap_sets_[static_cast<size_t>(kFirstSet - known)].front();
  const size_t cell = static_cast<size_t>(row * columns_ + column);
  if (walk_direction_[cell] != kEast) {
    ParitySet inside;
    if (walk_other(x, y, column, row, walk_direction_[cell], inside))
      return inside.empty() ? kOutside : inside.lowest();
  }
  const ParitySet inside = walk(x, y, column, row);
  return inside.empty() ? kOutside : inside.lowest();
}

size_t WardLocator::memory_bytes() const {
  return cell_ward_.size() * sizeof(int32_t) + walk_direction_.size() +
         edge_offset_.size() * sizeof(uint32_t) + cell_edges_.size() * sizeof(Edge);
}

int32_t locate_brute_force(const WardSet& wards, double x, double y) {
  // Same rule, no index: count crossings east of the point for every edge of every ward.
  std::vector<uint8_t> parity(wards.size(), 0);
  for_each_edge(wards, [&](const Edge& edge) {
    double x_cross;
    if (crossing(edge, y, x_cross) && x_cross > x) parity[static_cast<size_t>(edge.ward)] ^= 1;
  });
  for (size_t w = 0; w < wards.size(); ++w)
    if (parity[w]) return static_cast<int32_t>(w);
  return kOutside;
}

// About 64 × 64 blocks of cells: few enough that scattering points into them keeps every
// block's write position in cache, small enough that one block's cells and edges stay cached.
uint32_t WardLocator::bucket_of(double x, double y) const {
  if (!(x >= xmin_ && y >= ymin_)) return 0;
  const double column_position = (x - xmin_) * inverse_cell_,
               row_position = (y - ymin_) * inverse_cell_;
  if (!(column_position < static_cast<double>(columns_) &&
        row_position < static_cast<double>(rows_)))
    return 0;
  const auto column = static_cast<int64_t>(column_position);
  const auto row = static_cast<int64_t>(row_position);
  return static_cast<uint32_t>(1 + (row >> block_shift_) * block_columns_ +
                               (column >> block_shift_));
}

size_t WardLocator::bucket_count() const {
  return 1 + static_cast<size_t>(block_columns_ * ((rows_ >> block_shift_) + 1));
}

void assign_wards(IncidentTable& table, const WardLocator& locator, int threads) {
  const size_t n = table.size();
  table.ward.resize(n);
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n / 10000) + 1));
  auto parallel = [&](const std::function<void(size_t begin, size_t end, int worker)>& work) {
    parallel_for(n, threads, work);
  };
  // Points are visited block by block (a counting sort by spatial block, each thread sorting
  // its own share), so consecutive look-ups reuse cached cells and edges: in file order they
  // would be memory-bound.
  const size_t buckets = locator.bucket_count();
  std::vector<uint32_t> bucket(n);
  std::vector<std::vector<uint32_t>> start(static_cast<size_t>(threads),
                                           std::vector<uint32_t>(buckets + 1, 0));
  parallel([&](size_t begin, size_t end, int t) {
    auto& counts = start[static_cast<size_t>(t)];
    for (size_t i = begin; i < end; ++i) {
      bucket[i] = locator.bucket_of(table.x[i], table.y[i]);
      ++counts[bucket[i] + 1];
    }
    for (size_t b = 1; b <= buckets; ++b) counts[b] += counts[b - 1];
    for (size_t b = 0; b <= buckets; ++b) counts[b] += static_cast<uint32_t>(begin);
  });
  // Each thread's share keeps its own range: thread t's bucket b starts after all of thread t's
  // smaller buckets, so the shares never overlap and need no merging. The coordinates are copied
  // in block order as they are scattered, so the look-ups read them sequentially.
  std::vector<uint32_t> order(n);
  std::vector<double> sorted_x(n), sorted_y(n);
  parallel([&](size_t begin, size_t end, int t) {
    auto& next = start[static_cast<size_t>(t)];
    for (size_t i = begin; i < end; ++i) {
      const uint32_t slot = next[bucket[i]]++;
      order[slot] = static_cast<uint32_t>(i);
      sorted_x[slot] = table.x[i];
      sorted_y[slot] = table.y[i];
    }
  });
  bucket = {};
  parallel([&](size_t begin, size_t end, int) {
    for (size_t k = begin; k < end; ++k)
      table.ward[order[k]] = locator.locate(sorted_x[k], sorted_y[k]);
  });
}

}  // namespace hotspot::join
