// Numbers as the outputs write them: rounded to decimals or to significant figures, so that a
// JSON or CSV value reads 3.157e-36 or 0.0788, never 3.1570000000000004e-36.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace hotspot {

// The double nearest the decimal `value` rounded to `figures` significant figures (printf's %g),
// so the shortest text of the result is that decimal. NaN and infinities pass through.
inline double round_to_figures(double value, int figures) {
  if (!std::isfinite(value) || value == 0) return value;
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", figures, value);
  return std::strtod(text, nullptr);
}

// The same to `decimals` places after the point (printf's %f).
inline double round_to_decimals(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  char text[400];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return std::strtod(text, nullptr);
}

// `value` as text with `places` decimals (printf's %.*f): "12.50".
inline std::string fixed_decimals(double value, int places) {
  char text[400];
  std::snprintf(text, sizeof text, "%.*f", places, value);
  return text;
}

}  // namespace hotspot
