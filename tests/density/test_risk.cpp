// Risk surfaces (dual KDE) against a brute-force dual KDE written from the quartic kernel's
// formula; the floor; polygons spread by the area they cover (against Boost.Geometry's
// intersection areas); the population-at-risk layer read back from GeoJSON.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>

#include "engine/core/errors.hpp"
#include "engine/density/kde.hpp"
#include "engine/density/population_layer.hpp"
#include "engine/density/risk.hpp"

using namespace hotspot;
using namespace hotspot::density;

namespace {

// The quartic kernel per km² at distance² d2: 3/(π h²) (1 − d²/h²)², zero beyond h.
double quartic_per_km2(double d2, double h) {
  if (d2 >= h * h) return 0;
  const double u = 1 - d2 / (h * h);
  return 3.0 / (std::numbers::pi * h * h) * u * u * 1e6;
}

struct Weighted {
  std::vector<double> x, y, w;
};

Weighted random_points(uint32_t seed, size_t n, double spread, bool weights) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> position(-spread, 1000 + spread), weight(1, 40);
  Weighted points;
  for (size_t i = 0; i < n; ++i) {
    points.x.push_back(position(random));
    points.y.push_back(position(random));
    points.w.push_back(weights ? weight(random) : 1);
  }
  return points;
}

double brute_force(const Weighted& points, double x, double y, double h) {
  double sum = 0;
  for (size_t i = 0; i < points.x.size(); ++i)
    sum += points.w[i] *
           quartic_per_km2(
               (points.x[i] - x) * (points.x[i] - x) + (points.y[i] - y) * (points.y[i] - y), h);
  return sum;
}

}  // namespace

TEST_CASE("each risk measure equals a brute-force dual kernel density, cell by cell") {
  const GridSpec spec{0, 0, 50, 20, 20};
  const double h = 180;
  const Weighted incidents = random_points(1, 150, 0, false);
  const Weighted people = random_points(2, 400, 100, true);
  const KdeOptions kde{Kernel::quartic, h, 4, 2};
  const DensityGrid incident_density = estimate_density(incidents.x, incidents.y, spec, kde);
  const DensityGrid people_density =
      estimate_weighted_density(people.x, people.y, people.w, spec, kde);
  double people_total = 0;
  for (double w : people.w) people_total += w;
  for (RiskMeasure measure :
       {RiskMeasure::ratio, RiskMeasure::log_ratio, RiskMeasure::difference}) {
    RiskOptions options;
    options.measure = measure;
    options.floor = 300;
    const RiskSurface risk =
        risk_surface(incident_density, 150, people_density, people_total, options, h);
    const double floor_per_km2 = 300 / (std::numbers::pi * h * h / 1e6);
    const double area_rate = 1000.0 * 150 / people_total;
    int64_t compared = 0, below_floor = 0;
    for (int32_t row = 0; row < spec.rows; ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const double x = spec.centre_x(column), y = spec.centre_y(row);
        const double events = brute_force(incidents, x, y, h),
                     residents = brute_force(people, x, y, h);
        const double value = risk.surface.density_per_km2[spec.index(column, row)];
        CAPTURE(risk_measure_name(measure), column, row, events, residents);
        if (residents < floor_per_km2 * (1 - 1e-9)) {
          CHECK(std::isnan(value));
          ++below_floor;
          continue;
        }
        if (measure == RiskMeasure::ratio) {
          CHECK(value == Approx(1000 * events / residents).epsilon(1e-6).margin(1e-9));
        } else if (measure == RiskMeasure::log_ratio) {
          if (events <= 1e-9) continue;  // ln 0: nodata (checked by count below)
          CHECK(value == Approx(std::log(1000 * events / residents / area_rate)).margin(1e-6));
        } else {
          CHECK(value == Approx(100 * (events / 150 - residents / people_total)).margin(1e-9));
        }
        ++compared;
      }
    CHECK(compared > 200);
    CHECK(below_floor == risk.cells_below_floor);
    CHECK(risk.area_ratio == Approx(area_rate));
  }
}

TEST_CASE("nodata outside the study area stays nodata, and ln 0 is nodata, not minus infinity") {
  const GridSpec spec{0, 0, 100, 3, 1};
  DensityGrid incidents{spec, {DensityGrid::kNoData, 0.0, 5.0}};
  DensityGrid people{spec, {DensityGrid::kNoData, 1000.0, 1000.0}};
  RiskOptions options;
  options.measure = RiskMeasure::log_ratio;
  options.floor = 0;
  const RiskSurface risk = risk_surface(incidents, 10, people, 2000, options, 100);
  CHECK(std::isnan(risk.surface.density_per_km2[0]));
  CHECK(std::isnan(risk.surface.density_per_km2[1]));
  CHECK(risk.cells_without_incidents == 1);
  CHECK(risk.surface.density_per_km2[2] ==
        Approx(std::log(1000 * 5.0 / 1000 / (1000 * 10.0 / 2000))));
  CHECK_THROWS_AS(parse_risk_measure("quotient"), ConfigError);
  CHECK(parse_risk_measure("log-ratio") == RiskMeasure::log_ratio);
}

TEST_CASE("a polygon's value is shared among cells by the area it covers in each") {
  const GridSpec spec{0, 0, 100, 10, 10};
  const std::vector<uint8_t> inside(100, 1);
  // A triangle and an L-shaped polygon with a hole, inside the grid.
  Polygon triangle;
  triangle.outer() = {Point(120, 130), Point(480, 610), Point(730, 170), Point(120, 130)};
  Polygon shape;
  shape.outer() = {Point(510, 520), Point(510, 940), Point(900, 940), Point(900, 800),
                   Point(650, 800), Point(650, 520), Point(510, 520)};
  shape.inners().push_back(
      {Point(540, 850), Point(600, 850), Point(600, 900), Point(540, 900), Point(540, 850)});
  std::vector<MultiPolygon> shapes{{triangle}, {shape}};
  for (auto& s : shapes) bg::correct(s);
  const std::vector<double> weights{1000, 500};
  const WeightedPoints points = spread_polygons(shapes, weights, spec, inside);
  double total = 0;
  for (double w : points.weight) total += w;
  CHECK(total == Approx(1500));
  // Each cell against the exact share: Boost.Geometry's intersection areas.
  std::vector<double> expected(spec.cell_count(), 0);
  for (size_t s = 0; s < shapes.size(); ++s) {
    const double area = bg::area(shapes[s]);
    for (int32_t row = 0; row < spec.rows; ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const Box cell(Point(column * 100.0, row * 100.0),
                       Point(column * 100.0 + 100, row * 100.0 + 100));
        MultiPolygon piece;
        bg::intersection(shapes[s], cell, piece);
        expected[spec.index(column, row)] += weights[s] * bg::area(piece) / area;
      }
  }
  std::vector<double> got(spec.cell_count(), 0);
  for (size_t i = 0; i < points.x.size(); ++i) {
    const auto column = static_cast<int32_t>(points.x[i] / 100),
               row = static_cast<int32_t>(points.y[i] / 100);
    CHECK(points.x[i] == Approx(spec.centre_x(column)));
    got[spec.index(column, row)] += points.weight[i];
  }
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == Approx(expected[i]).margin(1500 * 0.004));  // scan lines: 8 per cell
  }
}

TEST_CASE("a polygon reaching past the grid or the study area keeps only its share there") {
  const GridSpec spec{0, 0, 100, 4, 4};
  std::vector<uint8_t> inside(16, 1);
  inside[spec.index(0, 0)] = 0;  // the corner cell is outside the study area
  Polygon half;                  // half of it left of the grid
  half.outer() = {Point(-200, 0), Point(-200, 100), Point(200, 100), Point(200, 0), Point(-200, 0)};
  std::vector<MultiPolygon> shapes{{half}};
  bg::correct(shapes[0]);
  const WeightedPoints points = spread_polygons(shapes, {400}, spec, inside);
  REQUIRE(points.weight.size() == 1);  // cell (0,0) is outside; cell (1,0) keeps its 100
  CHECK(points.x[0] == Approx(150));
  CHECK(points.weight[0] == Approx(100));
}

TEST_CASE("the population-at-risk layer reads points and polygons from any GDAL layer") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotspot-risk-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string points = (dir / "dwellings.geojson").string();
  std::ofstream(points) << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"units":3},"geometry":{"type":"Point","coordinates":[0.3,51.58]}},
{"type":"Feature","properties":{"units":2},"geometry":{"type":"Point","coordinates":[0.31,51.58]}},
{"type":"Feature","properties":{"units":null},"geometry":{"type":"Point","coordinates":[0.32,51.58]}}]})";
  const PopulationLayer one_each = read_population_layer(points, "", "EPSG:27700");
  CHECK_FALSE(one_each.polygons);
  CHECK(one_each.total == 3);
  CHECK(one_each.x[0] == Approx(559461.3).margin(1));  // gdaltransform: 559461.27 189299.25
  const PopulationLayer weighted = read_population_layer(points, "units", "EPSG:27700");
  CHECK(weighted.total == 5);
  CHECK(weighted.skipped == 1);
  const std::string areas = (dir / "areas.geojson").string();
  std::ofstream(areas) << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"A","Residents":1200},"geometry":{"type":"Polygon","coordinates":[[[0.3,51.58],[0.31,51.58],[0.31,51.59],[0.3,51.59],[0.3,51.58]]]}}]})";
  const PopulationLayer polygons = read_population_layer(areas, "", "EPSG:27700");
  CHECK(polygons.polygons);
  CHECK(polygons.field == "Residents");
  CHECK(polygons.total == 1200);
  CHECK(bg::area(polygons.shapes[0]) == Approx(693.0 * 1112).epsilon(0.05));  // ~0.01° square
  CHECK_THROWS_AS(read_population_layer(areas, "nope", "EPSG:27700"), InputError);
  const std::string bad = (dir / "bad.geojson").string();
  std::ofstream(bad) << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"population":-4},"geometry":{"type":"Point","coordinates":[0.3,51.58]}}]})";
  try {
    read_population_layer(bad, "population", "EPSG:27700");
    FAIL("a negative population was accepted");
  } catch (const InputError& error) {
    CHECK_THAT(error.what(), Catch::Contains("feature 1"));
    // The value is not echoed (the file's own path, which holds the process id, may hold "-4").
    std::string message = error.what();
    for (size_t at; (at = message.find(bad)) != std::string::npos;) message.erase(at, bad.size());
    CHECK_THAT(message, !Catch::Contains("-4"));
  }
}
