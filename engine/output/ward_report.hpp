// ward_profiles.md: the ward profiles in words, for place-based teams and briefings
// ("almost double the area rate, significantly above"), priority wards first.
#pragma once
#include <string>

#include "engine/output/ward_outputs.hpp"

namespace hotspot::output {

// A rate ratio in plain English: 1.85 → "almost double", 0.52 → "about half", 1.12 → "12% above".
std::string describe_ratio(double ratio);

// 12345 → "12,345".
std::string with_commas(int64_t value);
// "almost double the area rate (1.85×, 95% interval 1.70–2.01): significantly above"; "" when
// not compared.
std::string comparison_sentence(const profile::Stats& stats);
// "1,020 in the previous period (+45, +5%)"; "" without a previous period.
std::string change_sentence(const profile::Stats& stats);

void write_ward_report(const WardOutputContext& context, const std::string& path);

}  // namespace hotspot::output
