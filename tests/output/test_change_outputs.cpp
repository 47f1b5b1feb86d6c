// Change on the baseline in the ward outputs: the sentence, the columns, and public mode
// withholding a change whenever either count it rests on is withheld.
#include <catch2/catch.hpp>

#include "engine/core/civil_time.hpp"
#include "engine/output/change_json.hpp"
#include "engine/output/ward_publication.hpp"
#include "engine/output/ward_report.hpp"

using namespace hotspot;
using namespace hotspot::output;

namespace {

// Two wards, two categories; the baseline is the previous month.
profile::AreaProfile two_wards(const std::vector<std::array<int, 4>>& rows) {
  // rows: {ward, category (0 burglary / 1 drugs), month offset (0 baseline, 1 study), count}
  IncidentTable table;
  const char* slugs[] = {"burglary", "drugs"};
  for (const auto& [ward, category, offset, count] : rows)
    for (int k = 0; k < count; ++k) {
      table.push_back(0, 0, table.category_id(slugs[category]),
                      civil_time::to_seconds(2025, 1 + offset, 1, 0, 0, 0), TimePrecision::month);
      table.ward.push_back(ward);
    }
  WardSet wards;
  wards.code = {"X1", "X2"};
  wards.name = {"One", "Two"};
  wards.population = {1000, 1000};
  wards.shape.resize(2);
  profile::ProfileOptions options;
  options.from_month = options.to_month = civil_time::month_index(2025, 2);
  return profile::build_profiles(table, wards, options);
}

}  // namespace

TEST_CASE("the change sentence gives both counts, the baseline and the test in words") {
  profile::Stats stats;
  stats.count = 60;
  stats.previous_count = 30;
  stats.change = profile::compare_counts(60, 30);
  CHECK(change_sentence(stats, "the same period last year (2024-11 to 2025-10)")
            .rfind("60 against 30 in the same period last year (2024-11 to 2025-10): up 100% "
                   "(95% CI ",
                   0) == 0);
  stats.count = 5;
  stats.previous_count = 1;
  stats.change = profile::compare_counts(5, 1);
  CHECK(change_sentence(stats, "") == "5 against 1 in the previous period: too few to say");
  stats.previous_count = -1;
  CHECK(change_sentence(stats, "").empty());
}

TEST_CASE("change columns are null together, and an unbounded interval has no upper end") {
  const auto shown = change_columns(profile::compare_counts(12, 0), true);
  CHECK(shown["change_ratio"].is_null());  // no baseline incidents: no ratio
  CHECK(shown["change_high"].is_null());
  CHECK(shown["change_small"] == true);  // fewer than 5 in the baseline
  CHECK(shown["change_p"].get<double>() < 0.001);
  const auto hidden = change_columns(profile::compare_counts(12, 7), false);
  for (const auto& [key, value] : hidden.items()) CHECK(value.is_null());
}

TEST_CASE("public: a change is shown only when both its counts are, area baselines included") {
  // Ward One: 20 → 30 burglaries, 0 → 3 drugs; ward Two: 9 → 8 burglaries, 2 → 0 drugs.
  const profile::AreaProfile area = two_wards(
      {{0, 0, 0, 20}, {0, 0, 1, 30}, {0, 1, 1, 3}, {1, 0, 0, 9}, {1, 0, 1, 8}, {1, 1, 0, 2}});
  REQUIRE(area.baseline);
  CHECK(area.previous_total == 31);
  DisclosurePolicy disclosure;
  disclosure.public_output = true;
  const LayerCounts layers;
  const WardPublication shown = decide_ward_publication(area, layers, disclosure);
  // Baseline totals 20 and 11: both shown; drugs in the baseline (2) withheld, and with it the
  // burglary baseline (the list's total would give it away).
  CHECK(shown.previous_total_shown[0]);
  CHECK(shown.previous_total_shown[1]);
  CHECK(shown.area_previous_total_shown);
  CHECK_FALSE(shown.area_category_previous_shown[1]);
  CHECK_FALSE(shown.area_category_previous_shown[0]);
  const auto json = area_change_json(area, shown);
  CHECK(json["total"]["previous_count"] == 31);
  CHECK(json["total"]["change_p"].is_number());
  CHECK(json["categories"]["drugs"]["previous_count"].is_null());
  CHECK(json["categories"]["drugs"]["change_ratio"].is_null());
  CHECK(json["categories"]["burglary"]["change_ratio"].is_null());
  // Not public: everything.
  const WardPublication all = decide_ward_publication(area, layers, DisclosurePolicy{});
  const auto full = area_change_json(area, all);
  CHECK(full["categories"]["drugs"]["previous_count"] == 2);
  CHECK(full["categories"]["burglary"]["change_ratio"] == Approx(38.0 / 29).epsilon(1e-4));
}
