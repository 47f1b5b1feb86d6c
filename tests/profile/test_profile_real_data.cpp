// Profiles on real inputs through ingest and join: the police.uk Essex download (month-only
// times, no population) and the built-in demo area (full timestamps, populations).
#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/core/civil_time.hpp"
#include "engine/profile/ward_profile.hpp"
#include "engine/study/study.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot;
using namespace hotspot::profile;

namespace {

struct Joined {
  WardSet wards;
  IncidentTable incidents;
};

Joined load_and_join(const std::string& wards_path, const std::string& population_csv,
                     const std::vector<std::string>& incident_paths,
                     ingest::IngestOptions options) {
  study::StudyOptions study_options;
  study_options.wards.path = wards_path;
  study_options.wards.population_csv = population_csv;
  study_options.incidents = incident_paths;
  study_options.ingest = std::move(options);
  StageClock clock;
  study::Study study = study::load_study(study_options, clock);
  return Joined{std::move(*study.wards), std::move(study.ingested.table)};
}

int64_t in_wards(const IncidentTable& incidents, int32_t first_month, int32_t last_month) {
  int64_t count = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const int32_t month = civil_time::month_index(incidents.local_time_s[i]);
    count += incidents.ward[i] != kOutside && month >= first_month && month <= last_month;
  }
  return count;
}

}  // namespace

TEST_CASE("police.uk data without population gives counts, ranks by count and no hour table",
          "[profile]") {
  SHARED_DATA_OR_SKIP(data, "essex")
  const Joined joined = load_and_join(data + "/wards-2013.geojson", "", {data + "/police-uk"}, {});
  const AreaProfile area = build_profiles(joined.incidents, joined.wards, {});

  CHECK(area.from_month == civil_time::month_index(2018, 1));
  CHECK(area.to_month == civil_time::month_index(2018, 6));
  CHECK_FALSE(area.has_previous_period);
  CHECK_FALSE(area.has_population);
  CHECK(area.population_note.rfind("no population given for any ward", 0) == 0);
  CHECK(area.total == in_wards(joined.incidents, area.from_month, area.to_month));
  CHECK(area.total > 90000);
  CHECK(area.timed_count == 0);  // police.uk gives months only
  int64_t sum = 0;
  std::vector<int> ranks;
  for (const WardProfile& ward : area.wards) {
    sum += ward.total.count;
    ranks.push_back(ward.total.rank);
    CHECK(ward.total.comparison == Comparison::unknown);
    CHECK(ward.hour_by_weekday == decltype(ward.hour_by_weekday){});
  }
  CHECK(sum == area.total);
  std::sort(ranks.begin(), ranks.end());
  for (size_t r = 0; r < ranks.size(); ++r) CHECK(ranks[r] == static_cast<int>(r + 1));
  CHECK(area.categories.front() == "anti-social-behaviour");

  SECTION("a later study period gets the change on the months before it") {
    ProfileOptions options;
    options.from_month = civil_time::month_index(2018, 4);
    options.to_month = civil_time::month_index(2018, 6);
    const AreaProfile later = build_profiles(joined.incidents, joined.wards, options);
    REQUIRE(later.has_previous_period);
    CHECK(later.previous_total == in_wards(joined.incidents, civil_time::month_index(2018, 1),
                                           civil_time::month_index(2018, 3)));
    CHECK(later.total + later.previous_total == area.total);
  }
}

TEST_CASE("the demo area's profile puts the town centre first and fills the hour table",
          "[profile]") {
  const std::string demo = std::string(HOTSPOT_SOURCE_DIR) + "/geodata/demo";
  REQUIRE(std::filesystem::exists(demo + "/incidents.csv"));
  ingest::IngestOptions options;
  options.x_column = "easting";
  options.y_column = "northing";
  options.category_column = "offence";
  options.time_column = "occurred_at";
  options.id_column = "incident_id";
  options.crs = "EPSG:27700";
  const Joined joined = load_and_join(demo + "/wards.geojson", demo + "/population.csv",
                                      {demo + "/incidents.csv"}, options);
  ProfileOptions profile_options;
  profile_options.from_month = civil_time::month_index(2025, 11);
  profile_options.to_month = civil_time::month_index(2026, 10);
  const AreaProfile area = build_profiles(joined.incidents, joined.wards, profile_options);

  CHECK(area.has_population);
  CHECK(area.population_note.empty());
  REQUIRE(area.has_previous_period);  // the demo's first year
  CHECK(area.timed_count == area.total);
  CHECK(area.monthly.size() == 12);
  REQUIRE_FALSE(area.priority_order.empty());
  CHECK(joined.wards.name[area.priority_order.front()] == "Town Centre");
  // Shoplifting rises year on year in the model (+10% a year).
  const int shoplifting =
      static_cast<int>(std::find(area.categories.begin(), area.categories.end(), "shoplifting") -
                       area.categories.begin());
  int64_t now = 0, before = 0;
  for (const WardProfile& ward : area.wards) {
    now += ward.by_category[shoplifting].count;
    before += ward.by_category[shoplifting].previous_count;
  }
  CHECK(now > before);
  // Friday and Saturday 23:00 are busier than Tuesday 23:00 in the whole area.
  CHECK(area.hour_by_weekday[4 * 24 + 23] > area.hour_by_weekday[1 * 24 + 23]);
  CHECK(area.hour_by_weekday[5 * 24 + 23] > area.hour_by_weekday[1 * 24 + 23]);
}
