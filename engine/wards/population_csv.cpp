#include "engine/wards/population_csv.hpp"

#include <fstream>
#include <regex>

#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::wards {

std::vector<std::pair<std::string, double>> read_population_csv(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) throw InputError(path, 0, "", "the population file is empty");
  int code_column = -1, population_column = -1;
  const std::regex code_name("(wd\\d\\dcd|ward_?code|wardcode|code|gss_?code)");
  const std::regex population_name("(population|pop|residents|usual_residents|all_ages|all ages)");
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name(fields[i]);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (code_column < 0 && std::regex_match(name, code_name)) code_column = static_cast<int>(i);
    if (population_column < 0 && std::regex_match(name, population_name))
      population_column = static_cast<int>(i);
  }
  if (code_column < 0 || population_column < 0)
    throw InputError(path, 1, code_column < 0 ? "ward_code" : "population",
                     "the population file needs a header with a ward code column (ward_code) and a "
                     "population column (population)");
  std::vector<std::pair<std::string, double>> rows;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (fields.size() <= static_cast<size_t>(std::max(code_column, population_column)))
      throw InputError(path, reader.line_number(), "", "too few columns");
    std::string number;
    for (char c : fields[static_cast<size_t>(population_column)])
      if (c != ',' && c != ' ') number.push_back(c);
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0' || !(value >= 0))
      throw InputError(path, reader.line_number(), "population",
                       "'" + std::string(fields[static_cast<size_t>(population_column)]) +
                           "' is not a number of residents");
    rows.emplace_back(std::string(fields[static_cast<size_t>(code_column)]), value);
  }
  return rows;
}

}  // namespace hotspot::wards
