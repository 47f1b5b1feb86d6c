// Ward populations from a CSV, or an .xlsx/.ods spreadsheet read through GDAL: a header in one of
// the first 20 rows naming a code column (ward_code, "Ward Code", WDxxCD, LSOAxxCD, ...) and a
// population column (population, residents, "All Ages"), as ONS publishes its mid-year
// estimates (title rows above, notes below). Thousands separators are allowed.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace hotspot::wards {

// Throws InputError naming file, line and field for a missing column or a bad number.
std::vector<std::pair<std::string, double>> read_population_csv(const std::string& path);

}  // namespace hotspot::wards
