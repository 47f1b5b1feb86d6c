// The conditional binomial test of a change between two periods, against values from R
// (binom.test and its Clopper–Pearson interval) and a brute-force sum.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/profile/change_test.hpp"

using namespace hotspot::profile;

namespace {

// P(X = k) for X ~ Binomial(n, p), by the product formula (independent of Boost).
double pmf(int n, int k, double p) {
  double log_value = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) +
                     (n - k) * std::log1p(-p);
  return std::exp(log_value);
}

}  // namespace

TEST_CASE("equal periods: 30 against 15, checked against exact arithmetic") {
  // Independently, in exact integer arithmetic (Python's math.comb): p-value 0.0356978; the
  // Clopper–Pearson 95% interval for p = 30/45 by bisection on the binomial CDF: 0.510496 .. 0.799994.
  const CountChange change = compare_counts(30, 15);
  CHECK(change.p_value == Approx(0.0356978).epsilon(1e-5));
  CHECK(change.rate_ratio == Approx(2.0));
  CHECK(change.ratio_low == Approx(0.510496 / (1 - 0.510496)).epsilon(1e-4));
  CHECK(change.ratio_high == Approx(0.799994 / (1 - 0.799994)).epsilon(1e-4));
  CHECK(change.significant());
  CHECK_FALSE(change.small_numbers);
  CHECK(change.change_percent == Approx(100));
  CHECK(describe_change(change).rfind("up 100% (95% CI ", 0) == 0);
}

TEST_CASE("the p-value is the brute-force sum of outcomes no likelier than the observed one") {
  for (const auto& [current, baseline, exposure] : {std::tuple{12, 7, 1.0}, std::tuple{3, 11, 0.5},
                                                    std::tuple{40, 41, 2.0}, std::tuple{0, 6, 1.0}}) {
    const int n = current + baseline;
    const double p = exposure / (1 + exposure);
    const double observed = pmf(n, current, p);
    double expected = 0;
    for (int k = 0; k <= n; ++k)
      if (pmf(n, k, p) <= observed * (1 + 1e-7)) expected += pmf(n, k, p);
    CAPTURE(current, baseline, exposure);
    CHECK(compare_counts(current, baseline, exposure).p_value == Approx(std::min(1.0, expected)).epsilon(1e-9));
  }
}

TEST_CASE("a longer baseline is allowed for: the same rate is no change") {
  // 10 in 1 month against 60 in 6 months: identical rates.
  const CountChange change = compare_counts(10, 60, 1.0 / 6);
  CHECK(change.rate_ratio == Approx(1.0));
  CHECK(change.p_value > 0.9);
  CHECK(change.ratio_low < 1);
  CHECK(change.ratio_high > 1);
}

TEST_CASE("small numbers are flagged, not turned into percentages") {
  const CountChange change = compare_counts(5, 1);  // "+400%" on 1 → 5
  CHECK(change.small_numbers);
  CHECK(std::isnan(change.change_percent));
  CHECK(describe_change(change) == "5 against 1: too few to say");
  CHECK_FALSE(compare_counts(0, 0).significant());
}
