// build_profiles on small hand-computed tables, and against a brute-force recount.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/profile/ward_profile.hpp"

using namespace hotspot;
using namespace hotspot::profile;

namespace {

WardSet make_wards(const std::vector<double>& populations) {
  WardSet wards;
  for (size_t w = 0; w < populations.size(); ++w) {
    wards.code.push_back("X0500000" + std::to_string(w + 1));
    wards.name.push_back("Ward " + std::to_string(w + 1));
    wards.population.push_back(populations[w]);
    wards.shape.emplace_back();
  }
  return wards;
}

int64_t at(int year, unsigned month, unsigned day = 1, unsigned hour = 0, unsigned minute = 0) {
  return civil_time::to_seconds(year, month, day, hour, minute, 0);
}

void add(IncidentTable& table, const std::string& slug, int32_t ward, int64_t time_s,
         TimePrecision precision = TimePrecision::month) {
  table.push_back(0, 0, table.category_id(slug), time_s, precision);
  table.ward.push_back(ward);
}

int category_index(const AreaProfile& area, const std::string& slug) {
  for (size_t c = 0; c < area.categories.size(); ++c)
    if (area.categories[c] == slug) return static_cast<int>(c);
  return -1;
}

}  // namespace

TEST_CASE("a two-ward area gives the hand-computed counts, rates and ratios", "[profile]") {
  // Ward 1 (1,000 residents): 3 burglaries, 1 ASB. Ward 2 (2,000): 2 burglaries. One outside.
  IncidentTable table;
  for (int i = 0; i < 3; ++i) add(table, "burglary", 0, at(2025, 1));
  add(table, "anti-social-behaviour", 0, at(2025, 1));
  add(table, "burglary", 1, at(2025, 1));
  add(table, "burglary", 1, at(2025, 1));
  add(table, "burglary", kOutside, at(2025, 1));
  const AreaProfile area = build_profiles(table, make_wards({1000, 2000}), {});

  REQUIRE(area.categories == std::vector<std::string>{"anti-social-behaviour", "burglary"});
  CHECK(area.total == 6);
  CHECK(area.has_population);
  CHECK(area.population == 3000);
  CHECK(area.rate_total == Approx(2.0));
  const int burglary = category_index(area, "burglary");
  const Stats& first = area.wards[0].by_category[burglary];
  const Stats& second = area.wards[1].by_category[burglary];
  CHECK(first.count == 3);
  CHECK(first.rate_per_1000 == Approx(3.0));
  CHECK(second.rate_per_1000 == Approx(1.0));
  CHECK(first.share_of_area == Approx(0.6));
  CHECK(first.rank == 1);
  CHECK(second.rank == 2);
  // Area burglary rate 5 / 3,000; expected in ward 1 = 1,000 × 5/3,000 = 5/3; ratio 3 / (5/3)
  // = 1.8.
  CHECK(first.rate_ratio == Approx(1.8));
  CHECK(first.ratio_low == Approx(0.6187 * 3 / 5).epsilon(1e-3));  // Garwood low for 3 is 0.6187
  CHECK(first.ratio_high == Approx(8.767 * 3 / 5).epsilon(1e-3));  // and high 8.767
  CHECK(first.comparison == Comparison::similar);
  CHECK(area.wards[0].mix[burglary] == Approx(0.75));
  CHECK(area.wards[0].total.count == 4);
  CHECK(area.priority_order.empty());
  CHECK_FALSE(area.has_previous_period);
  CHECK(first.previous_count == -1);
  CHECK(std::isnan(first.change_percent));
}

TEST_CASE("categories come in police.uk order, then other slugs alphabetically", "[profile]") {
  IncidentTable table;
  for (const char* slug :
       {"zebra-crossing", "violent-crime", "arson-local", "burglary", "anti-social-behaviour"})
    add(table, slug, 0, at(2025, 1));
  table.category_id("drugs");  // in the dictionary but with no incidents: left out
  const AreaProfile area = build_profiles(table, make_wards({1000}), {});
  CHECK(area.categories == std::vector<std::string>{"anti-social-behaviour", "burglary",
                                                    "violent-crime", "arson-local",
                                                    "zebra-crossing"});
}

TEST_CASE("change on the previous period appears only when the input covers it", "[profile]") {
  IncidentTable table;
  add(table, "burglary", 0, at(2024, 11));  // previous period of a Jan–Feb 2025 study period
  add(table, "burglary", 0, at(2024, 12));
  add(table, "burglary", 0, at(2024, 12));
  add(table, "burglary", 0, at(2025, 1));
  add(table, "burglary", 0, at(2025, 2));
  add(table, "burglary", 0, at(2025, 2));
  add(table, "burglary", 0, at(2025, 2));
  const WardSet wards = make_wards({1000});

  SECTION("the earliest month is the previous period's first month") {
    ProfileOptions options;
    options.from_month = civil_time::month_index(2025, 1);
    options.to_month = civil_time::month_index(2025, 2);
    const AreaProfile area = build_profiles(table, wards, options);
    REQUIRE(area.has_previous_period);
    CHECK(area.total == 4);
    CHECK(area.previous_total == 3);
    CHECK(area.outside_period == 3);
    CHECK(area.wards[0].total.previous_count == 3);
    // 4 against 3 is too few for a percentage: flagged, with the exact test all the same.
    CHECK(std::isnan(area.wards[0].total.change_percent));
    CHECK(area.wards[0].total.change.small_numbers);
    CHECK(area.wards[0].total.change.p_value == compare_counts(4, 3).p_value);
    CHECK(area.change_total.rate_ratio == Approx(4.0 / 3));
    CHECK(area.wards[0].monthly == std::vector<int64_t>{1, 3});
  }
  SECTION("one month short of the previous period gives no change") {
    ProfileOptions options;
    options.from_month = civil_time::month_index(2024, 12);
    options.to_month = civil_time::month_index(2025, 2);
    const AreaProfile area = build_profiles(table, wards, options);
    CHECK_FALSE(area.has_previous_period);
    CHECK(area.previous_total == -1);
    CHECK(area.wards[0].total.previous_count == -1);
    CHECK(std::isnan(area.wards[0].total.change_percent));
  }
  SECTION("by default the period is the whole input, so there is no previous period") {
    const AreaProfile area = build_profiles(table, wards, {});
    CHECK(area.from_month == civil_time::month_index(2024, 11));
    CHECK(area.to_month == civil_time::month_index(2025, 2));
    CHECK_FALSE(area.has_previous_period);
  }
  SECTION("small counts and a previous count of zero leave the change percentage empty") {
    IncidentTable sparse;
    add(sparse, "burglary", 0, at(2024, 12));
    add(sparse, "drugs", 0, at(2024, 12));
    add(sparse, "burglary", 0, at(2025, 1));
    add(sparse, "drugs", 1, at(2025, 1));
    ProfileOptions options;
    options.from_month = options.to_month = civil_time::month_index(2025, 1);
    const AreaProfile area = build_profiles(sparse, make_wards({1000, 1000}), options);
    REQUIRE(area.has_previous_period);
    const int drugs = category_index(area, "drugs");
    CHECK(area.wards[1].by_category[drugs].previous_count == 0);
    CHECK(std::isnan(area.wards[1].by_category[drugs].change_percent));
    CHECK(std::isnan(area.wards[0].by_category[drugs].change_percent));  // 0 against 1: too few
    CHECK(area.wards[0].by_category[drugs].change.small_numbers);
    CHECK(area.previous_by_category[static_cast<size_t>(drugs)] == 1);
  }
}

TEST_CASE("the wards' statistics are the same on one thread and on three", "[profile]") {
  // 300 wards with a year and its baseline of random incidents (some wards without residents):
  // every count, test, interval and rank must match whatever the thread count.
  std::mt19937 random(3);
  std::uniform_int_distribution<int32_t> ward(0, 299);
  std::uniform_int_distribution<int> category(0, 3), month(1, 12);
  const char* slugs[] = {"burglary", "drugs", "anti-social-behaviour", "shoplifting"};
  IncidentTable table;
  for (int i = 0; i < 40000; ++i)
    add(table, slugs[category(random)], ward(random),
        at(i % 2 ? 2025 : 2024, unsigned(month(random))));
  std::vector<double> populations;
  for (int w = 0; w < 300; ++w) populations.push_back(w % 17 == 0 ? NAN : 800 + 37 * w);
  ProfileOptions options;
  options.from_month = civil_time::month_index(2025, 1);
  options.to_month = civil_time::month_index(2025, 12);
  const AreaProfile one = build_profiles(table, make_wards(populations), options);
  options.threads = 3;
  const AreaProfile three = build_profiles(table, make_wards(populations), options);
  REQUIRE(one.has_previous_period);
  REQUIRE(three.wards.size() == one.wards.size());
  auto same = [](const Stats& a, const Stats& b) {
    auto equal = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    return a.count == b.count && a.previous_count == b.previous_count &&
           equal(a.change.p_value, b.change.p_value) &&
           equal(a.change.ratio_low, b.change.ratio_low) &&
           equal(a.change.ratio_high, b.change.ratio_high) && equal(a.rate_ratio, b.rate_ratio) &&
           equal(a.ratio_low, b.ratio_low) && equal(a.ratio_high, b.ratio_high) &&
           a.comparison == b.comparison && a.rank == b.rank && a.priority == b.priority;
  };
  int64_t tested = 0;
  for (size_t w = 0; w < one.wards.size(); ++w) {
    INFO("ward " << w);
    CHECK(same(one.wards[w].total, three.wards[w].total));
    for (size_t c = 0; c < one.categories.size(); ++c)
      CHECK(same(one.wards[w].by_category[c], three.wards[w].by_category[c]));
    tested += one.wards[w].total.comparison != Comparison::unknown;
  }
  CHECK(tested == 300 - 18);  // the wards with residents were compared
  options.threads = 0;
  CHECK_THROWS_AS(options.validate(), UsageError);
}

TEST_CASE("a study period that ends before it starts is refused", "[profile]") {
  IncidentTable table;
  add(table, "burglary", 0, at(2025, 1));
  ProfileOptions options;
  options.from_month = civil_time::month_index(2025, 3);
  options.to_month = civil_time::month_index(2025, 1);
  CHECK_THROWS(build_profiles(table, make_wards({1000}), options));
}

TEST_CASE("the hour by weekday table counts only incidents timed to the minute", "[profile]") {
  IncidentTable table;
  add(table, "violent-crime", 0, at(2025, 3, 14, 22, 30), TimePrecision::minute);  // a Friday
  add(table, "violent-crime", 0, at(2025, 3, 17, 0, 5), TimePrecision::minute);    // a Monday
  add(table, "violent-crime", 0, at(2025, 3, 14), TimePrecision::day);
  add(table, "violent-crime", 0, at(2025, 3, 1), TimePrecision::month);
  const AreaProfile area = build_profiles(table, make_wards({1000}), {});
  const WardProfile& ward = area.wards[0];
  CHECK(ward.timed_count == 2);
  CHECK(ward.hour_by_weekday[4 * 24 + 22] == 1);
  CHECK(ward.hour_by_weekday[0 * 24 + 0] == 1);
  int64_t sum = 0;
  for (int64_t cell : ward.hour_by_weekday) sum += cell;
  CHECK(sum == 2);
  CHECK(area.timed_count == 2);
  CHECK(ward.total.count == 4);
}

TEST_CASE("missing populations leave rates empty and say which wards", "[profile]") {
  IncidentTable table;
  for (int i = 0; i < 5; ++i) add(table, "burglary", 1, at(2025, 1));
  for (int i = 0; i < 9; ++i) add(table, "burglary", 2, at(2025, 1));
  add(table, "burglary", 0, at(2025, 1));

  SECTION("some wards without population") {
    const AreaProfile area = build_profiles(table, make_wards({1000, NAN, NAN}), {});
    CHECK_FALSE(area.has_population);
    CHECK(area.population_note ==
          "no population given for 2 wards: X05000002, X05000003; rates and comparisons are left "
          "empty for them and wards are ranked by count");
    CHECK(std::isnan(area.rate_total));
    CHECK(std::isnan(area.wards[1].total.rate_per_1000));
    CHECK(area.wards[1].total.comparison == Comparison::unknown);
    CHECK(area.wards[0].total.rate_per_1000 == Approx(1.0));
    CHECK(area.wards[2].total.rank == 1);
    CHECK(area.wards[1].total.rank == 2);
    CHECK(area.wards[0].total.rank == 3);
    CHECK(area.wards[2].total.share_of_area == Approx(9.0 / 15));
  }
  SECTION("no population at all") {
    const AreaProfile area = build_profiles(table, make_wards({NAN, NAN, NAN}), {});
    CHECK(area.population_note.rfind("no population given for any ward", 0) == 0);
    CHECK(std::isnan(area.population));
    for (const WardProfile& ward : area.wards) CHECK(ward.total.comparison == Comparison::unknown);
    CHECK(area.priority_order.empty());
  }
  SECTION("a ward with no residents has no rate but the others do") {
    const AreaProfile area = build_profiles(table, make_wards({1000, 0, 3000}), {});
    CHECK(area.has_population);
    CHECK(area.population_note.find("population 0 for 1 ward: X05000002") != std::string::npos);
    CHECK(std::isnan(area.wards[1].total.rate_per_1000));
    CHECK(area.wards[1].total.rank == 3);  // no rate: ranked after the wards with one
    CHECK(area.wards[2].total.rate_per_1000 == Approx(3.0));
  }
}

TEST_CASE("priority wards are significantly above and at least 1.5 times the area rate",
          "[profile]") {
  // Four wards of 1,000: 60, 40, 10, 10 incidents → area rate 30 per 1,000.
  // Ratios: 2.0 (low 1.53: priority), 1.33 (low 0.95: similar), 0.33, 0.33 (below).
  IncidentTable table;
  const int counts[] = {60, 40, 10, 10};
  for (int w = 0; w < 4; ++w)
    for (int i = 0; i < counts[w]; ++i) add(table, "violent-crime", w, at(2025, 1));
  SECTION("default ratio") {
    const AreaProfile area = build_profiles(table, make_wards({1000, 1000, 1000, 1000}), {});
    CHECK(area.wards[0].total.comparison == Comparison::above);
    CHECK(area.wards[1].total.comparison == Comparison::similar);
    CHECK(area.wards[2].total.comparison == Comparison::below);
    CHECK(area.priority_order == std::vector<int32_t>{0});
    REQUIRE(area.category_priority_order.size() == 1);
    CHECK(area.category_priority_order[0] == std::vector<int32_t>{0});
    CHECK(area.wards[0].priority_rank == 1);
    CHECK(area.wards[0].by_category[0].priority);
    CHECK_FALSE(area.wards[1].priority);
  }
  SECTION("a ratio above the ward's own leaves no priority") {
    ProfileOptions options;
    options.priority_ratio = 2.5;
    const AreaProfile area = build_profiles(table, make_wards({1000, 1000, 1000, 1000}), options);
    CHECK(area.priority_order.empty());
  }
  SECTION("priorities are ranked by rate ratio") {
    // Ward 4 has the smallest population, so the highest ratio with fewer incidents.
    const AreaProfile area = build_profiles(table, make_wards({1000, 1000, 1000, 100}), {});
    REQUIRE(area.priority_order.size() == 2);
    CHECK(area.priority_order[0] == 3);
    CHECK(area.priority_order[1] == 0);
    CHECK(area.wards[3].priority_rank == 1);
    CHECK(area.category_priority_order[0] == area.priority_order);
  }
}

TEST_CASE("profiles of random tables agree with a brute-force recount", "[profile]") {
  std::mt19937_64 random(20261124);  // fixed seed; engines (not distributions) are portable
  for (int round = 0; round < 20; ++round) {
    const int ward_count = 1 + static_cast<int>(random() % 8);
    std::vector<double> populations;
    for (int w = 0; w < ward_count; ++w) populations.push_back(500 + double(random() % 5000));
    const WardSet wards = make_wards(populations);
    const char* slugs[] = {"burglary", "drugs", "shoplifting", "local-thing"};
    IncidentTable table;
    const int rows = static_cast<int>(random() % 400);
    for (int i = 0; i < rows; ++i) {
      const int32_t ward = static_cast<int32_t>(random() % (ward_count + 1)) - 1;  // some outside
      const int64_t time_s = at(2024, 1) + static_cast<int64_t>(random() % (730 * 86400));
      add(table, slugs[random() % 4], ward, time_s,
          random() % 2 ? TimePrecision::minute : TimePrecision::month);
    }
    ProfileOptions options;
    options.from_month = civil_time::month_index(2025, 1);
    options.to_month = civil_time::month_index(2025, 6);
    const AreaProfile area = build_profiles(table, wards, options);
    int32_t earliest = INT32_MAX;
    for (int64_t time_s : table.local_time_s)
      earliest = std::min(earliest, civil_time::month_index(time_s));
    const bool covered = earliest <= *options.from_month - 6;
    CHECK(area.has_previous_period == covered);

    int64_t area_total = 0;
    for (int w = 0; w < ward_count; ++w) {
      int64_t total = 0, previous = 0, timed = 0;
      for (size_t c = 0; c < area.categories.size(); ++c) {
        int64_t count = 0;
        for (size_t i = 0; i < table.size(); ++i) {
          const int32_t month = civil_time::month_index(table.local_time_s[i]);
          if (table.ward[i] != w || table.category_slugs[table.category[i]] != area.categories[c])
            continue;
          if (month >= *options.from_month && month <= *options.to_month) ++count;
          if (month >= *options.from_month - 6 && month < *options.from_month) ++previous;
          if (month >= *options.from_month && month <= *options.to_month &&
              table.time_precision[i] == TimePrecision::minute)
            ++timed;
        }
        CHECK(area.wards[w].by_category[c].count == count);
        total += count;
      }
      CHECK(area.wards[w].total.count == total);
      CHECK(area.wards[w].total.previous_count == (covered ? previous : -1));
      CHECK(area.wards[w].timed_count == timed);
      int64_t monthly_sum = 0;
      for (int64_t month_count : area.wards[w].monthly) monthly_sum += month_count;
      CHECK(monthly_sum == total);
      area_total += total;
    }
    CHECK(area.total == area_total);
    // Ranks are a permutation of 1..W, ordered by rate.
    std::vector<int> ranks;
    for (int w = 0; w < ward_count; ++w) ranks.push_back(area.wards[w].total.rank);
    std::sort(ranks.begin(), ranks.end());
    for (int w = 0; w < ward_count; ++w) CHECK(ranks[w] == w + 1);
    for (int a = 0; a < ward_count; ++a)
      for (int b = 0; b < ward_count; ++b)
        if (area.wards[a].total.rank < area.wards[b].total.rank)
          CHECK(area.wards[a].total.rate_per_1000 >= area.wards[b].total.rate_per_1000);
  }
}

TEST_CASE("a ward can be a priority for one category without being one overall", "[profile]") {
  // Three wards of 1,000. Burglary 30, 5, 5 (ratio 2.25, low 1.52: priority); ASB 50 each.
  // Totals 80, 55, 55: ratio 1.26 for ward 1, below the 1.5 priority ratio.
  IncidentTable table;
  const int burglaries[] = {30, 5, 5};
  for (int w = 0; w < 3; ++w) {
    for (int i = 0; i < burglaries[w]; ++i) add(table, "burglary", w, at(2025, 1));
    for (int i = 0; i < 50; ++i) add(table, "anti-social-behaviour", w, at(2025, 1));
  }
  const AreaProfile area = build_profiles(table, make_wards({1000, 1000, 1000}), {});
  const int burglary = category_index(area, "burglary");
  CHECK(area.wards[0].by_category[burglary].rate_ratio == Approx(2.25));
  CHECK(area.wards[0].by_category[burglary].priority);
  CHECK(area.category_priority_order[burglary] == std::vector<int32_t>{0});
  CHECK(area.category_priority_order[category_index(area, "anti-social-behaviour")].empty());
  CHECK(area.wards[0].total.rate_ratio == Approx(80.0 / (190.0 / 3)));
  CHECK_FALSE(area.wards[0].priority);
  CHECK(area.priority_order.empty());
}
