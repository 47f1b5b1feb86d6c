#include "engine/wards/overlap_check.hpp"

#include <geos_c.h>

#include <algorithm>
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
  GEOSCoordSequence* sequence = GEOSCoordSeq_copyFromBuffer_r(
      geos, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
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
    polygons.push_back(GEOSGeom_createPolygon_r(geos, shell, holes.data(),
                                                static_cast<unsigned>(holes.size())));
  }
  return GEOSGeom_createCollection_r(geos, GEOS_MULTIPOLYGON, polygons.data(),
                                     static_cast<unsigned>(polygons.size()));
}

}  // namespace

std::vector<WardOverlap> find_overlaps(const WardSet& wards, double min_area_m2,
                                       double min_share) {
  std::vector<WardOverlap> overlaps;
  GEOSContextHandle_t geos = GEOS_init_r();
  const size_t n = wards.size();
  std::vector<GEOSGeometry*> shapes(n, nullptr);
  std::vector<double> areas(n, 0);
  GEOSSTRtree* tree = GEOSSTRtree_create_r(geos, 10);
  std::vector<size_t> ids(n);
  for (size_t w = 0; w < n; ++w) {
    ids[w] = w;
    shapes[w] = to_geos(geos, wards.shape[w]);
    if (!shapes[w]) continue;
    GEOSArea_r(geos, shapes[w], &areas[w]);
    GEOSSTRtree_insert_r(geos, tree, shapes[w], &ids[w]);
  }
  struct Query {
    size_t self;
    std::vector<size_t> candidates;
  } query{0, {}};
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
    if (query.candidates.empty()) continue;
    std::sort(query.candidates.begin(), query.candidates.end());
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(geos, shapes[w]);
    for (size_t other : query.candidates) {
      if (GEOSPreparedIntersects_r(geos, prepared, shapes[other]) != 1) continue;
      GEOSGeometry* common = GEOSIntersection_r(geos, shapes[w], shapes[other]);
      double area = 0;
      if (common) {
        GEOSArea_r(geos, common, &area);
        GEOSGeom_destroy_r(geos, common);
      }
      const double smaller = std::min(areas[w], areas[other]);
      const double share = smaller > 0 ? area / smaller : 0;
      if (area > min_area_m2 && share > min_share)
        overlaps.push_back(WardOverlap{w, other, area, share});
    }
    GEOSPreparedGeom_destroy_r(geos, prepared);
  }
  GEOSSTRtree_destroy_r(geos, tree);
  for (GEOSGeometry* shape : shapes)
    if (shape) GEOSGeom_destroy_r(geos, shape);
  GEOS_finish_r(geos);
  return overlaps;
}

}  // namespace hotspot::wards
