// ward_profiles.md: the ward profiles in words, for place-based teams and briefings
// ("almost double the area rate, significantly above"), priority wards first.
#pragma once
#include <string>

#include "engine/output/ward_outputs.hpp"

namespace hotspot::output {

// A rate ratio in plain English: 1.85 → "almost double", 0.52 → "about half", 1.12 → "12% above".
std::string describe_ratio(double ratio);

void write_ward_report(const WardOutputContext& context, const std::string& path);

}  // namespace hotspot::output
