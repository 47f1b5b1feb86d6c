#include "engine/impact/difference_in_differences.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cstdio>

#include "engine/core/errors.hpp"

namespace hotspot::impact {

RatioOfRatios ratio_of_rate_ratios(int64_t treated_before, int64_t treated_after,
                                   int64_t comparison_before, int64_t comparison_after,
                                   double confidence) {
  if (treated_before < 0 || treated_after < 0 || comparison_before < 0 || comparison_after < 0)
    throw ConfigError("counts must not be negative");
  if (!(confidence > 0 && confidence < 1)) throw ConfigError("confidence must lie between 0 and 1");
  RatioOfRatios result{treated_before, treated_after, comparison_before, comparison_after};
  double tb = static_cast<double>(treated_before), ta = static_cast<double>(treated_after);
  double cb = static_cast<double>(comparison_before), ca = static_cast<double>(comparison_after);
  result.corrected = tb == 0 || ta == 0 || cb == 0 || ca == 0;
  if (result.corrected) tb += 0.5, ta += 0.5, cb += 0.5, ca += 0.5;
  result.small_numbers =
      std::min({treated_before, treated_after, comparison_before, comparison_after}) < 5;
  const double log_ratio = std::log(ta / tb) - std::log(ca / cb);
  const double standard_error = std::sqrt(1 / ta + 1 / tb + 1 / ca + 1 / cb);
  const boost::math::normal_distribution<double> normal;
  const double z = boost::math::quantile(normal, 1 - (1 - confidence) / 2);
  result.ratio = std::exp(log_ratio);
  result.low = std::exp(log_ratio - z * standard_error);
  result.high = std::exp(log_ratio + z * standard_error);
  result.p_value =
      2 * boost::math::cdf(boost::math::complement(normal, std::fabs(log_ratio) / standard_error));
  return result;
}

std::string describe_ratio(const RatioOfRatios& result) {
  const bool down = result.ratio < 1;
  // The interval of the change in the same direction words: "down 20% (95% CI 4% to 33%)".
  const double change = std::fabs(result.ratio - 1) * 100;
  const double near = down ? (1 - result.high) * 100 : (result.low - 1) * 100;
  const double far = down ? (1 - result.low) * 100 : (result.high - 1) * 100;
  char text[160];
  std::snprintf(text, sizeof text, "%s %.0f%% (95%% CI %s%.0f%% to %.0f%%), p = %.3f",
                down ? "down" : "up", change, near < 0 ? "−" : "", std::fabs(near), far,
                result.p_value);
  std::string out = text;
  out += result.significant() ? ", significant" : ", not significant";
  if (result.small_numbers) out += " (small numbers: read with care)";
  return out;
}

}  // namespace hotspot::impact
