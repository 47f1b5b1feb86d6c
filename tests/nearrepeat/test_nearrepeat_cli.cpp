// `hotspot nearrepeat` as a user runs it: on the synthetic town with planted near repeats (and an
// address layer), on police.uk month-only data (refused, exit 2), with --public (refused).
#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/e2e/e2e_support.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot::testing;

namespace {

// A point layer of addresses in British National Grid metres around (x, y).
std::string addresses_geojson(double x, double y) {
  std::string features;
  for (int i = 0; i < 5; ++i)
    features += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"address":")" +
                std::to_string(i + 1) +
                R"( Test Street"},"geometry":{"type":"Point","coordinates":[)" +
                std::to_string(x + 60.0 * i) + "," + std::to_string(y) + "]}}";
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[)" +
         features + "]}";
}

}  // namespace

TEST_CASE(
    "nearrepeat on the town with planted near repeats writes the table, zones and addresses") {
  const fs::path dir = temp_dir("nearrepeat-town");
  REQUIRE(run("synth --quiet --near-repeats 0.3 --out " + (dir / "town").string()).exit_code == 0);
  // The first recent burglary's place, to put addresses around it.
  const auto first = run("nearrepeat --quiet --config " + (dir / "town/hotspot.toml").string() +
                         " --permutations 99 --out " + (dir / "first").string());
  REQUIRE(first.exit_code == 0);
  const auto zones = read_csv(dir / "first/cocoon_zones.csv");
  REQUIRE(!zones.empty());
  const double x = std::stod(zones[0].at("easting")), y = std::stod(zones[0].at("northing"));
  std::ofstream(dir / "addresses.geojson") << addresses_geojson(x, y);

  const auto result =
      run("nearrepeat --config " + (dir / "town/hotspot.toml").string() + " --addresses " +
          (dir / "addresses.geojson").string() + " --out " + (dir / "out").string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("times as common as chance would make them") != std::string::npos);
  const std::string markdown = read_file(dir / "out/knox.md");
  CHECK(markdown.find("| [0, 100) m |") != std::string::npos);
  CHECK(markdown.find("[0, 14) days") != std::string::npos);
  const auto table = read_csv(dir / "out/knox.csv");
  CHECK(table.size() == 36);  // 6 distance rows × 6 time columns
  const auto listed = read_csv(dir / "out/cocoon_addresses.csv");
  REQUIRE(!listed.empty());
  CHECK(listed[0].at("zone") == "1");
  CHECK(listed[0].at("address") == "1 Test Street");
  CHECK(read_file(dir / "out/cocoon_zones.geojson").find("\"burglary_date\"") != std::string::npos);
  // Deterministic whatever the thread count.
  REQUIRE(run("nearrepeat --quiet --threads 1 --config " + (dir / "town/hotspot.toml").string() +
              " --out " + (dir / "one").string())
              .exit_code == 0);
  CHECK(read_file(dir / "one/knox.csv") == read_file(dir / "out/knox.csv"));
}

TEST_CASE("nearrepeat on police.uk month-only data exits 2 and says why") {
  const fs::path dir = temp_dir("nearrepeat-policeuk");
  REQUIRE(run("synth --quiet --police-uk --out " + (dir / "town").string()).exit_code == 0);
  const auto result = run("nearrepeat --config " + (dir / "town/hotspot.toml").string() +
                          " --out " + (dir / "out").string());
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("month only") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out/knox.csv"));
}

TEST_CASE("nearrepeat on the Essex police.uk data is refused: it gives months, not days") {
  const std::string essex = shared_data_path("essex/police-uk");
  if (!fs::exists(essex)) {
    if (std::getenv("CI")) FAIL("the Essex data is missing: " << essex);
    WARN("skipped: " << essex << " is absent");
    return;
  }
  const fs::path dir = temp_dir("nearrepeat-essex");
  const auto result = run("nearrepeat --incidents " + essex + " --out " + dir.string());
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("month only") != std::string::npos);
}

TEST_CASE("nearrepeat refuses --public and bad options with exit code 2") {
  const fs::path dir = temp_dir("nearrepeat-refusals");
  const std::string config = (demo_input() / "hotspot.toml").string();
  const auto public_mode = run("nearrepeat --public --config " + config + " --out " + dir.string());
  CHECK(public_mode.exit_code == 2);
  CHECK(public_mode.output.find("no public mode") != std::string::npos);
  CHECK(run("nearrepeat --config " + config + " --distance chebyshev --out " + dir.string())
            .exit_code == 2);
  CHECK(
      run("nearrepeat --config " + config + " --permutations 0 --out " + dir.string()).exit_code ==
      2);
  CHECK(run("nearrepeat --config " + config + " --as-of 2030-01-01 --out " + dir.string())
            .exit_code == 2);
  CHECK(
      run("nearrepeat --config " + config + " --from 2026-13-01 --out " + dir.string()).exit_code ==
      2);
  CHECK(fs::is_empty(dir));
}
