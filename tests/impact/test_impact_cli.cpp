// `hotspot impact` as a user runs it: on the synthetic town with a planted effect, with a hotspot
// area from an analyse run, on police.uk months (the Essex data), and with bad arguments.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/synth/town.hpp"
#include "tests/e2e/e2e_support.hpp"
#include "tests/planted_town.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot::testing;

TEST_CASE("impact on the town with a planted fall writes the report in words") {
  const fs::path dir = temp_dir("impact-town");
  const hotspot::synth::Town town = hotspot::synth::build_town(0, 1);
  const auto& park = town.hotspots[hotspot::synth::parks].front();
  const std::string x = std::to_string(park.x_m), y = std::to_string(park.y_m);
  REQUIRE(run("synth --quiet --out " + (dir / "town").string() +
              " --effect anti-social-behaviour," + x + "," + y + ",400,2026-03-02,2026-04-26,0.5")
              .exit_code == 0);
  write_text((dir / "area.geojson").string(), circle_geojson(park.x_m, park.y_m, 400));
  const auto result = run("impact --config " + (dir / "town/hotspot.toml").string() + " --area " +
                          (dir / "area.geojson").string() +
                          " --category anti-social-behaviour --from 2026-03-02 --to 2026-04-26"
                          " --out " +
                          (dir / "out").string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("anti-social behaviour in the operation area was down") !=
        std::string::npos);
  const std::string markdown = read_file(dir / "out/impact.md");
  CHECK(markdown.find("Bowers & Johnson") != std::string::npos);
  const auto rows = read_csv(dir / "out/impact.csv");
  REQUIRE(rows.size() >= 7);
  CHECK(rows[0].at("measure") == "operation area");
  CHECK(std::stod(rows[0].at("ratio")) < 0.8);
}

TEST_CASE("impact takes a hotspot area from an analyse output folder") {
  const fs::path dir = temp_dir("impact-hotspot");
  const std::string config = (demo_input() / "hotspot.toml").string();
  REQUIRE(run("analyse --quiet --no-tiles --no-viewer --config " + config + " --out " +
              (dir / "analysis").string())
              .exit_code == 0);
  // Area ids are stable across runs (they come from the area's place, not its rank).
  const auto areas = read_csv(dir / "analysis/hotspots.csv");
  REQUIRE(!areas.empty());
  REQUIRE(areas[0].at("layer") == "burglary");
  const auto result =
      run("impact --quiet --config " + config + " --hotspot " + areas[0].at("id") + " --analysis " +
          (dir / "analysis").string() +
          " --category burglary --from 2026-01-05 --to 2026-02-01 --out " + (dir / "out").string());
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK(fs::exists(dir / "out/impact_areas.geojson"));
}

TEST_CASE("impact refuses dates outside the data and bad arguments with exit code 2") {
  const fs::path dir = temp_dir("impact-refusals");
  const std::string config = (demo_input() / "hotspot.toml").string();
  write_text((dir / "area.geojson").string(), circle_geojson(560000, 190000, 400));
  const std::string base = "impact --config " + config + " --area " +
                           (dir / "area.geojson").string() + " --category burglary --out " +
                           (dir / "out").string();
  const auto early = run(base + " --from 2024-11-05 --to 2024-11-10");
  CHECK(early.exit_code == 2);
  CHECK(early.output.find("fall outside the data") != std::string::npos);
  CHECK(run(base + " --from 2031-01-01 --to 2031-01-10").exit_code == 2);
  CHECK(run(base + " --from 2026-06-10 --to 2026-06-01").exit_code == 2);
  CHECK(run(base + " --from yesterday --to 2026-06-01").exit_code == 2);
  CHECK(run(base + " --from 2026-06-01 --to 2026-06-10 --buffer -5").exit_code == 2);
  CHECK(run("impact --config " + config +
            " --category burglary --from 2026-06-01 --to 2026-06-10 --out " +
            (dir / "out").string())
            .exit_code == 2);  // no area
  CHECK_FALSE(fs::exists(dir / "out/impact.md"));
}

TEST_CASE("impact on the Essex police.uk data works in months and refuses days") {
  const std::string essex = shared_data_path("essex/police-uk");
  const std::string wards = shared_data_path("essex/wards-2013.geojson");
  if (!fs::exists(essex)) {
    if (std::getenv("CI")) FAIL("the Essex data is missing: " << essex);
    WARN("skipped: " << essex << " is absent");
    return;
  }
  const fs::path dir = temp_dir("impact-essex");
  // Southend-on-Sea's centre (British National Grid), 600 m around it.
  write_text((dir / "area.geojson").string(), circle_geojson(588400, 185700, 600));
  const std::string base = "impact --incidents " + essex + " --wards " + wards + " --area " +
                           (dir / "area.geojson").string() +
                           " --category anti-social-behaviour --out " + (dir / "out").string();
  const auto months = run(base + " --from 2018-04 --to 2018-06");
  INFO(months.output);
  CHECK(months.exit_code == 0);
  CHECK(months.output.find("No comparison with last year") != std::string::npos);
  const auto days = run(base + " --from 2018-04-02 --to 2018-04-29");
  CHECK(days.exit_code == 2);
  CHECK(days.output.find("month only") != std::string::npos);
}
