#include "engine/gis/ogr_geometry.hpp"

#include <ogr_geometry.h>

namespace hotspot::gis {

namespace {

template <typename Points, typename XY>
OGRLinearRing* ring_of(const Points& points, XY xy) {
  auto* ring = new OGRLinearRing();
  for (const auto& point : points) {
    const auto [x, y] = xy(point);
    ring->addPoint(x, y);
  }
  ring->closeRings();
  return ring;
}

}  // namespace

std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& shape) {
  auto multi = std::make_unique<OGRMultiPolygon>();
  auto xy = [](const Point& p) { return std::pair<double, double>(p.x(), p.y()); };
  for (const Polygon& polygon : shape) {
    auto* part = new OGRPolygon();
    part->addRingDirectly(ring_of(polygon.outer(), xy));
    for (const Ring& hole : polygon.inners()) part->addRingDirectly(ring_of(hole, xy));
    multi->addGeometryDirectly(part);
  }
  return multi;
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const hotspots::AreaShape& shape) {
  auto multi = std::make_unique<OGRMultiPolygon>();
  auto xy = [](const std::array<double, 2>& p) { return std::pair<double, double>(p[0], p[1]); };
  for (const hotspots::PolygonRings& polygon : shape) {
    auto* part = new OGRPolygon();
    for (const hotspots::Ring2& ring : polygon.rings) part->addRingDirectly(ring_of(ring, xy));
    multi->addGeometryDirectly(part);
  }
  return multi;
}

}  // namespace hotspot::gis
