#include "engine/wards/population_csv.hpp"

#include <ogrsf_frmts.h>

#include <charconv>
#include <filesystem>
#include <regex>
#include <unordered_map>

#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/core/text_encoding.hpp"

namespace hotspot::wards {

namespace {

struct Row {
  int64_t line = 0;  // 1-based line (CSV) or row (spreadsheet)
  std::vector<std::string> fields;
};

bool is_spreadsheet(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".xlsx" || extension == ".ods";
}

// The first sheet, every cell as text, with no header assumed: ONS workbooks put title and note
// rows above the table. GDAL's XLSX/ODS drivers read it; nothing here parses the zip or XML.
std::vector<Row> spreadsheet_rows(const std::string& path) {
  ensure_gdal_registered();
  const char* const options[] = {"HEADERS=DISABLE", "FIELD_TYPES=STRING", nullptr};
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options));
  if (!dataset || dataset->GetLayerCount() == 0)
    throw InputError(path, 0, "",
                     "cannot read the population spreadsheet: save it as .xlsx or .ods, or as CSV");
  std::vector<Row> rows;
  int64_t row_number = 0;
  for (const auto& feature : *dataset->GetLayer(0)) {
    Row row{++row_number, {}};
    for (int i = 0; i < feature->GetFieldCount(); ++i)
      row.fields.emplace_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Row> csv_rows(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  std::vector<Row> rows;
  while (reader.next(fields))
    rows.push_back(
        Row{reader.line_number(), std::vector<std::string>(fields.begin(), fields.end())});
  return rows;
}

std::string lower(std::string_view text) {
  std::string name(text);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return name;
}

}  // namespace

std::vector<std::pair<std::string, double>> read_population_csv(const std::string& path) {
  const std::vector<Row> rows = is_spreadsheet(path) ? spreadsheet_rows(path) : csv_rows(path);
  if (rows.empty()) throw InputError(path, 0, "", "the population file is empty");
  // The header: the first of the first 20 rows naming a code column and a population column.
  // Our own ward_code,population; ONS's mid-year estimates: "Ward Code", ..., "All Ages".
  const std::regex code_name(
      "((wd|lsoa|msoa|oa|lad)\\d\\dcd|(ward|lsoa|msoa|oa|area|gss)( \\d{4})?[ _]?codes?|wardcode|"
      "code)");
  const std::regex population_name(
      "(population|pop|residents|usual_residents|all[ _]ages|total|total population)");
  size_t header_row = rows.size();
  int code_column = -1, population_column = -1;
  for (size_t r = 0; r < rows.size() && r < 20 && header_row == rows.size(); ++r) {
    code_column = population_column = -1;
    const std::vector<std::string>& fields = rows[r].fields;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].size() > 64) continue;  // no column name we look for is longer
      const std::string name = lower(fields[i]);
      if (code_column < 0 && std::regex_match(name, code_name)) code_column = static_cast<int>(i);
      if (population_column < 0 && std::regex_match(name, population_name))
        population_column = static_cast<int>(i);
    }
    if (code_column >= 0 && population_column >= 0) header_row = r;
  }
  if (header_row == rows.size())
    throw InputError(path, 1, "ward_code",
                     "the population file needs a header with a ward code column (ward_code, "
                     "\"Ward Code\" or WD23CD) and a population column (population or \"All "
                     "Ages\"), in one of its first 20 rows");
  const size_t header_size = rows[header_row].fields.size();
  std::vector<std::pair<std::string, double>> result;
  std::unordered_map<std::string, int64_t> line_of_code;
  for (size_t r = header_row + 1; r < rows.size(); ++r) {
    const std::vector<std::string>& fields = rows[r].fields;
    const int64_t line = rows[r].line;
    bool blank = true;
    for (const std::string& field : fields) blank = blank && field.empty();
    if (blank) continue;  // empty lines, and a spreadsheet's empty rows
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
    const std::string& code = fields[static_cast<size_t>(code_column)];
    const std::string& population = fields[static_cast<size_t>(population_column)];
    // ONS tables end with notes ("Source: Office for National Statistics"): one cell of text.
    size_t filled = 0;
    for (const std::string& field : fields) filled += !field.empty();
    if (population.empty() && filled == 1) continue;
    // Thousands separators are allowed inside a quoted number ("5,400").
    std::string number;
    for (char c : population)
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
    if (code.empty()) throw InputError(path, line, "ward_code", "empty ward code");
    const auto [previous, inserted] = line_of_code.emplace(code, line);
    if (!inserted)
      throw InputError(path, line, "ward_code",
                       "this ward code is already on line " + std::to_string(previous->second) +
                           ": give each ward one population");
    result.emplace_back(code, value);
  }
  return result;
}

}  // namespace hotspot::wards
