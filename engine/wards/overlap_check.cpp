#include "engine/wards/overlap_check.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace hotspot::wards {

namespace {

GEOSGeometry* ring_to_geos(GEOSContextHandle_t geos, const Ring& ring) {
  std::vector<double> xy;
  xy.reserve(ring.size() * 2 + 2);
  for (const Point& point : ring) {
    xy.push_back(point.x());
    xy.push_back(point.y());
  }
  if (!ring.empty() && !bg::equals(ring.front(), ring.back())) {
    xy.push_back(ring.front().x());
    xy.push_back(ring.front().y());
  }
  GEOSCoordSequence* sequence =
      GEOSCoordSeq_copyFromBuffer_r(geos, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
  return sequence ? GEOSGeom_createLinearRing_r(geos, sequence) : nullptr;
}

GEOSGeometry* to_geos(GEOSContextHandle_t geos, const MultiPolygon& shape) {
  std::vector<GEOSGeometry*> polygons;
  for (const Polygon& polygon : shape) {
    GEOSGeometry* shell = ring_to_geos(geos, polygon.outer());
    if (!shell) continue;
    std::vector<GEOSGeometry*> holes;
    for (const Ring& inner : polygon.inners())
      if (GEOSGeometry* hole = ring_to_geos(geos, inner)) holes.push_back(hole);
    polygons.push_back(
        GEOSGeom_createPolygon_r(geos, shell, holes.data(), static_cast<unsigned>(holes.size())));
  }
  return GEOSGeom_createCollection_r(geos, GEOS_MULTIPOLYGON, polygons.data(),
                                     static_cast<unsigned>(polygons.size()));
}

using XY = std::pair<double, double>;

// Calls `visit` with every vertex and edge midpoint of a ward.
template <typename Visit>
void for_each_probe(const MultiPolygon& shape, Visit&& visit) {
  const auto ring_points = [&](const Ring& ring) {
    for (size_t i = 0; i < ring.size(); ++i) {
      visit(XY(ring[i].x(), ring[i].y()));
      if (i + 1 < ring.size())
        visit(XY((ring[i].x() + ring[i + 1].x()) / 2, (ring[i].y() + ring[i + 1].y()) / 2));
    }
  };
  for (const Polygon& polygon : shape) {
    ring_points(polygon.outer());
    for (const Ring& inner : polygon.inners()) ring_points(inner);
  }
}

// A ward's vertices and edge midpoints, sorted: points of a neighbour found here lie on the
// shared boundary and need no point-in-polygon test (most of them, in topologically clean data).
std::vector<XY> boundary_points(const MultiPolygon& shape) {
  std::vector<XY> points;
  for_each_probe(shape, [&](const XY& point) { points.push_back(point); });
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

// The vertices and edge midpoints of `shape` inside `box` and not on `boundary` (the other
// ward's own points): the points tested against the other ward of a pair.
void probe_points(const MultiPolygon& shape, const Box& box, const std::vector<XY>& boundary,
                  std::vector<Point>& out) {
  out.clear();
  for_each_probe(shape, [&](const XY& point) {
    if (point.first < box.min_corner().x() || point.first > box.max_corner().x() ||
        point.second < box.min_corner().y() || point.second > box.max_corner().y())
      return;
    if (!std::binary_search(boundary.begin(), boundary.end(), point))
      out.emplace_back(point.first, point.second);
  });
}

bool any_strictly_inside(GEOSContextHandle_t geos, const GEOSPreparedGeometry* area,
                         const std::vector<Point>& points) {
  for (const Point& point : points) {
    GEOSGeometry* probe = GEOSGeom_createPointFromXY_r(geos, point.x(), point.y());
    const char inside = GEOSPreparedContainsProperly_r(geos, area, probe);
    GEOSGeom_destroy_r(geos, probe);
    if (inside == 1) return true;
  }
  return false;
}

}  // namespace

std::vector<WardOverlap> find_overlaps(const WardSet& wards, double min_area_m2, double min_share) {
  std::vector<WardOverlap> overlaps;
  GEOSContextHandle_t geos = GEOS_init_r();
  const size_t n = wards.size();
  std::vector<GEOSGeometry*> shapes(n, nullptr);
  std::vector<const GEOSPreparedGeometry*> prepared(n, nullptr);
  std::vector<double> areas(n, 0);
  std::vector<Box> boxes(n);
  std::vector<std::vector<XY>> boundaries(n);
  GEOSSTRtree* tree = GEOSSTRtree_create_r(geos, 10);
  std::vector<size_t> ids(n);
  for (size_t w = 0; w < n; ++w) {
    ids[w] = w;
    shapes[w] = to_geos(geos, wards.shape[w]);
    if (!shapes[w]) continue;
    prepared[w] = GEOSPrepare_r(geos, shapes[w]);
    GEOSArea_r(geos, shapes[w], &areas[w]);
    bg::envelope(wards.shape[w], boxes[w]);
    boundaries[w] = boundary_points(wards.shape[w]);
    GEOSSTRtree_insert_r(geos, tree, shapes[w], &ids[w]);
  }
  struct Query {
    size_t self;
    std::vector<size_t> candidates;
  } query{0, {}};
  std::vector<Point> points;
  for (size_t w = 0; w < n; ++w) {
    if (!shapes[w]) continue;
    query.self = w;
    query.candidates.clear();
    GEOSSTRtree_query_r(
        geos, tree, shapes[w],
        [](void* item, void* data) {
          auto* q = static_cast<Query*>(data);
          const size_t other = *static_cast<size_t*>(item);
          if (other > q->self) q->candidates.push_back(other);
        },
        &query);
    std::sort(query.candidates.begin(), query.candidates.end());
    for (size_t other : query.candidates) {
      // Neighbours share boundaries, and intersecting them costs a full overlay: only pairs with
      // a vertex or edge midpoint of one strictly inside the other, or the same outline twice
      // (equal boxes and areas), are intersected. A pure crossing with no such point is missed.
      Box common;
      if (!bg::intersection(boxes[w], boxes[other], common)) continue;
      const bool same_outline = bg::equals(boxes[w], boxes[other]) &&
                                std::abs(areas[w] - areas[other]) <= 1e-9 * areas[w];
      bool candidate = same_outline;
      if (!candidate) {
        probe_points(wards.shape[other], common, boundaries[w], points);
        candidate = any_strictly_inside(geos, prepared[w], points);
      }
      if (!candidate) {
        probe_points(wards.shape[w], common, boundaries[other], points);
        candidate = any_strictly_inside(geos, prepared[other], points);
      }
      if (!candidate) continue;
      GEOSGeometry* shared = GEOSIntersection_r(geos, shapes[w], shapes[other]);
      double area = 0;
      if (shared) {
        GEOSArea_r(geos, shared, &area);
        GEOSGeom_destroy_r(geos, shared);
      }
      const double smaller = std::min(areas[w], areas[other]);
      const double share = smaller > 0 ? area / smaller : 0;
      if (area > min_area_m2 && share > min_share)
        overlaps.push_back(WardOverlap{w, other, area, share});
    }
  }
  GEOSSTRtree_destroy_r(geos, tree);
  for (size_t w = 0; w < n; ++w) {
    if (prepared[w]) GEOSPreparedGeom_destroy_r(geos, prepared[w]);
    if (shapes[w]) GEOSGeom_destroy_r(geos, shapes[w]);
  }
  GEOS_finish_r(geos);
  return overlaps;
}

}  // namespace hotspot::wards
