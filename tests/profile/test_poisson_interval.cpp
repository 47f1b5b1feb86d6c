// The exact Poisson interval and the above / similar / below rule, against published values.
#include <catch2/catch.hpp>

#include "engine/profile/ward_profile.hpp"

using namespace hotspot::profile;

TEST_CASE("the Garwood 95% interval matches published tables", "[profile]") {
  // Published exact Poisson 95% limits (e.g. Ulm 1990; the Public Health England
  // "Technical guide: confidence intervals" table).
  struct Case {
    int64_t observed;
    double low, high;
  };
  const Case cases[] = {{0, 0.0, 3.689},
                        {1, 0.0253, 5.572},
                        {2, 0.2422, 7.225},
                        {10, 4.795, 18.39},
                        {100, 81.36, 121.63}};
  for (const Case& c : cases) {
    INFO("observed " << c.observed);
    const Interval interval = poisson_interval(c.observed);
    CHECK(interval.low == Approx(c.low).epsilon(1e-3).margin(1e-9));
    CHECK(interval.high == Approx(c.high).epsilon(1e-3));
  }
}

TEST_CASE("a wider confidence level gives a wider interval", "[profile]") {
  const Interval ninety = poisson_interval(10, 0.90);
  const Interval ninety_nine = poisson_interval(10, 0.99);
  // From printed chi-square tables: χ²(0.05; 20) = 10.851, χ²(0.95; 22) = 33.924,
  // χ²(0.005; 20) = 7.434, χ²(0.995; 22) = 42.796; the limits are half of these.
  CHECK(ninety.low == Approx(10.851 / 2).epsilon(1e-3));
  CHECK(ninety.high == Approx(33.924 / 2).epsilon(1e-3));
  CHECK(ninety_nine.low == Approx(7.434 / 2).epsilon(1e-3));
  CHECK(ninety_nine.high == Approx(42.796 / 2).epsilon(1e-3));
  CHECK(ninety.high - ninety.low < ninety_nine.high - ninety_nine.low);
}

TEST_CASE("a nonsense confidence level or a negative count is refused", "[profile]") {
  CHECK_THROWS(poisson_interval(5, 1.0));
  CHECK_THROWS(poisson_interval(5, 0.0));
  CHECK_THROWS(poisson_interval(-1));
}

TEST_CASE("a count is classed above, similar or below its expectation", "[profile]") {
  SECTION("twice the expectation on a small count is not significant") {
    const RateComparison result = compare_with_expected(10, 5.0);
    CHECK(result.ratio == Approx(2.0));
    CHECK(result.low == Approx(4.795 / 5).epsilon(1e-3));
    CHECK(result.high == Approx(18.39 / 5).epsilon(1e-3));
    CHECK(result.comparison == Comparison::similar);
  }
  SECTION("a hundred against an expected fifty is above") {
    const RateComparison result = compare_with_expected(100, 50.0);
    CHECK(result.low == Approx(81.36 / 50).epsilon(1e-3));
    CHECK(result.comparison == Comparison::above);
  }
  SECTION("none against an expected five is below") {
    const RateComparison result = compare_with_expected(0, 5.0);
    CHECK(result.ratio == 0.0);
    CHECK(result.high == Approx(3.689 / 5).epsilon(1e-3));
    CHECK(result.comparison == Comparison::below);
  }
  SECTION("without an expectation the class is unknown") {
    CHECK(compare_with_expected(3, 0.0).comparison == Comparison::unknown);
    CHECK(std::isnan(compare_with_expected(3, NAN).ratio));
  }
  CHECK(std::string(to_string(Comparison::above)) == "above");
  CHECK(std::string(to_string(Comparison::unknown)) == "unknown");
}
