// Planar geometry for tiling: Douglas-Peucker simplification and clipping of polygons and lines
// to an axis-aligned rectangle (a tile plus its buffer). Guarantees: clipped polygons are proper
// rings (no zero-width bridges along the tile edge, unlike Sutherland-Hodgman), exteriors keep
// positive and holes negative shoelace area (y down), and every hole follows its exterior.
#pragma once
#include <cstdint>
#include <vector>

namespace hotspot::tiles {

struct Point {
  double x = 0, y = 0;
};

struct Rectangle {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool contains(const Point& p) const {
    return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
  }
};

// Rings or lines stored flat: ring r is points[starts[r] .. starts[r+1]). For polygons,
// exterior[r] says whether ring r is an exterior (its holes follow it).
struct RingSet {
  std::vector<Point> points;
  std::vector<uint32_t> starts{0};
  std::vector<uint8_t> exterior;
  void clear() {
    points.clear();
    starts.assign(1, 0);
    exterior.clear();
  }
  uint32_t ring_count() const { return static_cast<uint32_t>(starts.size() - 1); }
  void close_ring(bool is_exterior) {
    starts.push_back(static_cast<uint32_t>(points.size()));
    exterior.push_back(is_exterior ? 1 : 0);
  }
};

double twice_signed_area(const Point* points, uint32_t count);
bool ring_contains(const Point* ring, uint32_t count, const Point& p);  // even-odd rule

// Douglas-Peucker: appends to `kept` the indices (0..count-1) of the vertices to keep. For a
// closed ring the first vertex is kept and the ring is simplified as if closed by it.
// Hand-written: no library here simplifies flat coordinate arrays without allocating per call.
class Simplifier {
 public:
  void simplify(const double* xs, const double* ys, uint32_t count, double tolerance, bool closed,
                std::vector<uint32_t>& kept);

 private:
  std::vector<uint8_t> keep_;
  std::vector<std::pair<uint32_t, uint32_t>> stack_;
};

// Clips one polygon (exterior ring then holes, correctly oriented) to a rectangle by walking
// the rectangle boundary between the points where rings leave and enter it (Weiler-Atherton
// for a convex window). Hand-written: GEOS would be ~50x slower per tile and is not a tiles
// dependency.
class PolygonClipper {
 public:
  // polygon: ring 0 is the exterior, the others its holes. Output rings are appended to `out`.
  void clip(const RingSet& polygon, const Rectangle& rectangle, RingSet& out);

 private:
  struct Chain {
    uint32_t first = 0, last = 0;  // into chain_points_
    double entry_t = 0, exit_t = 0;
    bool used = false;
  };
  void collect_chains(const Point* ring, uint32_t count, const Rectangle& rectangle);
  void connect_chains(const Rectangle& rectangle, RingSet& out);
  double perimeter_t(const Point& p, const Rectangle& rectangle) const;

  std::vector<Point> chain_points_;
  std::vector<Chain> chains_;
  std::vector<std::pair<double, uint32_t>> entries_;
  RingSet exteriors_, holes_;
  std::vector<uint32_t> hole_owner_;  // per hole: the exterior it goes with
};

// Clips a polyline to a rectangle; each inside piece becomes one line in `out`.
void clip_line(const Point* points, uint32_t count, const Rectangle& rectangle, RingSet& out);

}  // namespace hotspot::tiles

namespace hotspot::tiles {

// True when no two edges of the integer rings touch or cross, except consecutive edges of one
// ring at their shared vertex. Conservative (a hole touching its exterior at one point counts as
// a contact), so callers can fall back to less simplification. Rings: xy pairs, ring r is
// points [starts[r], starts[r+1]).
bool rings_are_simple(const std::vector<int32_t>& xy, const std::vector<uint32_t>& starts);

// Two edges found meeting: ring numbers and the index of each edge's first vertex in its ring.
// ring_a < 0 when the rings are simple.
struct RingConflict {
  int32_t ring_a = -1, edge_a = -1, ring_b = -1, edge_b = -1;
};
RingConflict find_ring_conflict(const std::vector<int32_t>& xy,
                                const std::vector<uint32_t>& starts);

}  // namespace hotspot::tiles
