// Hand-written on Boost.Math's binomial distribution and incomplete beta inverse: the test is a
// few lines, and no Debian library offers R's binom.test semantics.
#include "engine/profile/change_test.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cstdio>

#include "engine/core/errors.hpp"
#include "engine/profile/math_policy.hpp"

namespace hotspot::profile {

namespace {

// Two-sided exact binomial p-value: the probability of every outcome no likelier than k, as R's
// binom.test computes it. The probabilities rise to the mode and fall after it, so the outcomes
// on the far side of the mean that are no likelier than k form one tail, found by bisection:
// the cost is a few dozen probabilities and two tail sums, whatever n (the England counts of a
// peer comparison run to millions).
double binomial_two_sided(int64_t k, int64_t n, double p) {
  if (n == 0) return 1;
  namespace bm = boost::math;
  const bm::binomial_distribution<double, DoublePrecision> distribution(static_cast<double>(n), p);
  auto pmf = [&](int64_t i) { return bm::pdf(distribution, static_cast<double>(i)); };
  const double observed = pmf(k);
  const double tolerance = observed * (1 + 1e-7);  // R's relErr: ties count as "as likely"
  const double mean = static_cast<double>(n) * p;
  if (static_cast<double>(k) == mean) return 1;
  double total = 0;
  if (static_cast<double>(k) < mean) {
    // Lower tail P(X <= k), and the upper tail from the first i >= ceil(mean) with pmf <=
    // tolerance.
    int64_t low = static_cast<int64_t>(std::ceil(mean)), high = n + 1;
    while (low < high) {
      const int64_t middle = low + (high - low) / 2;
      if (pmf(middle) <= tolerance)
        high = middle;
      else
        low = middle + 1;
    }
    total = bm::cdf(distribution, static_cast<double>(k));
    if (low <= n) total += bm::cdf(bm::complement(distribution, static_cast<double>(low - 1)));
  } else {
    // Upper tail P(X >= k), and the lower tail up to the last i <= floor(mean) with pmf <=
    // tolerance.
    int64_t low = -1, high = static_cast<int64_t>(std::floor(mean));
    while (low < high) {
      const int64_t middle = low + (high - low + 1) / 2;
      if (pmf(middle) <= tolerance)
        low = middle;
      else
        high = middle - 1;
    }
    total = bm::cdf(bm::complement(distribution, static_cast<double>(k - 1)));
    if (low >= 0) total += bm::cdf(distribution, static_cast<double>(low));
  }
  return std::min(1.0, total);
}

std::string percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", std::fabs(value));
  return text;
}

}  // namespace

CountChange compare_counts(int64_t current, int64_t baseline, double exposure_ratio,
                           double confidence) {
  if (current < 0 || baseline < 0) throw ConfigError("counts to compare must not be negative");
  if (!(exposure_ratio > 0) || !std::isfinite(exposure_ratio))
    throw ConfigError("the two periods must both have a positive length");
  if (!(confidence > 0 && confidence < 1)) throw ConfigError("confidence must lie between 0 and 1");
  CountChange change;
  change.current = current;
  change.baseline = baseline;
  change.exposure_ratio = exposure_ratio;
  const int64_t n = current + baseline;
  const double p0 = exposure_ratio / (1 + exposure_ratio);
  change.p_value = binomial_two_sided(current, n, p0);
  change.small_numbers = n < 10 || current < 5 || baseline < 5;
  if (baseline > 0)
    change.rate_ratio =
        static_cast<double>(current) / exposure_ratio / static_cast<double>(baseline);
  if (n > 0) {
    // Clopper–Pearson interval of p = current / n, turned into a rate ratio p / (1 − p) / exposure.
    const double alpha = 1 - confidence;
    const double low = current == 0 ? 0
                                    : boost::math::ibeta_inv(double(current), double(baseline + 1),
                                                             alpha / 2, DoublePrecision());
    const double high = baseline == 0
                            ? 1
                            : boost::math::ibeta_inv(double(current + 1), double(baseline),
                                                     1 - alpha / 2, DoublePrecision());
    change.ratio_low = low / (1 - low) / exposure_ratio;
    change.ratio_high = high >= 1 ? INFINITY : high / (1 - high) / exposure_ratio;
  }
  if (!change.small_numbers && std::isfinite(change.rate_ratio))
    change.change_percent = (change.rate_ratio - 1) * 100;
  return change;
}

std::string describe_change(const CountChange& change) {
  if (change.small_numbers || std::isnan(change.change_percent))
    return std::to_string(change.current) + " against " + std::to_string(change.baseline) +
           ": too few to say";
  const std::string direction = change.rate_ratio >= 1 ? "up " : "down ";
  const double low = (change.ratio_low - 1) * 100, high = (change.ratio_high - 1) * 100;
  std::string text = direction + percent(change.change_percent);
  if (std::isfinite(high)) {
    // The interval of the change, in the same direction words: "up 24% (95% CI 9–37%)".
    const bool up = change.rate_ratio >= 1;
    // Rounded before the sign is chosen, so that −0.2% reads "0", not "−0".
    const double near = std::round(up ? low : -high), far = std::round(up ? high : -low);
    char interval[64];
    std::snprintf(interval, sizeof interval, " (95%% CI %s%.0f to %s%.0f%%)", near < 0 ? "−" : "",
                  std::fabs(near), far < 0 ? "−" : "", std::fabs(far));
    text += interval;
  }
  return text + (change.significant() ? ", significant" : ", not significant");
}

}  // namespace hotspot::profile
