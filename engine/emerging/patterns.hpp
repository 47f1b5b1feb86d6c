// The Emerging Hot Spot Analysis patterns of ArcGIS Pro ("How Emerging Hot Spot Analysis
// works"), from a location's series of significant hot (+1) / cold (−1) / neither (0) bins and
// the Mann–Kendall trend of its Gi* z-scores. For hot spots (cold spots mirror them):
// - new: hot in the final step and never hot before;
// - consecutive: a single uninterrupted run of at least two hot steps ending with the final
//   step, never hot before the run, and under 90% of the steps hot;
// - intensifying: hot in at least 90% of the steps including the final one, and the intensity
//   of clustering rises significantly (Mann–Kendall p < 0.05, upward);
// - persistent: hot in at least 90% of the steps (including the final one) with no significant
//   trend;
// - diminishing: as intensifying, with a significant downward trend;
// - sporadic: hot in the final step, on-again off-again before, under 90% of the steps hot,
//   never cold;
// - oscillating: hot in the final step, cold in some earlier step, under 90% of the steps hot;
// - historical: not hot in the final step, but hot in at least 90% of the steps.
// Where ArcGIS's words leave an order open we choose, and say so: a location that was cold
// earlier and turns hot is oscillating, not new or consecutive (as sfdep does); whether a
// location is a hot or a cold pattern follows its final step (historical: the 90% rule).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/emerging/mann_kendall.hpp"

namespace hotspot::emerging {

enum class Pattern : uint8_t {
  none,
  new_hot,
  consecutive_hot,
  intensifying_hot,
  persistent_hot,
  diminishing_hot,
  sporadic_hot,
  oscillating_hot,
  historical_hot,
  new_cold,
  consecutive_cold,
  intensifying_cold,
  persistent_cold,
  diminishing_cold,
  sporadic_cold,
  oscillating_cold,
  historical_cold,
};
constexpr size_t kPatterns = 17;

// "new hot spot", "no pattern detected", ...
std::string pattern_name(Pattern pattern);
// "new-hot", "no-pattern", ... (for CSV and GeoJSON values)
std::string pattern_slug(Pattern pattern);
bool is_hot(Pattern pattern);

// `significance[t]`: +1 hot, −1 cold, 0 neither, for t = 0 .. n−1 (n − 1 the final step).
// `trend`: the Mann–Kendall test of the location's z-scores; significant when p < alpha.
Pattern classify(const std::vector<int8_t>& significance, const MannKendall& trend,
                 double alpha = 0.05);

}  // namespace hotspot::emerging
