// Numbers for JSON outputs: rounded as core/rounding.hpp does, and null where there is no value
// (NaN, infinities), so a reader never meets NaN in JSON.
#pragma once
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/core/rounding.hpp"

namespace hotspot {

// `value` to `decimals` places, or null when it is not finite.
inline nlohmann::ordered_json rounded_or_null(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return round_to_decimals(value, decimals);
}

// A p-value to four significant figures (small ones keep their size: 1.2e-7, not 0), or null.
inline nlohmann::ordered_json p_value_or_null(double value) {
  if (std::isnan(value)) return nullptr;
  return round_to_figures(value, 4);
}

}  // namespace hotspot
