#include "engine/hotspots/polygons.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace hotspot::hotspots {

namespace {

// A GEOS handle per call: the reentrant API needs no global state and no locks.
struct Context {
  GEOSContextHandle_t handle = GEOS_init_r();
  ~Context() { GEOS_finish_r(handle); }
};

struct GeometryDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(handle, geometry); }
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

GEOSGeometry* make_ring(GEOSContextHandle_t h, const Ring2& ring) {
  GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
  for (size_t i = 0; i < ring.size(); ++i)
    GEOSCoordSeq_setXY_r(h, sequence, static_cast<unsigned>(i), ring[i][0], ring[i][1]);
  return GEOSGeom_createLinearRing_r(h, sequence);
}

GEOSGeometry* make_rectangle(GEOSContextHandle_t h, double x0, double y0, double x1, double y1) {
  return GEOSGeom_createPolygon_r(
      h, make_ring(h, {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}), nullptr, 0);
}

double signed_area(const Ring2& ring) {
  double twice = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return twice / 2;
}

// Drops vertices that lie on the straight line between their neighbours (grid outlines only
// turn by right angles, so "collinear" is exact here) and orients the ring.
Ring2 tidy_ring(const GEOSGeometry* ring_geometry, GEOSContextHandle_t h, bool counter_clockwise) {
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(h, ring_geometry);
  unsigned size = 0;
  GEOSCoordSeq_getSize_r(h, sequence, &size);
  Ring2 raw(size);
  for (unsigned i = 0; i < size; ++i) GEOSCoordSeq_getXY_r(h, sequence, i, &raw[i][0], &raw[i][1]);
  if (raw.size() > 1) raw.pop_back();
  Ring2 ring;
  const size_t n = raw.size();
  for (size_t i = 0; i < n; ++i) {
    const auto& previous = raw[(i + n - 1) % n];
    const auto& next = raw[(i + 1) % n];
    const bool straight = (previous[0] == raw[i][0] && raw[i][0] == next[0]) ||
                          (previous[1] == raw[i][1] && raw[i][1] == next[1]);
    if (!straight) ring.push_back(raw[i]);
  }
  if (ring.empty()) return ring;
  ring.push_back(ring.front());
  if ((signed_area(ring) > 0) != counter_clockwise) std::reverse(ring.begin(), ring.end());
  return ring;
}

Geometry to_geos(GEOSContextHandle_t h, const AreaShape& shape) {
  std::vector<GEOSGeometry*> polygons;
  for (const PolygonRings& part : shape) {
    std::vector<GEOSGeometry*> holes;
    for (size_t r = 1; r < part.rings.size(); ++r) holes.push_back(make_ring(h, part.rings[r]));
    polygons.push_back(GEOSGeom_createPolygon_r(h, make_ring(h, part.rings[0]), holes.data(),
                                                static_cast<unsigned>(holes.size())));
  }
  return Geometry(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polygons.data(),
                                              static_cast<unsigned>(polygons.size())),
                  GeometryDeleter{h});
}

// Same expression for every shared corner, so neighbouring cells meet exactly.
double edge_x(const GridSpec& spec, uint32_t column) {
  return spec.xmin + column * spec.cell_size_m;
}
double edge_y(const GridSpec& spec, uint32_t row) { return spec.ymin + row * spec.cell_size_m; }

// Single cells form an exact coverage (neighbours share whole edges, vertex to vertex), so
// GEOS's coverage union can dissolve them by dropping shared edges instead of overlaying.
Geometry coverage_union(GEOSContextHandle_t h, const GridSpec& spec,
                        const std::vector<uint32_t>& sorted) {
  std::vector<GEOSGeometry*> squares;
  squares.reserve(sorted.size());
  const auto columns = static_cast<uint32_t>(spec.columns);
  for (uint32_t cell : sorted) {
    const uint32_t row = cell / columns, column = cell % columns;
    squares.push_back(make_rectangle(h, edge_x(spec, column), edge_y(spec, row),
                                     edge_x(spec, column + 1), edge_y(spec, row + 1)));
  }
  Geometry collection(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, squares.data(),
                                                  static_cast<unsigned>(squares.size())),
                      GeometryDeleter{h});
  return Geometry(GEOSCoverageUnion_r(h, collection.get()), GeometryDeleter{h});
}

// Overlay union of row runs: adjacent cells in a row merged into one rectangle first.
Geometry overlay_union(GEOSContextHandle_t h, const GridSpec& spec,
                       const std::vector<uint32_t>& sorted) {
  std::vector<GEOSGeometry*> rectangles;
  const auto columns = static_cast<uint32_t>(spec.columns);
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[j - 1] + 1 && sorted[j] % columns != 0) ++j;
    const uint32_t row = sorted[i] / columns, first = sorted[i] % columns,
                   last = sorted[j - 1] % columns;
    rectangles.push_back(make_rectangle(h, edge_x(spec, first), edge_y(spec, row),
                                        edge_x(spec, last + 1), edge_y(spec, row + 1)));
    i = j;
  }
  Geometry collection(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, rectangles.data(),
                                                  static_cast<unsigned>(rectangles.size())),
                      GeometryDeleter{h});
  return Geometry(GEOSUnaryUnion_r(h, collection.get()), GeometryDeleter{h});
}

}  // namespace

AreaShape cells_to_polygons_geos(const GridSpec& spec, const std::vector<uint32_t>& cells) {
  AreaShape shape;
  if (cells.empty()) return shape;
  Context context;
  const GEOSContextHandle_t h = context.handle;
  std::vector<uint32_t> sorted(cells);
  std::sort(sorted.begin(), sorted.end());
  Geometry dissolved = coverage_union(h, spec, sorted);
  // Coverage union refuses some inputs (cells meeting only at corners can trip its noding
  // check); the general overlay union of row runs always works, only slower.
  if (!dissolved) dissolved = overlay_union(h, spec, sorted);
  if (!dissolved) throw std::runtime_error("GEOS could not dissolve hotspot cells");
  const int parts = GEOSGetNumGeometries_r(h, dissolved.get());
  for (int p = 0; p < parts; ++p) {
    const GEOSGeometry* polygon = GEOSGetGeometryN_r(h, dissolved.get(), p);
    if (GEOSGeomTypeId_r(h, polygon) != GEOS_POLYGON) continue;
    PolygonRings part;
    part.rings.push_back(tidy_ring(GEOSGetExteriorRing_r(h, polygon), h, true));
    const int holes = GEOSGetNumInteriorRings_r(h, polygon);
    for (int r = 0; r < holes; ++r)
      part.rings.push_back(tidy_ring(GEOSGetInteriorRingN_r(h, polygon, r), h, false));
    shape.push_back(std::move(part));
  }
  return shape;
}

bool is_valid_shape(const AreaShape& shape) {
  Context context;
  const Geometry geometry = to_geos(context.handle, shape);
  return geometry && GEOSisValid_r(context.handle, geometry.get()) == 1;
}

bool same_region(const AreaShape& a, const AreaShape& b) {
  Context context;
  const Geometry ga = to_geos(context.handle, a), gb = to_geos(context.handle, b);
  return ga && gb && GEOSEquals_r(context.handle, ga.get(), gb.get()) == 1;
}

double shape_area_m2(const AreaShape& shape) {
  double area = 0;
  for (const PolygonRings& part : shape)
    for (size_t r = 0; r < part.rings.size(); ++r)
      area += (r == 0 ? 1 : -1) * std::abs(signed_area(part.rings[r]));
  return area;
}

}  // namespace hotspot::hotspots
