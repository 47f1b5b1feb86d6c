// Difference-in-differences of Poisson counts: the ratio of two rate ratios,
// (treated after / treated before) / (comparison after / comparison before), with the
// log-normal interval exp(log R ± z·SE), SE = √(1/a₁ + 1/a₀ + 1/c₁ + 1/c₀) — the standard error
// of a difference of two log rate ratios (Altman & Bland 2003, "Interaction revisited: the
// difference between two estimates", BMJ 326:219). Periods of equal length cancel, so counts
// stand for rates. A zero count gets 0.5 added to all four (Haldane's correction), and the
// result says so.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

namespace hotspot::impact {

struct RatioOfRatios {
  int64_t treated_before = 0, treated_after = 0, comparison_before = 0, comparison_after = 0;
  double ratio = NAN;  // (ta / tb) / (ca / cb)
  double low = NAN, high = NAN;
  double p_value = NAN;        // two-sided, Wald test of log ratio = 0
  bool corrected = false;      // 0.5 added to every count (a count was zero)
  bool small_numbers = false;  // a count under 5: the interval is rough
  bool significant(double alpha = 0.05) const { return p_value < alpha; }
};

// Throws ConfigError for negative counts or a confidence outside (0, 1).
RatioOfRatios ratio_of_rate_ratios(int64_t treated_before, int64_t treated_after,
                                   int64_t comparison_before, int64_t comparison_after,
                                   double confidence = 0.95);

// "down 20% (95% CI 4% to 33%), p = 0.02, significant" (a change as a percentage).
std::string describe_ratio(const RatioOfRatios& result);

}  // namespace hotspot::impact
