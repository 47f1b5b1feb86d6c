// Baselines: the default previous period, the same period last year and any months FROM:TO;
// refusals for months outside the data or overlapping the study period; and every change in
// a profile equal to compare_counts on a brute-force recount of the baseline months.
#include <catch2/catch.hpp>
#include <random>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/profile/ward_profile.hpp"

using namespace hotspot;
using namespace hotspot::profile;

namespace {

int32_t month(int year, unsigned m) { return civil_time::month_index(year, m); }

std::string message_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("baseline words: previous, last-year and months FROM:TO") {
  CHECK(parse_baseline("previous").kind == BaselineKind::previous);
  CHECK(parse_baseline("last-year").kind == BaselineKind::last_year);
  const BaselineChoice range = parse_baseline("2024-04:2025-03");
  CHECK(range.kind == BaselineKind::months);
  CHECK(range.months.from_month == month(2024, 4));
  CHECK(range.months.to_month == month(2025, 3));
  CHECK_THROWS_AS(parse_baseline("last year"), UsageError);
  CHECK_THROWS_AS(parse_baseline("2025-03:2024-04"), UsageError);
}

TEST_CASE("a baseline resolves to its months, exposure and label, or is refused in words") {
  const MonthRange period{month(2026, 4), month(2026, 6)};
  const int32_t first = month(2025, 1), last = month(2026, 9);
  SECTION("previous: the equal period just before, only when the data covers it") {
    const auto previous = resolve_baseline({}, period, first, last);
    REQUIRE(previous);
    CHECK(previous->months.from_month == month(2026, 1));
    CHECK(previous->months.to_month == month(2026, 3));
    CHECK(previous->exposure_ratio == 1);
    CHECK(previous->label == "the previous 3 months (2026-01 to 2026-03)");
    CHECK_FALSE(resolve_baseline({}, period, month(2026, 2), last));
  }
  SECTION("last-year: the same months a year before") {
    const auto last_year = resolve_baseline(parse_baseline("last-year"), period, first, last);
    REQUIRE(last_year);
    CHECK(last_year->months.from_month == month(2025, 4));
    CHECK(last_year->label == "the same period last year (2025-04 to 2025-06)");
    CHECK_THAT(message_of([&] {
                 resolve_baseline(parse_baseline("last-year"), period, month(2025, 5), last);
               }),
               Catch::Contains("lies outside the data, which runs from 2025-05 to 2026-09"));
    const MonthRange long_period{month(2025, 1), month(2026, 1)};
    CHECK_THAT(message_of([&] {
                 resolve_baseline(parse_baseline("last-year"), long_period, first, last);
               }),
               Catch::Contains("would overlap"));
  }
  SECTION("months FROM:TO: any length, after the period too, never overlapping it") {
    const auto longer = resolve_baseline(parse_baseline("2025-01:2025-06"), period, first, last);
    REQUIRE(longer);
    CHECK(longer->exposure_ratio == Approx(0.5));  // 3 months against 6
    CHECK(resolve_baseline(parse_baseline("2026-07:2026-09"), period, first, last));
    CHECK_THAT(message_of([&] {
                 resolve_baseline(parse_baseline("2026-03:2026-04"), period, first, last);
               }),
               Catch::Contains("overlaps the study period 2026-04 to 2026-06"));
    CHECK_THROWS_AS(resolve_baseline(parse_baseline("2024-01:2024-12"), period, first, last),
                    ConfigError);
    CHECK_THROWS_AS(resolve_baseline(parse_baseline("2026-08:2026-10"), period, first, last),
                    ConfigError);
  }
}

TEST_CASE("every change in a profile is compare_counts on a recount of the baseline months") {
  std::mt19937_64 random(77);
  WardSet wards;
  for (int w = 0; w < 4; ++w) {
    wards.code.push_back("X0" + std::to_string(w));
    wards.name.push_back("W" + std::to_string(w));
    wards.population.push_back(1000 + 500 * w);
    wards.shape.emplace_back();
  }
  IncidentTable table;
  const char* slugs[] = {"burglary", "drugs", "shoplifting"};
  for (int i = 0; i < 3000; ++i) {
    const int32_t m = month(2024, 1) + static_cast<int32_t>(random() % 30);  // 2024-01..2026-06
    table.push_back(0, 0, table.category_id(slugs[random() % 3]),
                    civil_time::to_seconds(m / 12, m % 12 + 1, 1 + random() % 28, 0, 0, 0),
                    TimePrecision::day);
    table.ward.push_back(static_cast<int32_t>(random() % 5) - 1);
  }
  for (const char* baseline : {"last-year", "2024-02:2024-10", "previous"}) {
    ProfileOptions options;
    options.from_month = month(2025, 7);
    options.to_month = month(2025, 12);
    options.baseline = parse_baseline(baseline);
    const AreaProfile area = build_profiles(table, wards, options);
    REQUIRE(area.baseline);
    const MonthRange months = area.baseline->months;
    const double exposure = 6.0 / months.months();
    CAPTURE(baseline);
    int64_t area_previous = 0;
    for (size_t w = 0; w < wards.size(); ++w)
      for (size_t c = 0; c < area.categories.size(); ++c) {
        int64_t previous = 0;
        for (size_t i = 0; i < table.size(); ++i)
          previous += table.ward[i] == int32_t(w) &&
                      table.category_slugs[table.category[i]] == area.categories[c] &&
                      months.contains(civil_time::month_index(table.local_time_s[i]));
        const Stats& stats = area.wards[w].by_category[c];
        CHECK(stats.previous_count == previous);
        const CountChange expected = compare_counts(stats.count, previous, exposure);
        CHECK(stats.change.p_value == expected.p_value);
        CHECK(stats.change.ratio_low == expected.ratio_low);
        CHECK((std::isnan(stats.change_percent) ? std::isnan(expected.change_percent)
                                                : stats.change_percent == expected.change_percent));
        area_previous += previous;
      }
    CHECK(area.previous_total == area_previous);
    CHECK(area.change_total.p_value == compare_counts(area.total, area_previous, exposure).p_value);
  }
}

TEST_CASE("a study period outside the data is refused, not left empty") {
  IncidentTable table;
  table.push_back(0, 0, table.category_id("burglary"), civil_time::to_seconds(2025, 3, 1, 0, 0, 0),
                  TimePrecision::month);
  table.ward.push_back(0);
  WardSet wards;
  wards.code = {"X1"};
  wards.name = {"One"};
  wards.population = {100};
  wards.shape.emplace_back();
  ProfileOptions options;
  options.from_month = month(2025, 1);
  options.to_month = month(2025, 3);
  CHECK_THAT(message_of([&] { build_profiles(table, wards, options); }),
             Catch::Contains("reaches outside the data, which runs from 2025-03 to 2025-03"));
}
