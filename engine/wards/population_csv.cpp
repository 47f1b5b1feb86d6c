#include "engine/wards/population_csv.hpp"

#include <charconv>
#include <regex>
#include <unordered_map>

#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/text_encoding.hpp"

namespace hotspot::wards {

std::vector<std::pair<std::string, double>> read_population_csv(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) throw InputError(path, 0, "", "the population file is empty");
  const size_t header_size = fields.size();
  int code_column = -1, population_column = -1;
  const std::regex code_name("(wd\\d\\dcd|ward_?code|wardcode|code|gss_?code)");
  const std::regex population_name("(population|pop|residents|usual_residents|all_ages|all ages)");
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].size() > 64) continue;  // no column name we look for is longer
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
  std::unordered_map<std::string, int64_t> line_of_code;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;
    const int64_t line = reader.line_number();
    if (fields.size() <= static_cast<size_t>(std::max(code_column, population_column)))
      throw InputError(path, line, "",
                       "the row has " + std::to_string(fields.size()) + " fields; the header has " +
                           std::to_string(header_size));
    if (fields.size() > header_size)
      throw InputError(path, line, "",
                       "the row has " + std::to_string(fields.size()) + " fields; the header has " +
                           std::to_string(header_size) +
                           ": a number with a thousands separator must be quoted (\"5,400\") or "
                           "written without it (5400)");
    // Thousands separators are allowed inside a quoted number ("5,400").
    std::string number;
    for (char c : fields[static_cast<size_t>(population_column)])
      if (c != ',' && c != ' ') number.push_back(c);
    double value = 0;
    const auto parsed = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || parsed.ec != std::errc() || parsed.ptr != number.data() + number.size() ||
        !(value >= 0))
      throw InputError(path, line, "population", "not a number of residents (e.g. 5400)");
    // The largest UK wards have about 30,000 residents; ten million is no ward (and 1e308 would
    // overflow every rate and count built on it).
    if (value > 1e7)
      throw InputError(path, line, "population",
                       "more than 10 million residents: not a ward population (a typing error, "
                       "or the wrong column)");
    std::string code(fields[static_cast<size_t>(code_column)]);
    if (code.empty()) throw InputError(path, line, "ward_code", "empty ward code");
    const auto [previous, inserted] = line_of_code.emplace(code, line);
    if (!inserted)
      throw InputError(path, line, "ward_code",
                       "this ward code is already on line " + std::to_string(previous->second) +
                           ": give each ward one population");
    rows.emplace_back(std::move(code), value);
  }
  return rows;
}

}  // namespace hotspot::wards
