// Near repeats planted in the synthetic town are found; where none are planted, none are found;
// month-only records are refused; cocoon zones cover the recent burglaries and their addresses.
#include <catch2/catch.hpp>

#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/nearrepeat/cocoon.hpp"
#include "engine/nearrepeat/events.hpp"
#include "engine/nearrepeat/knox.hpp"
#include "engine/nearrepeat/risk_zone.hpp"
#include "engine/nearrepeat/run.hpp"
#include "tests/planted_town.hpp"

using namespace hotspot;
using namespace hotspot::nearrepeat;
using hotspot::testing::TemporaryFolder;

namespace {

KnoxTable knox_on_town(double near_repeat_share, RiskZone& zone) {
  TemporaryFolder folder("knox-town");
  synth::SynthOptions synth;
  synth.injections.near_repeat_share = near_repeat_share;
  const study::Study study = testing::load(testing::planted_town(folder.path, synth));
  const EventSet events = select_events(study.incidents(), EventSelection{}, "incidents.csv");
  KnoxOptions options;
  options.bands.spatial_bandwidth_m = 100;
  options.bands.temporal_bandwidth_days = 7;
  const KnoxTable table = knox_test(events.x_m, events.y_m, events.day, options);
  zone = find_risk_zone(table);
  return table;
}

}  // namespace

TEST_CASE("near repeats planted within 150 m and 10 days are found there") {
  RiskZone zone;
  const KnoxTable table = knox_on_town(0.3, zone);
  REQUIRE(zone.found);
  CHECK(table.knox_ratio[table.cell(0, 0)] > 2);
  CHECK(table.p_value[table.cell(0, 0)] <= 0.002);
  // Planted up to 150 m and 10 days: the zone reaches 100-200 m and 7-14 days, not far beyond.
  CHECK(zone.distance_m >= 100);
  CHECK(zone.distance_m <= 300);
  CHECK(zone.days >= 7);
  CHECK(zone.days <= 21);
  const std::string words = describe_risk_zone(zone, table, "burglaries");
  CHECK(words.find("times as common as chance would make them") != std::string::npos);
}

TEST_CASE("where no near repeats were planted, the Knox test finds no zone") {
  RiskZone zone;
  const KnoxTable table = knox_on_town(0, zone);
  CHECK_FALSE(zone.found);
  CHECK(table.p_value[table.cell(0, 0)] > 0.05);
  CHECK(describe_risk_zone(zone, table, "burglaries").find("No near-repeat pattern") == 0);
}

TEST_CASE("records that give the month only are refused with the reason and what would do") {
  IncidentTable incidents;
  const CategoryId burglary = incidents.category_id("burglary");
  for (int i = 0; i < 10; ++i)
    incidents.push_back(i * 10.0, 0, burglary, 1'700'000'000, TimePrecision::month);
  try {
    select_events(incidents, EventSelection{}, "2018-01-essex-street.csv");
    FAIL("month-only records were accepted");
  } catch (const InputError& error) {
    const std::string message = error.what();
    CHECK(message.find("2018-01-essex-street.csv") != std::string::npos);
    CHECK(message.find("month only") != std::string::npos);
    CHECK(message.find("force's own export") != std::string::npos);
  }
}

TEST_CASE("cocoon zones cover the burglaries of the last N days and list the addresses inside") {
  EventSet events;
  // Burglaries on days 90 (old), 120, 125 and 127; the data's last day is 127.
  for (const auto& [x, day] :
       std::vector<std::pair<double, int32_t>>{{0, 90}, {1000, 120}, {2000, 125}, {3000, 127}}) {
    events.x_m.push_back(x);
    events.y_m.push_back(0);
    events.day.push_back(day);
    events.incident.push_back(static_cast<uint32_t>(events.incident.size()));
  }
  events.first_day = 90;
  events.last_day = 127;
  AddressSet addresses;
  for (double x : {1050.0, 1199.0, 1250.0, 2100.0, 3000.0, 50.0}) {
    addresses.x_m.push_back(x);
    addresses.y_m.push_back(0);
    addresses.label.push_back("address at " + std::to_string(static_cast<int>(x)));
  }
  CocoonOptions options;  // 28 days, no Knox zone: the 200 m / 14 day defaults
  CocoonPlan plan = plan_cocoons(events, RiskZone{}, options);
  REQUIRE(plan.zones.size() == 3);  // days 120, 125, 127 (90 is older than 28 days)
  CHECK(plan.distance_m == 200);
  CHECK(plan.days == 14);
  CHECK(plan.basis.find("defaults") != std::string::npos);
  CHECK(plan.zones[0].last_day == 133);
  assign_addresses(plan, events, addresses, DistanceMetric::euclidean);
  CHECK(plan.zones[0].addresses == std::vector<uint32_t>{0, 1});  // 50 m and 199 m; 250 m is out
  CHECK(plan.zones[1].addresses == std::vector<uint32_t>{3});
  CHECK(plan.zones[2].addresses == std::vector<uint32_t>{4});
  CHECK(plan.unique_addresses == 4);
  SECTION("a Knox zone sets the distance and days") {
    RiskZone zone;
    zone.found = true;
    zone.distance_m = 300;
    zone.days = 21;
    plan = plan_cocoons(events, zone, options);
    CHECK(plan.distance_m == 300);
    CHECK(plan.days == 21);
  }
  SECTION("--as-of outside the data is refused") {
    options.as_of_day = 200;
    CHECK_THROWS_AS(plan_cocoons(events, RiskZone{}, options), UsageError);
  }
}

TEST_CASE("nearrepeat refuses public mode, whose outputs would place victims' homes") {
  NearRepeatOptions options;
  options.inputs.incidents = {"incidents.csv"};
  options.out_dir = "out";
  options.public_output = true;
  CHECK_THROWS_WITH(options.validate(), Catch::Contains("no public mode"));
}
