// Point-in-ward location: every point gets exactly one ward index, or kOutside.
//
// Boundary rule (documented, deterministic): a point is inside a ward when a ray cast from it
// towards +x crosses the ward's boundary an odd number of times, counting an edge only when
// one end is at or below the point's y and the other strictly above (half-open), and only when
// the crossing lies strictly east of the point. On a boundary shared by two wards the point
// therefore goes to the ward on its east side (north side for an east–west edge), and a point
// on the study area's outer east/north boundary is outside. If wards overlap (bad data), the
// lower ward index wins.
//
// The index is a uniform grid: cells crossed by no edge store their ward directly (most
// points end there in O(1)); other cells store the edges that touch them, and a ray is walked
// only until the first cell with no edges, whose ward is known. Each cell walks in the direction
// with the fewest edges to test; off the east ray, the same parity holds for every point not on a
// boundary, and points within 1e-6 m of an edge always take the east ray, which sets the rule.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/core/incident_table.hpp"
#include "engine/core/ward_set.hpp"

namespace hotspot::join {

class WardLocator {
 public:
  explicit WardLocator(const WardSet& wards);
  // The ward containing (x, y), or kOutside.
  int32_t locate(double x, double y) const;
  size_t memory_bytes() const;
  // A coarse spatial key (a block of cells; 0 = off the grid): look-ups in key order reuse
  // cached cells and edges.
  uint32_t bucket_of(double x, double y) const;
  size_t bucket_count() const;

  struct Edge {
    double x_low, y_low, x_high, y_high;  // ordered so that y_low <= y_high
    int32_t ward;
  };

 private:
  // The wards whose boundary a ray crossed an odd number of times: a tiny sorted set.
  // Fixed inline storage keeps the hot path free of heap allocation; a spill vector takes
  // the (pathological) case of more than kInline wards open at once.
  struct ParitySet {
    static constexpr int kInline = 24;
    std::array<int32_t, kInline> inline_wards;
    int count = 0;
    std::vector<int32_t> spill;
    void toggle(int32_t ward);
    bool empty() const { return count == 0 && spill.empty(); }
    int32_t lowest() const;
    std::vector<int32_t> all() const;
  };
  ParitySet walk(double x, double y, int64_t column, int64_t row) const;
  enum : uint8_t { kEast = 0, kNorth = 1, kWest = 2, kSouth = 3 };
  bool walk_other(double x, double y, int64_t column, int64_t row, int direction,
                  ParitySet& parity) const;
  void choose_walk_directions();
  void toggle_known_wards(int32_t known, ParitySet& parity) const;
  // Column and row of a coordinate: one monotone function used everywhere (registration,
  // look-up, crossing assignment), so every crossing is counted in exactly one cell.
  int64_t column_clamped(double x) const {
    return clamped_index((x - xmin_) * inverse_cell_, columns_);
  }
  int64_t row_clamped(double y) const { return clamped_index((y - ymin_) * inverse_cell_, rows_); }
  // Truncation, not std::floor: it equals floor after clamping at 0, and std::floor is a libm
  // call on baseline x86-64 (no SSE4.1) — measurable at one call per incident.
  static int64_t clamped_index(double value, int64_t count) {
    if (!(value > 0)) return 0;
    if (value >= static_cast<double>(count - 1)) return count - 1;
    return static_cast<int64_t>(value);
  }
  double xmin_ = 0, ymin_ = 0, cell_size_ = 1, inverse_cell_ = 1;
  int64_t block_shift_ = 0, block_columns_ = 1;
  int64_t columns_ = 0, rows_ = 0;
  int32_t ward_count_ = 0;
  // Per cell: ward when the cell touches no edge (kOutside for none), else kMixed.
  std::vector<int32_t> cell_ward_;
  std::vector<uint32_t> edge_offset_;  // CSR: edges of cell c are [offset[c], offset[c+1])
  std::vector<Edge> cell_edges_;
  std::vector<uint8_t> walk_direction_;  // per cell with edges: the cheapest walk (kEast...)
  std::vector<std::vector<int32_t>> overlap_sets_;  // empty cells inside overlapping wards
};

// Reference implementation: the same rule tested against every edge of every ward, no index.
int32_t locate_brute_force(const WardSet& wards, double x, double y);

// Fills table.ward for every incident, on `threads` threads (results do not depend on it).
void assign_wards(IncidentTable& table, const WardLocator& locator, int threads = 2);

}  // namespace hotspot::join
