// Did a count change? Two counts over two periods (of possibly different lengths: the exposure)
// compared by the exact conditional binomial test: given n = current + baseline, under "no
// change" current ~ Binomial(n, p0) with p0 = current exposure / total exposure. The rate ratio
// (current rate / baseline rate) comes with its exact 95% interval from the Clopper–Pearson
// interval of p. Small numbers are flagged rather than turned into percentages.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

namespace hotspot::profile {

struct CountChange {
  int64_t current = 0, baseline = 0;
  double exposure_ratio = 1;   // current period length / baseline period length
  double rate_ratio = NAN;     // (current / exposure) / baseline; NaN when baseline is 0
  double ratio_low = NAN, ratio_high = NAN;  // exact interval (ratio_high infinite when baseline is 0)
  double p_value = NAN;        // two-sided, as R's binom.test (outcomes no likelier than the observed)
  bool small_numbers = false;  // too few to quote a percentage: current + baseline < 10 or either < 5
  double change_percent = NAN; // (rate ratio − 1) × 100; NaN when small or undefined
  bool significant(double alpha = 0.05) const { return p_value < alpha; }
};

// Throws ConfigError for negative counts, a non-positive exposure ratio or a confidence outside (0, 1).
CountChange compare_counts(int64_t current, int64_t baseline, double exposure_ratio = 1, double confidence = 0.95);

// "up 24% (95% CI 9–37%), significant", "down 5%, not significant", "7 against 3: too few to say".
std::string describe_change(const CountChange& change);

}  // namespace hotspot::profile
