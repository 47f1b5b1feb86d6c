// Print charts as SVG: a ward's incidents per month as labelled bars, grey so they print in
// greyscale. Counts public outputs withhold are left as gaps, never drawn or labelled.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"

namespace hotspot::output {

// Bars for `monthly` (the first is month index `from_month`), each month named, each bar labelled
// with its count; `label` is the chart's accessible name.
std::string monthly_bars_svg(const std::vector<int64_t>& monthly, int32_t from_month,
                             const DisclosurePolicy& disclosure, const std::string& label);

}  // namespace hotspot::output
