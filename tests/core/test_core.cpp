// The core utilities every stage shares: months, parallel work that carries exceptions home,
// the stage clock, the GeoJSON writer and coordinate transforms.
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/core/atomic_file.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/geojson_writer.hpp"
#include "engine/core/month.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/stage_clock.hpp"

using namespace hotspot;

TEST_CASE("months are read strictly as YYYY-MM and written back the same") {
  REQUIRE(parse_month("2025-03") == civil_time::month_index(2025, 3));
  REQUIRE(month_label(*parse_month("2025-03")) == "2025-03");
  REQUIRE(month_label(*parse_month("1999-12")) == "1999-12");
  for (const char* bad :
       {"2025-3", "2025-13", "2025-00", "25-03", "2025/03", "2025-03x", "", "0001-01", "2025-031"})
    REQUIRE_FALSE(parse_month(bad));
  SECTION("ranges") {
    const auto range = parse_month_range("2025-01:2025-06");
    REQUIRE(range);
    REQUIRE(range->months() == 6);
    REQUIRE(range->contains(*parse_month("2025-06")));
    REQUIRE_FALSE(range->contains(*parse_month("2025-07")));
    REQUIRE_FALSE(parse_month_range("2025-06:2025-01"));
    REQUIRE(parse_month_range("2025-06")->months() == 1);
    REQUIRE(parse_month_range("2025-06")->label() == "2025-06");
    REQUIRE(parse_month_range("2025-01:2025-06")->label() == "2025-01 to 2025-06");
    REQUIRE_FALSE(parse_month_range("2025-06:"));
  }
}

TEST_CASE("parallel_for covers every index once, in chunks that do not depend on timing") {
  for (int threads : {1, 2, 3, 8})
    for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{1000}}) {
      std::vector<std::atomic<int>> seen(count);
      parallel_for(count, threads, [&](size_t begin, size_t end, int worker) {
        REQUIRE(begin == chunk_of(count, threads, worker).begin);
        for (size_t i = begin; i < end; ++i) ++seen[i];
      });
      for (auto& s : seen) REQUIRE(s == 1);
    }
}

TEST_CASE("an exception in a worker reaches the caller instead of terminating the process") {
  REQUIRE_THROWS_WITH(parallel_for(100, 2,
                                   [](size_t begin, size_t, int) {
                                     if (begin > 0) throw std::runtime_error("worker failed");
                                   }),
                      "worker failed");
  REQUIRE_THROWS_AS(parallel_workers(3,
                                     [](int worker) {
                                       if (worker == 2) throw std::invalid_argument("third");
                                     }),
                    std::invalid_argument);
}

TEST_CASE(
    "the stage clock sums each stage's steps in the order stages first ran, and reports each "
    "step") {
  std::vector<std::string> heard;
  StageClock clock([&](const std::string& stage, const std::string& label, double) {
    heard.push_back(stage + "/" + label);
  });
  REQUIRE(clock.time("density", "burglary", [] { return 3; }) == 3);
  clock.time("hotspots", [] {});
  clock.time("density", "robbery", [] {});
  REQUIRE(clock.timings().size() == 2);
  REQUIRE(clock.timings()[0].first == "density");
  REQUIRE(clock.timings()[1].first == "hotspots");
  REQUIRE(heard == std::vector<std::string>{"density/burglary", "hotspots/", "density/robbery"});
}

TEST_CASE("the GeoJSON writer writes RFC 7946 features that parse back to the same values") {
  GeoJsonWriter writer("wards");
  Polygon square;
  // Clockwise exterior as Boost stores it; the file must be counter-clockwise (RFC 7946).
  square.outer() = {Point(0, 0), Point(0, 1), Point(1, 1), Point(1, 0), Point(0, 0)};
  writer.add({{"name", "A \"quoted\" ward"}, {"count", 3}}, MultiPolygon{square});
  writer.add_point({{"id", 1}}, -0.5, 51.25);
  const auto document = nlohmann::json::parse(writer.finish());
  REQUIRE(document["name"] == "wards");
  REQUIRE(document["features"].size() == 2);
  REQUIRE(document["features"][0]["properties"]["name"] == "A \"quoted\" ward");
  REQUIRE(document["features"][1]["geometry"]["coordinates"][1].get<double>() == Approx(51.25));
  SECTION("taken in pieces, the document is the same bytes") {
    GeoJsonWriter whole("points"), pieces("points");
    std::string joined;
    for (int i = 0; i < 5; ++i) {
      whole.add_point({{"id", i}}, i * 0.25, 51.0 + i);
      pieces.add_point({{"id", i}}, i * 0.25, 51.0 + i);
      if (i % 2 == 0) {
        joined += pieces.take_pending();
        CHECK(pieces.pending_bytes() == 0);
      }
    }
    joined += pieces.finish();
    CHECK(joined == whole.finish());
    CHECK(nlohmann::json::parse(joined)["features"].size() == 5);
  }
  SECTION("empty collections are valid too") {
    GeoJsonWriter empty;
    REQUIRE(nlohmann::json::parse(empty.finish())["features"].empty());
  }
  SECTION("nulls can be dropped") {
    const auto kept = without_nulls({{"a", nullptr}, {"b", 2}});
    REQUIRE(kept.size() == 1);
    REQUIRE(kept["b"] == 2);
  }
}

TEST_CASE("a transform matches the Ordnance Survey's worked example and names what it used") {
  // A guide to coordinate systems in Great Britain (Ordnance Survey), worked example C.1:
  // E 651409.903, N 313177.270 is 52°39'27.2531"N, 1°43'4.5177"E on OSGB36 (Airy 1830).
  CoordinateTransform to_osgb36("EPSG:27700", "EPSG:4277");
  double lon = 651409.903, lat = 313177.270;
  to_osgb36.transform(&lon, &lat, 1);
  CHECK(lat == Approx(52 + 39 / 60.0 + 27.2531 / 3600).margin(1e-8));
  CHECK(lon == Approx(1 + 43 / 60.0 + 4.5177 / 3600).margin(1e-8));
  CHECK(to_osgb36.operation_name().rfind("Inverse of British National Grid", 0) == 0);

  // To WGS 84 PROJ chooses among several operations; the one used last is reported, and asking
  // twice, or after more points, gives the same answer as after each point.
  CoordinateTransform to_wgs84("EPSG:27700", "EPSG:4326");
  const std::string before = to_wgs84.operation_name();
  CHECK_FALSE(before.empty());
  std::string after_each;
  for (int k = 0; k < 5; ++k) {
    double x = 500000 + 1000 * k, y = 200000;
    to_wgs84.transform(&x, &y, 1);
    CHECK(std::abs(y - 51.7) < 0.1);
    after_each = to_wgs84.operation_name();
  }
  CHECK(after_each.find("British National Grid") != std::string::npos);
  CHECK(to_wgs84.operation_name() == after_each);
  CHECK(to_wgs84.accuracy_m() == to_wgs84.accuracy_m());
  CHECK((to_wgs84.accuracy_m() > 0 || to_wgs84.accuracy_m() == -1));
}

TEST_CASE("a file written piece by piece is renamed into place only when it is complete") {
  namespace fs = std::filesystem;
  const fs::path folder = fs::temp_directory_path() / "hotspot_test_pieces";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::string path = (folder / "labels.geojson").string();
  auto contents = [&] {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  };
  write_pieces_atomically(path, [](const WritePiece& write) {
    write("one,");
    write("");
    write(std::string(3 << 20, 'x'));  // larger than a single write() may take
    write(",three");
  });
  CHECK(contents() == "one," + std::string(3 << 20, 'x') + ",three");
  SECTION("a producer that fails leaves the earlier file and no temporary one") {
    CHECK_THROWS_AS(write_pieces_atomically(path,
                                            [](const WritePiece& write) {
                                              write("partial");
                                              throw std::runtime_error("interrupted");
                                            }),
                    std::runtime_error);
    CHECK(contents() == "one," + std::string(3 << 20, 'x') + ",three");
    CHECK(remove_temporary_files(folder.string()) == 0);
  }
  fs::remove_all(folder);
}
