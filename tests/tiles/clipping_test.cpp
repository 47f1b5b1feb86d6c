// Rectangle clipping and simplification checked against GEOS (through OGR) and hand cases.
#include <ogr_api.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "tiles/geometry_ops.hpp"

using namespace hotspot::tiles;

namespace {

OGRGeometryH ring_geometry(const Point* points, uint32_t count) {
  OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
  for (uint32_t i = 0; i <= count; ++i)
    OGR_G_AddPoint_2D(ring, points[i % count].x, points[i % count].y);
  return ring;
}

// Builds an OGR (multi)polygon from clipper output: each exterior followed by its holes.
OGRGeometryH to_ogr(const RingSet& rings) {
  OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon);
  OGRGeometryH polygon = nullptr;
  for (uint32_t r = 0; r < rings.ring_count(); ++r) {
    OGRGeometryH ring =
        ring_geometry(rings.points.data() + rings.starts[r], rings.starts[r + 1] - rings.starts[r]);
    if (rings.exterior[r]) {
      if (polygon) OGR_G_AddGeometryDirectly(multi, polygon);
      polygon = OGR_G_CreateGeometry(wkbPolygon);
    }
    OGR_G_AddGeometryDirectly(polygon, ring);
  }
  if (polygon) OGR_G_AddGeometryDirectly(multi, polygon);
  return multi;
}

// A star-shaped (so simple) ring around (cx, cy), oriented like an MVT exterior or hole.
void star(std::mt19937& random, double cx, double cy, double radius, int vertices, bool exterior,
          RingSet& out) {
  std::uniform_real_distribution<double> scale(0.3, 1.0);
  const size_t start = out.points.size();
  for (int i = 0; i < vertices; ++i) {
    const double angle = 2 * M_PI * i / vertices;
    const double r = radius * scale(random);
    out.points.push_back({cx + r * std::cos(angle), cy + r * std::sin(angle)});
  }
  const double area = twice_signed_area(out.points.data() + start, static_cast<uint32_t>(vertices));
  if ((area > 0) != exterior)
    std::reverse(out.points.begin() + static_cast<long>(start), out.points.end());
  out.close_ring(exterior);
}

}  // namespace

TEST_CASE(
    "clipping polygons with holes to a rectangle matches GEOS's intersection and stays valid") {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> position(-50, 150);
  PolygonClipper clipper;
  int compared = 0;
  for (int trial = 0; trial < 300; ++trial) {
    RingSet polygon;
    const double cx = position(random), cy = position(random);
    star(random, cx, cy, 80, 40, true, polygon);
    star(random, cx, cy, 15, 12, false, polygon);  // inside: the exterior's radius is at least 24
    const Rectangle rectangle{0, 0, 100, 100};
    RingSet clipped;
    clipper.clip(polygon, rectangle, clipped);

    OGRGeometryH source = to_ogr(polygon);
    OGRGeometryH box = OGR_G_CreateGeometry(wkbPolygon);
    const Point corners[4] = {{0, 0}, {100, 0}, {100, 100}, {0, 100}};
    OGR_G_AddGeometryDirectly(box, ring_geometry(corners, 4));
    OGRGeometryH expected = OGR_G_Intersection(source, box);
    OGRGeometryH ours = to_ogr(clipped);
    INFO("trial " << trial);
    CHECK(OGR_G_IsValid(ours));
    CHECK(OGR_G_Area(ours) == Approx(OGR_G_Area(expected)).margin(1e-6));
    OGRGeometryH difference = OGR_G_SymDifference(ours, expected);
    CHECK(OGR_G_Area(difference) == Approx(0).margin(1e-6));
    for (uint32_t r = 0; r < clipped.ring_count(); ++r) {  // orientation survives clipping
      const double area = twice_signed_area(clipped.points.data() + clipped.starts[r],
                                            clipped.starts[r + 1] - clipped.starts[r]);
      CHECK((area > 0) == (clipped.exterior[r] != 0));
    }
    if (OGR_G_Area(expected) > 0) ++compared;
    for (OGRGeometryH g : {source, box, expected, ours, difference}) OGR_G_DestroyGeometry(g);
  }
  CHECK(compared > 100);
}

TEST_CASE("a U shape cut across both arms becomes two separate rings, not one ring with a bridge") {
  RingSet u;
  // y down: exterior with positive shoelace area.
  u.points = {{0, 0}, {30, 0}, {30, 100}, {20, 100}, {20, 10}, {10, 10}, {10, 100}, {0, 100}};
  if (twice_signed_area(u.points.data(), 8) < 0) std::reverse(u.points.begin(), u.points.end());
  u.close_ring(true);
  RingSet clipped;
  PolygonClipper().clip(u, Rectangle{-5, 50, 35, 120}, clipped);
  REQUIRE(clipped.ring_count() == 2);
  CHECK(std::abs(twice_signed_area(clipped.points.data(), clipped.starts[1])) / 2 == Approx(500));
  CHECK(std::abs(twice_signed_area(clipped.points.data() + clipped.starts[1],
                                   clipped.starts[2] - clipped.starts[1])) /
            2 ==
        Approx(500));
}

TEST_CASE(
    "a rectangle inside a polygon comes back as the whole rectangle, and inside a hole as "
    "nothing") {
  RingSet donut;
  donut.points = {{-100, -100}, {100, -100}, {100, 100}, {-100, 100}};
  donut.close_ring(true);
  donut.points.insert(donut.points.end(), {{-50, -50}, {-50, 50}, {50, 50}, {50, -50}});
  donut.close_ring(false);
  PolygonClipper clipper;
  RingSet in_body, in_hole;
  clipper.clip(donut, Rectangle{60, 60, 90, 90}, in_body);
  REQUIRE(in_body.ring_count() == 1);
  CHECK(twice_signed_area(in_body.points.data(), 4) / 2 == Approx(900));
  clipper.clip(donut, Rectangle{-10, -10, 10, 10}, in_hole);
  CHECK(in_hole.ring_count() == 0);
}

TEST_CASE("Douglas-Peucker keeps exactly the vertices farther than the tolerance") {
  // Offsets from the chord (0,0)-(40,0) are 0.5 and 0.4; from (10,0.5)-(40,0) the rest are
  // 10/30.004 = 0.333 and 7/30.004 = 0.233 (cross product over length, by hand).
  const double xs[5] = {0, 10, 20, 30, 40}, ys[5] = {0, 0.5, 0, 0.4, 0};
  Simplifier simplifier;
  std::vector<uint32_t> kept;
  simplifier.simplify(xs, ys, 5, 1.0, false, kept);
  CHECK(kept == std::vector<uint32_t>{0, 4});
  kept.clear();
  simplifier.simplify(xs, ys, 5, 0.45, false, kept);
  CHECK(kept == std::vector<uint32_t>{0, 1, 4});
  kept.clear();
  simplifier.simplify(xs, ys, 5, 0.3, false,
                      kept);  // keeps 2 (0.333), then 3 is 0.4 off (20,0)-(40,0)
  CHECK(kept == std::vector<uint32_t>{0, 1, 2, 3, 4});
}

TEST_CASE("an integer ring that touches itself is reported as not simple") {
  const std::vector<int32_t> square = {0, 0, 10, 0, 10, 10, 0, 10};
  CHECK(rings_are_simple(square, {0, 4}));
  const std::vector<int32_t> bow_tie = {0, 0, 10, 10, 10, 0, 0, 10};
  CHECK_FALSE(rings_are_simple(bow_tie, {0, 4}));
  // A vertex of the ring lying on its own closing edge (the self-touch rounding can cause).
  const std::vector<int32_t> touching = {0, 0, 5, 5, 10, 0, 10, 10, 5, 0, 0, 10};
  CHECK_FALSE(rings_are_simple(touching, {0, 6}));
}

TEST_CASE("clipping a line keeps the inside pieces as separate lines") {
  const Point zigzag[5] = {{-10, 5}, {5, 5}, {5, 20}, {8, 20}, {8, 5}};
  RingSet out;
  clip_line(zigzag, 5, Rectangle{0, 0, 10, 10}, out);
  REQUIRE(out.ring_count() == 2);
  CHECK(out.points[0].x == Approx(0));
  CHECK(out.points[1].x == Approx(5));
  CHECK(out.points[2].y == Approx(10));
}
