// The Weighted Displacement Quotient (Bowers & Johnson 2003, "Measuring the geographical
// displacement and diffusion of benefit effects of crime prevention activity", Journal of
// Quantitative Criminology 19(3): 275–301), exactly as the paper defines it, with R the response
// (operation) area, B the buffer ring, C the control (comparison) area, t0 before and t1 after:
//   success measure      = R_t1/C_t1 − R_t0/C_t0   (negative: the area improved relative to C)
//   displacement measure = B_t1/C_t1 − B_t0/C_t0
//   WDQ = displacement measure / success measure
// WDQ > 0: diffusion of benefit into the buffer (> 1: larger than the direct effect); WDQ < 0:
// displacement (< −1: more displaced than prevented); meaningful only when the success measure
// is negative. Also the Total Net Effect (Guerette 2009, Analyzing crime displacement and
// diffusion, POP Center Tool Guide 10): [R_t0·(C_t1/C_t0) − R_t1] + [B_t0·(C_t1/C_t0) − B_t1],
// the incidents prevented in the area and its ring together (negative: more than expected).
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

namespace hotspot::impact {

struct DisplacementQuotient {
  double success_measure = NAN;       // R_t1/C_t1 − R_t0/C_t0
  double displacement_measure = NAN;  // B_t1/C_t1 − B_t0/C_t0
  double wdq = NAN;                   // NaN when it cannot be computed
  double total_net_effect = NAN;      // incidents prevented, area and ring together
  bool meaningful = false;            // success measure < 0 and every control count > 0
  std::string reading;                // the paper's reading of the value, in words
};

DisplacementQuotient weighted_displacement_quotient(int64_t response_before, int64_t response_after,
                                                    int64_t buffer_before, int64_t buffer_after,
                                                    int64_t control_before, int64_t control_after);

}  // namespace hotspot::impact
