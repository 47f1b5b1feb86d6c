// The ward locator against an independent brute force (every point against every edge of
// every ward), against Boost.Geometry's within() for interior points, and on the boundary rule.
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "engine/join/ward_locator.hpp"
#include "engine/wards/ward_loader.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot;

namespace {

Polygon square(double x0, double y0, double x1, double y1) {
  Polygon polygon;
  bg::append(polygon.outer(), Point(x0, y0));
  bg::append(polygon.outer(), Point(x0, y1));
  bg::append(polygon.outer(), Point(x1, y1));
  bg::append(polygon.outer(), Point(x1, y0));
  bg::append(polygon.outer(), Point(x0, y0));
  bg::correct(polygon);
  return polygon;
}

void add_ward(WardSet& wards, const std::string& code, MultiPolygon shape) {
  bg::correct(shape);
  wards.code.push_back(code);
  wards.name.push_back(code);
  wards.population.push_back(1000);
  Box box;
  bg::envelope(shape, box);
  if (wards.size() == 1)
    wards.extent = box;
  else
    bg::expand(wards.extent, box);
  wards.shape.push_back(std::move(shape));
}

// A 3×3 grid of unit-100 m squares (wards 0..8), ward 4 has a hole that is ward 9, and ward 10
// is a multipolygon of two far-apart squares.
WardSet grid_wards() {
  WardSet wards;
  for (int row = 0; row < 3; ++row)
    for (int column = 0; column < 3; ++column) {
      Polygon cell = square(column * 100.0, row * 100.0, column * 100.0 + 100, row * 100.0 + 100);
      if (row == 1 && column == 1) {
        Polygon hole = square(130, 130, 170, 170);
        Ring inner = hole.outer();
        std::reverse(inner.begin(), inner.end());
        cell.inners().push_back(inner);
      }
      add_ward(wards, "W" + std::to_string(row * 3 + column), MultiPolygon{cell});
    }
  add_ward(wards, "HOLE", MultiPolygon{square(130, 130, 170, 170)});
  add_ward(wards, "MULTI", MultiPolygon{square(400, 0, 450, 50), square(400, 250, 450, 300)});
  return wards;
}

}  // namespace

TEST_CASE("a point inside a ward gets that ward, and one outside gets kOutside") {
  const WardSet wards = grid_wards();
  const join::WardLocator locator(wards);
  CHECK(locator.locate(50, 50) == 0);
  CHECK(locator.locate(250, 250) == 8);
  CHECK(locator.locate(150, 150) == 9);   // inside the hole: the enclave ward
  CHECK(locator.locate(110, 110) == 4);   // in ward 4 around the hole
  CHECK(locator.locate(425, 25) == 10);   // first part of the multipolygon
  CHECK(locator.locate(425, 275) == 10);  // second part
  CHECK(locator.locate(425, 150) == kOutside);
  CHECK(locator.locate(-5, 50) == kOutside);
  CHECK(locator.locate(1e9, 1e9) == kOutside);
  CHECK(locator.locate(std::nan(""), 5) == kOutside);
}

TEST_CASE("a point on a shared edge belongs to exactly one ward: the one to its east, or north") {
  const WardSet wards = grid_wards();
  const join::WardLocator locator(wards);
  CHECK(locator.locate(100, 50) == 1);         // vertical edge between W0 and W1 → east (W1)
  CHECK(locator.locate(50, 100) == 3);         // horizontal edge between W0 and W3 → north (W3)
  CHECK(locator.locate(100, 100) == 4);        // corner of W0, W1, W3, W4 → north-east (W4)
  CHECK(locator.locate(130, 150) == 9);        // west edge of the enclave → the enclave (east)
  CHECK(locator.locate(170, 150) == 4);        // east edge of the enclave → ward 4 (east)
  CHECK(locator.locate(300, 50) == kOutside);  // outer east boundary: nothing to the east
  CHECK(locator.locate(0, 50) == 0);           // outer west boundary: inside
}

TEST_CASE("the indexed locator agrees with the brute force on random, vertex and edge points") {
  const WardSet wards = grid_wards();
  const join::WardLocator locator(wards);
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> coordinate(-20, 470);
  std::uniform_int_distribution<int> grid(0, 47);
  for (int i = 0; i < 20000; ++i) {
    const double x = coordinate(random), y = coordinate(random);
    REQUIRE(locator.locate(x, y) == join::locate_brute_force(wards, x, y));
  }
  for (int i = 0; i < 5000; ++i) {  // on the 10 m lattice: vertices and edges are hit exactly
    const double x = grid(random) * 10.0, y = grid(random) * 10.0;
    REQUIRE(locator.locate(x, y) == join::locate_brute_force(wards, x, y));
  }
}

TEST_CASE("interior points agree with Boost.Geometry's within()") {
  const WardSet wards = grid_wards();
  const join::WardLocator locator(wards);
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> coordinate(-20, 470);
  for (int i = 0; i < 5000; ++i) {
    const Point point(coordinate(random), coordinate(random));
    int32_t expected = kOutside;
    for (size_t w = 0; w < wards.size() && expected == kOutside; ++w)
      if (bg::within(point, wards.shape[w])) expected = static_cast<int32_t>(w);
    if (expected == kOutside) {
      bool on_boundary = false;
      for (const auto& shape : wards.shape) on_boundary |= bg::covered_by(point, shape);
      if (on_boundary) continue;
    }
    REQUIRE(locator.locate(point.x(), point.y()) == expected);
  }
}

TEST_CASE("on the real Essex wards the locator agrees with the brute force, vertices included") {
  SHARED_DATA_OR_SKIP(path, "essex/wards-2013.geojson")
  wards::WardLoadOptions options;
  options.path = path;
  wards::WardLoadReport report;
  const WardSet wards = wards::load_wards(options, report);
  REQUIRE(wards.size() == 304);
  const join::WardLocator locator(wards);
  std::mt19937_64 random(3);
  const Box& box = wards.extent;
  std::uniform_real_distribution<double> x(box.min_corner().x() - 1000,
                                           box.max_corner().x() + 1000);
  std::uniform_real_distribution<double> y(box.min_corner().y() - 1000,
                                           box.max_corner().y() + 1000);
  int inside = 0;
  for (int i = 0; i < 3000; ++i) {
    const double px = x(random), py = y(random);
    const int32_t ward = locator.locate(px, py);
    REQUIRE(ward == join::locate_brute_force(wards, px, py));
    inside += ward != kOutside;
  }
  CHECK(inside > 1000);
  // Every 97th vertex of every ward, exactly, and the midpoints of its edges.
  for (size_t w = 0; w < wards.size(); ++w)
    for (const auto& polygon : wards.shape[w])
      for (size_t v = 0; v + 1 < polygon.outer().size(); v += 97) {
        const Point& a = polygon.outer()[v];
        const Point& b = polygon.outer()[v + 1];
        REQUIRE(locator.locate(a.x(), a.y()) == join::locate_brute_force(wards, a.x(), a.y()));
        const double mx = (a.x() + b.x()) / 2, my = (a.y() + b.y()) / 2;
        REQUIRE(locator.locate(mx, my) == join::locate_brute_force(wards, mx, my));
      }
}

TEST_CASE("assign_wards gives the same answer on one thread and on two") {
  const WardSet wards = grid_wards();
  const join::WardLocator locator(wards);
  IncidentTable one, two;
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> coordinate(-20, 470);
  for (int i = 0; i < 50000; ++i) {
    const double x = coordinate(random), y = coordinate(random);
    one.push_back(x, y, 0, 0, TimePrecision::month);
    two.push_back(x, y, 0, 0, TimePrecision::month);
  }
  join::assign_wards(one, locator, 1);
  join::assign_wards(two, locator, 2);
  CHECK(one.ward == two.ward);
}
