// An operation's effect planted in the synthetic town (a known fall in anti-social behaviour
// around a park) is recovered within its interval; with nothing planted the result is not
// significant; displacement planted into the ring shows as a negative WDQ; periods outside the
// data and day periods on month-only data are refused.
#include <catch2/catch.hpp>

#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/impact/run.hpp"
#include "engine/synth/town.hpp"
#include "tests/planted_town.hpp"

using namespace hotspot;
using namespace hotspot::impact;
using hotspot::testing::TemporaryFolder;

namespace {

constexpr double kRadius_m = 400;

// The busiest park of the demo town: where the planted operation happens.
synth::Hotspot park() {
  const synth::Town town = synth::build_town(0, 1);
  synth::Hotspot best = town.hotspots[synth::parks].front();
  for (const synth::Hotspot& hotspot : town.hotspots[synth::parks])
    if (hotspot.weight > best.weight) best = hotspot;
  return best;
}

// Runs the town with an effect (ratio kept, displaced share) and evaluates it.
ImpactResult evaluate(double ratio, double displaced_share, const std::string& name) {
  TemporaryFolder folder("impact-" + name);
  const synth::Hotspot centre = park();
  synth::SynthOptions synth;
  synth.incidents = 120000;  // three times the demo: intervals narrow enough to tell 0.6 from 1
  if (ratio < 1) {
    synth::InjectedEffect effect;
    effect.category = "anti-social-behaviour";
    effect.x_m = centre.x_m;
    effect.y_m = centre.y_m;
    effect.radius_m = kRadius_m;
    effect.from_day = *parse_day("2026-03-02");
    effect.to_day = *parse_day("2026-04-26");
    effect.ratio = ratio;
    effect.displaced_share = displaced_share;
    effect.ring_m = 250;
    synth.injections.effects.push_back(effect);
  }
  ImpactOptions options;
  options.inputs = testing::planted_town(folder.path, synth);
  testing::write_text(folder.path + "/area.geojson",
                      testing::circle_geojson(centre.x_m, centre.y_m, kRadius_m));
  options.area_path = folder.path + "/area.geojson";
  options.category = "anti-social-behaviour";
  options.unit = PeriodUnit::day;
  options.from = *parse_day("2026-03-02");
  options.to = *parse_day("2026-04-26");  // eight weeks
  options.buffer_m = 250;
  options.out_dir = folder.path + "/out";
  const ImpactResult result = run_impact(options);
  for (const char* file : {"impact.md", "impact.csv", "impact_areas.geojson"})
    CHECK(std::filesystem::exists(options.out_dir + "/" + file));
  return result;
}

}  // namespace

TEST_CASE("a planted 40% fall is recovered within its interval, against both comparisons") {
  const ImpactResult result = evaluate(0.6, 0, "effect");
  INFO(result.headline);
  const RatioOfRatios& effect = result.against_comparison.effect;
  REQUIRE(result.against_comparison.available);
  CHECK(effect.low <= 0.6);
  CHECK(effect.high >= 0.6);
  CHECK(effect.significant());
  REQUIRE(result.against_last_year.available);
  CHECK(result.against_last_year.effect.low <= 0.6);
  CHECK(result.against_last_year.effect.high >= 0.6);
  CHECK(result.counts.area.before > 100);  // enough to judge
  CHECK(result.headline.find("down") != std::string::npos);
}

TEST_CASE("with nothing planted the change relative to the comparison is not significant") {
  const ImpactResult result = evaluate(1, 0, "null");
  INFO(result.headline);
  CHECK_FALSE(result.against_comparison.effect.significant());
  CHECK(result.against_comparison.effect.low <= 1);
  CHECK(result.against_comparison.effect.high >= 1);
  CHECK(result.headline.find("not significant") != std::string::npos);
}

TEST_CASE("incidents displaced into the ring give a negative displacement quotient") {
  const ImpactResult result = evaluate(0.6, 1, "displaced");
  INFO(result.displacement.reading);
  REQUIRE(result.displacement.meaningful);
  CHECK(result.displacement.wdq < -0.3);
  CHECK(result.displacement.reading.find("displacement") != std::string::npos);
}

TEST_CASE("periods outside the data, and day periods on month-only data, are refused") {
  TemporaryFolder folder("impact-refusals");
  ImpactOptions options;
  options.category = "anti-social-behaviour";
  options.out_dir = folder.path + "/out";
  const synth::Hotspot centre = park();
  SECTION("the weeks before the operation start before the data") {
    options.inputs = testing::planted_town(folder.path, synth::SynthOptions{});
    testing::write_text(folder.path + "/area.geojson",
                        testing::circle_geojson(centre.x_m, centre.y_m, 400));
    options.area_path = folder.path + "/area.geojson";
    options.from = *parse_day("2024-11-10");
    options.to = *parse_day("2024-11-20");
    CHECK_THROWS_WITH(run_impact(options), Catch::Contains("fall outside the data"));
    options.from = *parse_day("2027-01-01");
    options.to = *parse_day("2027-01-20");
    CHECK_THROWS_AS(run_impact(options), UsageError);
  }
  SECTION("police.uk data: days are refused, months work") {
    options.inputs = testing::planted_town(folder.path, synth::SynthOptions{}, true);
    testing::write_text(folder.path + "/area.geojson",
                        testing::circle_geojson(centre.x_m, centre.y_m, 400));
    options.area_path = folder.path + "/area.geojson";
    options.from = *parse_day("2026-03-02");
    options.to = *parse_day("2026-04-26");
    CHECK_THROWS_WITH(run_impact(options), Catch::Contains("month only"));
    options.unit = PeriodUnit::month;
    options.from = *parse_month("2026-03");
    options.to = *parse_month("2026-04");
    const ImpactResult result = run_impact(options);
    CHECK(result.counts.area.before > 0);
    CHECK(result.against_last_year.available);
  }
  SECTION("a hotspot id that is not in hotspots.geojson") {
    options.inputs = testing::planted_town(folder.path, synth::SynthOptions{});
    std::filesystem::create_directories(folder.path + "/analysis");
    testing::write_text(folder.path + "/analysis/hotspots.geojson",
                        testing::circle_geojson(centre.x_m, centre.y_m, 400));
    options.hotspot_id = "burglary-9";
    options.analysis_dir = folder.path + "/analysis";
    options.from = *parse_day("2026-03-02");
    options.to = *parse_day("2026-04-26");
    CHECK_THROWS_WITH(run_impact(options), Catch::Contains("no area with id 'burglary-9'"));
    options.hotspot_id = "op";
    CHECK_NOTHROW(run_impact(options));
  }
}
