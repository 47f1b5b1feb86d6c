// The impact statistics against hand computations: the ratio of rate ratios with its log-normal
// interval, the Weighted Displacement Quotient as Bowers & Johnson (2003) define it, the periods.
#include <catch2/catch.hpp>

#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/impact/difference_in_differences.hpp"
#include "engine/impact/displacement.hpp"
#include "engine/impact/periods.hpp"

using namespace hotspot;
using namespace hotspot::impact;

TEST_CASE("the ratio of rate ratios and its interval match a hand computation") {
  // (60/100) / (190/200) = 0.631579; SE = √(1/60 + 1/100 + 1/190 + 1/200) = 0.192171;
  // exp(log 0.631579 ± 1.959964 × SE) = 0.433362 .. 0.920458; p = 2(1 − Φ(2.3914)) = 0.016790.
  const RatioOfRatios r = ratio_of_rate_ratios(100, 60, 200, 190);
  CHECK(r.ratio == Approx(0.631578947).epsilon(1e-8));
  CHECK(r.low == Approx(0.433362275).epsilon(1e-6));
  CHECK(r.high == Approx(0.920458447).epsilon(1e-6));
  CHECK(r.p_value == Approx(0.016790494).epsilon(1e-5));
  CHECK_FALSE(r.corrected);
  CHECK(describe_ratio(r).find("down 37% (95% CI 8% to 57%)") == 0);
  SECTION("a zero count adds 0.5 to all four, and says so") {
    // (7.5/0.5) / (30.5/40.5) = 19.918; interval 1.0948 .. 362.36.
    const RatioOfRatios z = ratio_of_rate_ratios(0, 7, 40, 30);
    CHECK(z.corrected);
    CHECK(z.small_numbers);
    CHECK(z.ratio == Approx(19.918032787).epsilon(1e-8));
    CHECK(z.low == Approx(1.0948378628).epsilon(1e-6));
    CHECK(z.high == Approx(362.36235845).epsilon(1e-6));
  }
  CHECK_THROWS_AS(ratio_of_rate_ratios(-1, 2, 3, 4), ConfigError);
}

TEST_CASE("the weighted displacement quotient follows Bowers and Johnson's definition") {
  SECTION("diffusion of benefit: the ring fell too") {
    // R 100 → 50, B 80 → 60, C 1000 → 1000: success = 0.05 − 0.1 = −0.05, buffer = 0.06 − 0.08
    // = −0.02, WDQ = 0.4; total net effect = (100 − 50) + (80 − 60) = 70.
    const DisplacementQuotient d = weighted_displacement_quotient(100, 50, 80, 60, 1000, 1000);
    CHECK(d.meaningful);
    CHECK(d.success_measure == Approx(-0.05));
    CHECK(d.displacement_measure == Approx(-0.02));
    CHECK(d.wdq == Approx(0.4));
    CHECK(d.total_net_effect == Approx(70));
    CHECK(d.reading.find("diffusion of benefit") != std::string::npos);
  }
  SECTION("displacement: the ring rose") {
    // C 1000 → 800: success = 50/800 − 100/1000 = −0.0375; buffer = 100/800 − 80/1000 = 0.045;
    // WDQ = −1.2 (more displaced than prevented); TNE = (100·0.8 − 50) + (80·0.8 − 100) = −6.
    const DisplacementQuotient d = weighted_displacement_quotient(100, 50, 80, 100, 1000, 800);
    CHECK(d.wdq == Approx(-1.2));
    CHECK(d.total_net_effect == Approx(-6));
    CHECK(d.reading.find("net loss") != std::string::npos);
  }
  SECTION("no success, nothing to read") {
    const DisplacementQuotient d = weighted_displacement_quotient(50, 60, 80, 60, 1000, 1000);
    CHECK_FALSE(d.meaningful);
    CHECK(std::isnan(d.wdq));
    CHECK(d.reading.find("not meaningful") == 0);
  }
}

TEST_CASE("periods are the weeks before and from the start, and the same a year earlier") {
  const int32_t from = *parse_day("2026-06-01"), to = *parse_day("2026-06-14");
  SECTION("a two-week operation is judged on four weeks either side") {
    const ImpactPeriods p = make_periods(PeriodUnit::day, from, to, 0);
    CHECK(window_label(PeriodUnit::day, p.before) == "2026-05-04 to 2026-05-31");
    CHECK(window_label(PeriodUnit::day, p.after) == "2026-06-01 to 2026-06-28");
    CHECK(window_label(PeriodUnit::day, p.after_last_year) == "2025-06-02 to 2025-06-29");
    CHECK(window_length(PeriodUnit::day, p.after) == "4 weeks");
  }
  SECTION("--weeks sets the length") {
    const ImpactPeriods p = make_periods(PeriodUnit::day, from, to, 8);
    CHECK(p.before.length() == 56);
  }
  SECTION("months: the operation's months against as many before") {
    const ImpactPeriods p =
        make_periods(PeriodUnit::month, *parse_month("2018-04"), *parse_month("2018-06"), 0);
    CHECK(window_label(PeriodUnit::month, p.before) == "2018-01 to 2018-03");
    CHECK(window_label(PeriodUnit::month, p.after_last_year) == "2017-04 to 2017-06");
    CHECK_THROWS_AS(make_periods(PeriodUnit::month, 1, 2, 4), UsageError);
  }
  CHECK_THROWS_AS(make_periods(PeriodUnit::day, to, from, 0), UsageError);
}
