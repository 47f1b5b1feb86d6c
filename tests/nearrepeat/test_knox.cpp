// The Knox test against independent references: a brute-force count of every pair (observed and
// permuted tables), a hand-computed permutation p-value, and edge cases.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/core/errors.hpp"
#include "engine/core/random.hpp"
#include "engine/nearrepeat/close_pairs.hpp"
#include "engine/nearrepeat/knox.hpp"
#include "engine/nearrepeat/risk_zone.hpp"

using namespace hotspot;
using namespace hotspot::nearrepeat;

namespace {

struct Events {
  std::vector<double> x, y;
  std::vector<int32_t> day;
};

// Points on a 10 m lattice (so many pairs sit exactly on band edges), some stacked on the same
// spot, in a few clusters; days over a year.
Events random_events(size_t n, uint64_t seed) {
  Random random(seed);
  Events events;
  for (size_t i = 0; i < n; ++i) {
    const double cx = 1000.0 * static_cast<double>(random.below(3));
    events.x.push_back(cx + 10.0 * static_cast<double>(random.below(60)));
    events.y.push_back(10.0 * static_cast<double>(random.below(60)));
    events.day.push_back(static_cast<int32_t>(random.below(365)) + 20000);
  }
  return events;
}

// Every pair, binned by the bands' own rules.
std::vector<int64_t> brute_force_table(const Events& events, const std::vector<int32_t>& day,
                                       const BandOptions& bands) {
  std::vector<int64_t> table(static_cast<size_t>(bands.rows() * bands.columns()), 0);
  for (size_t i = 0; i < events.x.size(); ++i)
    for (size_t j = i + 1; j < events.x.size(); ++j) {
      const double dx = events.x[i] - events.x[j], dy = events.y[i] - events.y[j];
      const double d = bands.metric == DistanceMetric::euclidean ? std::sqrt(dx * dx + dy * dy)
                                                                 : std::fabs(dx) + std::fabs(dy);
      const int row = bands.row_of(d);
      const int column = bands.column_of(std::abs(day[i] - day[j]));
      ++table[static_cast<size_t>(row * bands.columns() + column)];
    }
  return table;
}

}  // namespace

TEST_CASE("the Knox table counts every pair in the cell a brute-force count puts it in") {
  const Events events = random_events(700, 7);
  KnoxOptions options;
  options.permutations = 5;
  options.seed = 42;
  SECTION("euclidean distance") { options.bands.metric = DistanceMetric::euclidean; }
  SECTION("manhattan distance") { options.bands.metric = DistanceMetric::manhattan; }
  SECTION("with the calculator's same-location row") { options.bands.same_location_band = true; }
  SECTION("narrow bands") {
    options.bands.spatial_bandwidth_m = 30;
    options.bands.spatial_bands = 3;
    options.bands.temporal_bandwidth_days = 3;
    options.bands.temporal_bands = 4;
  }
  const KnoxTable table = knox_test(events.x, events.y, events.day, options);
  CHECK(table.observed == brute_force_table(events, events.day, options.bands));
  int64_t total = 0;
  for (int64_t count : table.observed) total += count;
  CHECK(total == 700 * 699 / 2);
  // Every permutation's table equals the brute force on the same shuffled dates.
  for (int k = 0; k < options.permutations; ++k) {
    std::vector<int32_t> shuffled = events.day;
    shuffle_days(shuffled, options.seed, k);
    const std::vector<int64_t> expected = brute_force_table(events, shuffled, options.bands);
    const std::vector<int64_t> got(
        table.permuted.begin() + k * static_cast<long>(table.cells()),
        table.permuted.begin() + (k + 1) * static_cast<long>(table.cells()));
    CHECK(got == expected);
  }
}

TEST_CASE("close pairs are exactly the pairs nearer than the last band, each once") {
  const Events events = random_events(500, 11);
  BandOptions bands;
  bands.spatial_bandwidth_m = 40;
  bands.spatial_bands = 2;
  const ClosePairs pairs = find_close_pairs(events.x, events.y, bands, 2);
  int64_t brute = 0;
  for (size_t i = 0; i < events.x.size(); ++i)
    for (size_t j = i + 1; j < events.x.size(); ++j)
      brute += std::hypot(events.x[i] - events.x[j], events.y[i] - events.y[j]) < 80;
  CHECK(static_cast<int64_t>(pairs.size()) == brute);
  std::vector<std::pair<uint32_t, uint32_t>> seen;
  for (size_t p = 0; p < pairs.size(); ++p) {
    REQUIRE(pairs.first[p] < pairs.second[p]);
    seen.emplace_back(pairs.first[p], pairs.second[p]);
  }
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
}

TEST_CASE("the permutation p-value matches a case worked by hand") {
  // Two events 50 m apart a day apart; two far away, 100 and 200 days later. Shuffling the four
  // dates, the close pair gets the two dates under 14 days apart with probability 1 / C(4, 2) =
  // 1/6, so the expected count is 1/6, the Knox ratio about 6, and p about (999/6 + 1) / 1000.
  const std::vector<double> x = {0, 50, 10000, 20000}, y = {0, 0, 0, 0};
  const std::vector<int32_t> day = {0, 1, 100, 200};
  KnoxOptions options;
  options.bands.spatial_bands = 1;
  options.bands.temporal_bands = 1;
  const KnoxTable table = knox_test(x, y, day, options);
  REQUIRE(table.observed[table.cell(0, 0)] == 1);
  CHECK(table.observed[table.cell(0, 1)] == 0);
  CHECK(table.observed[table.cell(1, 0)] == 0);  // (0, 1) is the only pair under 14 days
  CHECK(table.observed[table.cell(1, 1)] == 5);
  int64_t at_least = 0;
  for (int k = 0; k < 999; ++k) at_least += table.permuted[static_cast<size_t>(k) * 4] >= 1;
  CHECK(table.p_value[0] == Approx((at_least + 1) / 1000.0));
  // r ~ Binomial(999, 1/6): mean 166.5, sd 11.8; allow four sd.
  CHECK(std::fabs(static_cast<double>(at_least) - 166.5) < 4 * 11.8);
  CHECK(table.expected[0] == Approx(at_least / 999.0));
  CHECK(table.knox_ratio[0] == Approx(1 / table.expected[0]));
}

TEST_CASE("dates that are all the same give every cell its observed count and p = 1") {
  const Events base = random_events(200, 3);
  const std::vector<int32_t> day(base.x.size(), 20500);
  KnoxOptions options;
  options.permutations = 99;
  const KnoxTable table = knox_test(base.x, base.y, day, options);
  for (size_t c = 0; c < table.cells(); ++c) {
    CHECK(table.expected[c] == Approx(static_cast<double>(table.observed[c])));
    CHECK(table.p_value[c] == 1.0);
  }
  CHECK_FALSE(find_risk_zone(table).found);
}

TEST_CASE("the Knox table does not depend on the thread count") {
  const Events events = random_events(2000, 5);
  KnoxOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.permutations = two.permutations = 49;
  const KnoxTable a = knox_test(events.x, events.y, events.day, one);
  const KnoxTable b = knox_test(events.x, events.y, events.day, two);
  CHECK(a.observed == b.observed);
  CHECK(a.permuted == b.permuted);
  CHECK(a.p_value == b.p_value);
}

TEST_CASE("bands are half-open intervals with labels that say so") {
  BandOptions bands;
  CHECK(bands.row_of(0) == 0);
  CHECK(bands.row_of(99.999) == 0);
  CHECK(bands.row_of(100) == 1);
  CHECK(bands.row_of(500) == 5);  // beyond
  CHECK(bands.column_of(13) == 0);
  CHECK(bands.column_of(14) == 1);
  CHECK(bands.column_of(70) == 5);
  CHECK(bands.row_label(0) == "[0, 100) m");
  CHECK(bands.row_label(5) == "≥ 500 m");
  CHECK(bands.column_label(0) == "[0, 14) days");
  CHECK(bands.column_label(5) == "≥ 70 days");
  bands.same_location_band = true;
  CHECK(bands.row_of(0) == 0);
  CHECK(bands.row_of(0.5) == 1);
  CHECK(bands.row_label(0) == "same location (0 m)");
  CHECK(bands.row_label(1) == "(0, 100) m");
}

TEST_CASE("bad Knox options are refused with a message") {
  KnoxOptions options;
  options.permutations = 0;
  CHECK_THROWS_AS(options.validate(), ConfigError);
  options.permutations = 999;
  options.bands.spatial_bandwidth_m = -5;
  CHECK_THROWS_AS(options.validate(), ConfigError);
  options.bands.spatial_bandwidth_m = 100;
  options.bands.temporal_bandwidth_days = 0;
  CHECK_THROWS_AS(options.validate(), ConfigError);
  CHECK_THROWS_AS(parse_distance_metric("chebyshev"), UsageError);
}
