#include "engine/peers/peer_file.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/core/categories.hpp"
#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::peers {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A number written with optional thousands separators; NaN when it is not one.
double parse_number(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c != ',' && c != ' ') digits.push_back(c);
  if (digits.empty()) return NAN;
  char* end = nullptr;
  const double value = std::strtod(digits.c_str(), &end);
  return *end == '\0' && std::isfinite(value) ? value : NAN;
}

bool is_national_name(const std::string& area) {
  const std::string name = normalise_category_name(area);  // lower case, spaces folded
  return name == "england" || name == "england and wales" || name == "national";
}

struct Columns {
  int area = -1, role = -1, category = -1, count = -1, rate = -1, population = -1, months = -1;
};

Columns find_columns(const std::vector<std::string_view>& header, const std::string& path) {
  Columns columns;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = lower(header[i]);
    const int index = static_cast<int>(i);
    if (name == "area" || name == "name" || name == "force" || name == "csp")
      columns.area = index;
    else if (name == "role" || name == "group")
      columns.role = index;
    else if (name == "category" || name == "crime_type" || name == "crime type" ||
             name == "offence")
      columns.category = index;
    else if (name == "count" || name == "crimes" || name == "offences" || name == "incidents")
      columns.count = index;
    else if (name == "rate_per_1000" || name == "rate" || name == "rate per 1000")
      columns.rate = index;
    else if (name == "population" || name == "residents")
      columns.population = index;
    else if (name == "months")
      columns.months = index;
  }
  const char* missing = columns.area < 0                        ? "area"
                        : columns.category < 0                  ? "category"
                        : columns.population < 0                ? "population"
                        : columns.count < 0 && columns.rate < 0 ? "count"
                                                                : nullptr;
  if (missing)
    throw InputError(path, 1, missing,
                     "the peers file needs the columns area, category, population and count (or "
                     "rate_per_1000), with role and months optional; see the README");
  return columns;
}

}  // namespace

std::string peer_category(const std::string& name) {
  const std::string normalised = normalise_category_name(name);
  if (normalised == "all" || normalised == "total" || normalised == "all crime" ||
      normalised == "all crime and asb")
    return kTotalCategory;
  if (std::string slug = slug_for_police_uk_name(name); !slug.empty()) return slug;
  return is_valid_slug(normalised) ? normalised : "";
}

PeerTable read_peer_file(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) throw InputError(path, 0, "", "the peers file is empty");
  const Columns columns = find_columns(fields, path);
  const int last_required = std::max({columns.area, columns.category, columns.population,
                                      columns.count, columns.rate, columns.role, columns.months});
  PeerTable table{path, {}};
  std::set<std::pair<std::string, std::string>> seen;
  std::string national;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;
    const int64_t line = reader.line_number();
    if (fields.size() <= static_cast<size_t>(last_required))
      throw InputError(path, line, "",
                       "too few columns: every row needs a value per header column");
    auto field = [&](int column) { return fields[static_cast<size_t>(column)]; };
    PeerRow row;
    row.line = line;
    row.area = std::string(field(columns.area));
    if (row.area.empty()) throw InputError(path, line, "area", "the area name is empty");
    const std::string role = columns.role >= 0 ? lower(field(columns.role)) : "";
    if (role == "national" || role == "england")
      row.role = PeerRole::national;
    else if (role == "peer" || role == "msg" || role == "group")
      row.role = PeerRole::peer;
    else if (role.empty())
      row.role = is_national_name(row.area) ? PeerRole::national : PeerRole::peer;
    else
      throw InputError(path, line, "role", "the role must be national or peer");
    row.category = peer_category(std::string(field(columns.category)));
    if (row.category.empty())
      throw InputError(path, line, "category",
                       "not a police.uk category name or slug (e.g. Burglary, violent-crime), nor "
                       "all for every category together");
    row.population = parse_number(field(columns.population));
    if (!(row.population > 0))
      throw InputError(path, line, "population", "the population must be a number above 0");
    const bool has_count = columns.count >= 0 && !field(columns.count).empty();
    if (has_count) {
      const double count = parse_number(field(columns.count));
      if (!(count >= 0) || count != std::floor(count))
        throw InputError(path, line, "count", "the count must be a whole number >= 0");
      row.count = static_cast<int64_t>(count);
    } else {
      const double rate = columns.rate >= 0 ? parse_number(field(columns.rate)) : NAN;
      if (!(rate >= 0))
        throw InputError(path, line, columns.rate >= 0 ? "rate_per_1000" : "count",
                         "give a count (or a rate per 1,000 residents) that is a number >= 0");
      row.count = std::llround(rate * row.population / 1000);
    }
    if (columns.months >= 0 && !field(columns.months).empty()) {
      row.months = parse_number(field(columns.months));
      if (!(row.months > 0))
        throw InputError(path, line, "months", "months must be a number above 0");
    }
    if (row.role == PeerRole::national) {
      if (!national.empty() && national != row.area)
        throw InputError(path, line, "role",
                         "only one national area may be given (found two); mark the others peer");
      national = row.area;
    }
    if (!seen.emplace(row.area, row.category).second)
      throw InputError(path, line, "category",
                       "this area has this category twice; give one row per area and category");
    table.rows.push_back(std::move(row));
  }
  if (table.rows.empty()) throw InputError(path, 0, "", "the peers file has no rows");
  return table;
}

}  // namespace hotspot::peers
