// Exact (Garwood 1936) Poisson confidence interval, from the chi-square / gamma quantiles:
//   low  = χ²(α/2; 2O) / 2      = gamma_p_inv(O, α/2)        (0 when O = 0)
//   high = χ²(1−α/2; 2O+2) / 2  = gamma_p_inv(O + 1, 1 − α/2)
// Boost.Math supplies the inverse regularised incomplete gamma function.
#include <boost/math/special_functions/gamma.hpp>

#include "engine/core/errors.hpp"
#include "engine/profile/math_policy.hpp"
#include "engine/profile/ward_profile.hpp"

namespace hotspot::profile {

const char* to_string(Comparison comparison) {
  switch (comparison) {
    case Comparison::above:
      return "above";
    case Comparison::similar:
      return "similar";
    case Comparison::below:
      return "below";
    case Comparison::unknown:
      break;
  }
  return "unknown";
}

Interval poisson_interval(int64_t observed, double confidence) {
  if (observed < 0) throw ConfigError("a Poisson interval needs a count >= 0");
  if (!(confidence > 0 && confidence < 1))
    throw ConfigError("confidence must lie strictly between 0 and 1 (e.g. 0.95)");
  const double alpha = 1 - confidence;
  const double count = static_cast<double>(observed);
  const double low =
      observed == 0 ? 0.0 : boost::math::gamma_p_inv(count, alpha / 2, DoublePrecision());
  const double high = boost::math::gamma_p_inv(count + 1, 1 - alpha / 2, DoublePrecision());
  return Interval{low, high};
}

RateComparison compare_with_expected(int64_t observed, double expected, double confidence) {
  RateComparison result;
  if (!(expected > 0)) return result;
  const Interval interval = poisson_interval(observed, confidence);
  result.ratio = static_cast<double>(observed) / expected;
  result.low = interval.low / expected;
  result.high = interval.high / expected;
  result.comparison = result.low > 1    ? Comparison::above
                      : result.high < 1 ? Comparison::below
                                        : Comparison::similar;
  return result;
}

}  // namespace hotspot::profile
