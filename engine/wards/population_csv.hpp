// Ward populations from a CSV: a header naming a code column (ward_code, code, WDxxCD) and a
// population column (population, residents, pop, all_ages). Thousands separators are allowed.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace hotspot::wards {

// Throws InputError naming file, line and field for a missing column or a bad number.
std::vector<std::pair<std::string, double>> read_population_csv(const std::string& path);

}  // namespace hotspot::wards
