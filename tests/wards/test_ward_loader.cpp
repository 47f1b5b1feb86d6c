// Ward loading: ONS fields detected, invalid polygons repaired with GEOS and reported,
// population from a CSV, and clear errors for files that cannot be wards.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/core/errors.hpp"
#include "engine/wards/population_csv.hpp"
#include "engine/wards/ward_loader.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const fs::path dir = fs::temp_directory_path() / ("hotspot-wards-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file) << content;
  return file.string();
}

// Two wards near Chelmsford in lon/lat; the second is a self-intersecting "bow tie".
const char* kWards = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"WD23CD":"E05000001","WD23NM":"Square","pop":"1200"},
  "geometry":{"type":"Polygon","coordinates":[[[0.40,51.70],[0.42,51.70],[0.42,51.72],[0.40,51.72],[0.40,51.70]]]}},
 {"type":"Feature","properties":{"WD23CD":"E05000002","WD23NM":"Bow tie","pop":"800"},
  "geometry":{"type":"Polygon","coordinates":[[[0.42,51.70],[0.44,51.72],[0.44,51.70],[0.42,51.72],[0.42,51.70]]]}}]})";

}  // namespace

TEST_CASE("ONS ward fields are detected and the wards are projected to British National Grid") {
  wards::WardLoadOptions options;
  options.path = write_temp("wards.geojson", kWards);
  wards::WardLoadReport report;
  const WardSet wards = wards::load_wards(options, report);
  REQUIRE(wards.size() == 2);
  CHECK(report.code_field == "WD23CD");
  CHECK(report.name_field == "WD23NM");
  CHECK(report.analysis_crs == "EPSG:27700");
  CHECK(wards.code[0] == "E05000001");
  CHECK(wards.population[0] == 1200);  // the "pop" field
  // 0.02° × 0.02° near 51.7°N is about 1.38 km × 2.22 km.
  CHECK(bg::area(wards.shape[0]) == Approx(1.38e3 * 2.225e3).epsilon(0.02));
}

TEST_CASE("an invalid polygon is repaired with GEOS and the repair is reported") {
  wards::WardLoadOptions options;
  options.path = write_temp("wards.geojson", kWards);
  wards::WardLoadReport report;
  const WardSet wards = wards::load_wards(options, report);
  REQUIRE(report.repaired.size() == 1);
  CHECK(report.repaired[0].find("E05000002") == 0);
  CHECK(bg::is_valid(wards.shape[1]));
  CHECK(wards.shape[1].size() == 2);  // the bow tie becomes two triangles
}

TEST_CASE("population comes from a CSV: wards it does not name are left without and reported") {
  wards::WardLoadOptions options;
  options.path = write_temp("wards.geojson", kWards);
  options.population_csv =
      write_temp("population.csv", "ward_code,population\nE05000001,\"5,000\"\nE09999999,10\n");
  wards::WardLoadReport report;
  const WardSet wards = wards::load_wards(options, report);
  CHECK(wards.population[0] == 5000);
  CHECK(std::isnan(wards.population[1]));
  CHECK(report.wards_without_population == 1);
  CHECK(report.notes.size() == 2);  // one unmatched CSV row, one ward without population
}

TEST_CASE("files that cannot be wards get a clear error") {
  wards::WardLoadOptions options;
  wards::WardLoadReport report;
  SECTION("no polygons") {
    options.path = write_temp(
        "points.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"WD23CD":"A"},"geometry":{"type":"Point","coordinates":[0,51]}}]})");
    CHECK_THROWS_WITH(wards::load_wards(options, report),
                      Catch::Contains("points.geojson") && Catch::Contains("polygon"));
  }
  SECTION("not a readable file") {
    options.path = write_temp("junk.geojson", "this is not GeoJSON");
    CHECK_THROWS_AS(wards::load_wards(options, report), InputError);
  }
  SECTION("a ward layer with no coordinate reference system") {
    options.path =
        write_temp("no_crs.csv", "WKT,ward_code\n\"POLYGON((0 0,0 1,1 1,1 0,0 0))\",A\n");
    CHECK_THROWS_WITH(
        wards::load_wards(options, report),
        Catch::Contains("no_crs.csv") && Catch::Contains("coordinate reference system"));
  }
  SECTION("a named code field that is not there") {
    options.path = write_temp("wards.geojson", kWards);
    options.code_field = "LAD23CD";
    CHECK_THROWS_WITH(wards::load_wards(options, report), Catch::Contains("LAD23CD"));
  }
  SECTION("a population CSV with a bad number names line and field") {
    const std::string path = write_temp("population.csv", "ward_code,population\nE05000001,lots\n");
    CHECK_THROWS_WITH(wards::read_population_csv(path),
                      Catch::Contains("population.csv:2") && Catch::Contains("'population'"));
  }
}

TEST_CASE("the real Essex ward file loads with every ward") {
  SHARED_DATA_OR_SKIP(path, "essex/wards-2013.geojson")
  wards::WardLoadOptions options;
  options.path = path;
  wards::WardLoadReport report;
  const WardSet wards = wards::load_wards(options, report);
  CHECK(wards.size() == 304);
  CHECK(report.code_field == "WD13CD");
  CHECK(report.analysis_crs == "EPSG:27700");
  for (const auto& shape : wards.shape) CHECK(bg::is_valid(shape));
}
