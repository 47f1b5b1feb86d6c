#include "engine/impact/displacement.hpp"

#include <cstdio>

namespace hotspot::impact {

DisplacementQuotient weighted_displacement_quotient(int64_t response_before, int64_t response_after,
                                                    int64_t buffer_before, int64_t buffer_after,
                                                    int64_t control_before, int64_t control_after) {
  DisplacementQuotient result;
  if (control_before <= 0 || control_after <= 0) {
    result.reading = "cannot be computed: the comparison area has no incidents in a period";
    return result;
  }
  const double cb = static_cast<double>(control_before), ca = static_cast<double>(control_after);
  result.success_measure = response_after / ca - response_before / cb;
  result.displacement_measure = buffer_after / ca - buffer_before / cb;
  result.total_net_effect =
      (response_before * (ca / cb) - response_after) + (buffer_before * (ca / cb) - buffer_after);
  if (!(result.success_measure < 0)) {
    result.reading =
        "not meaningful: the operation area did not improve relative to the comparison area "
        "(success measure ≥ 0), so there is no effect to displace";
    return result;
  }
  result.meaningful = true;
  result.wdq = result.displacement_measure / result.success_measure;
  char value[32];
  std::snprintf(value, sizeof value, "%.2f", result.wdq);
  const std::string wdq = std::string("WDQ ") + value;
  if (result.wdq > 1)
    result.reading = wdq + ": diffusion of benefit, larger than the direct effect";
  else if (result.wdq > 0)
    result.reading = wdq + ": diffusion of benefit into the buffer ring";
  else if (result.wdq == 0)
    result.reading = wdq + ": no displacement and no diffusion";
  else if (result.wdq >= -1)
    result.reading = wdq +
                     ": some displacement into the buffer ring, smaller than the direct "
                     "effect (a net gain)";
  else
    result.reading = wdq + ": displacement larger than the direct effect (a net loss)";
  return result;
}

}  // namespace hotspot::impact
