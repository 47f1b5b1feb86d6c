// CSV incident sources: police.uk street-level files (detected by header) and a force's own
// export with named or detected x/y (or lon/lat), category, date-time and id columns.
#include <algorithm>
#include <cmath>
#include <regex>

#include "engine/core/crs.hpp"
#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/text_encoding.hpp"
#include "engine/ingest/sources.hpp"

namespace hotspot::ingest {

namespace {

std::string lower(std::string_view text) {
  // Trimmed with one search each way: erasing from the front one space at a time was quadratic
  // in a header name of many spaces.
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  text = text.substr(first, text.find_last_not_of(' ') - first + 1);
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Columns {
  int x = -1, y = -1, category = -1, time = -1, id = -1, street = -1;
  bool geographic = false;
  bool police_uk = false;
};

int find_column(const std::vector<std::string>& header, const std::string& given,
                const char* pattern) {
  if (!given.empty()) {
    const auto at = std::find(header.begin(), header.end(), lower(given));
    return at == header.end() ? -2 : static_cast<int>(at - header.begin());
  }
  const std::regex wanted(pattern);
  for (size_t i = 0; i < header.size(); ++i)
    if (std::regex_match(header[i], wanted)) return static_cast<int>(i);
  return -1;
}

Columns detect_columns(const std::string& path, const std::vector<std::string>& header,
                       const IngestOptions& options) {
  Columns columns;
  auto has = [&](const char* name) {
    return std::find(header.begin(), header.end(), name) != header.end();
  };
  if (has("crime id") && has("month") && has("longitude") && has("latitude") && has("crime type")) {
    columns.police_uk = true;
    columns.geographic = true;
    columns.x = find_column(header, "", "longitude");
    columns.y = find_column(header, "", "latitude");
    columns.category = find_column(header, "", "crime type");
    columns.time = find_column(header, "", "month");
    columns.id = find_column(header, "", "crime id");
    columns.street = find_column(header, "", "location");
    return columns;
  }
  const char* lon_names = "(longitude|lon|long|lng)";
  const char* lat_names = "(latitude|lat)";
  columns.x = find_column(header, options.x_column,
                          "(easting|x|x_coord|xcoord|x_coordinate|grid_x|map_x|eastings)");
  columns.y = find_column(header, options.y_column,
                          "(northing|y|y_coord|ycoord|y_coordinate|grid_y|map_y|northings)");
  if (columns.x == -1 && columns.y == -1) {
    columns.x = find_column(header, "", lon_names);
    columns.y = find_column(header, "", lat_names);
  }
  if (columns.x >= 0)
    columns.geographic =
        std::regex_match(header[static_cast<size_t>(columns.x)], std::regex(lon_names));
  columns.category = find_column(
      header, options.category_column,
      "(offence|offence_type|offence type|crime type|crime_type|category|crime_category|"
      "offence_description|offence description|classification|type|hocode|ho_code)");
  columns.time =
      find_column(header, options.time_column,
                  "(occurred_at|occurred|datetime|date_time|date time|committed|committed_at|"
                  "incident_date|date|timestamp|time|month|start_date)");
  columns.id = find_column(
      header, options.id_column,
      "(id|incident_id|crime id|crime_id|crime_ref|crime reference|reference|urn|crime_number)");
  columns.street =
      find_column(header, options.street_column,
                  "(street|street_name|street name|road|road_name|location|address_street)");
  // Header names shown without control characters, and at most 30 of them.
  std::string listed;
  for (size_t i = 0; i < header.size() && i < 30; ++i)
    listed += (i ? ", " : "") + sanitise_for_message(header[i], 40);
  if (header.size() > 30) listed += ", ... (" + std::to_string(header.size()) + " columns)";
  auto missing = [&](int column, const std::string& given, const char* what, const char* option) {
    if (column == -2)
      throw InputError(path, 1, given,
                       std::string("no column named '") + sanitise_for_message(given) + "' (the " +
                           what + "); the header has: " + listed);
    if (column == -1)
      throw InputError(path, 1, "",
                       std::string("none of the expected columns for the ") + what +
                           " was found; the header has: " + listed + ". Name it with " + option);
  };
  missing(columns.x, options.x_column, "x / easting / longitude", "--x-column");
  missing(columns.y, options.y_column, "y / northing / latitude", "--y-column");
  missing(columns.category, options.category_column, "offence category", "--category-column");
  missing(columns.time, options.time_column, "date and time", "--time-column");
  if (columns.id == -2) missing(columns.id, options.id_column, "incident id", "--id-column");
  if (columns.street == -2)
    missing(columns.street, options.street_column, "street", "--street-column");
  return columns;
}

// Geographic sanity: range, (0,0) and swapped latitude/longitude. Empty string when fine.
const char* check_lon_lat(double lon, double lat, std::string& detail) {
  if (lon == 0 && lat == 0) {
    detail = "coordinates are (0, 0): a missing location written as zeros";
    return "zero-coordinates";
  }
  if (std::fabs(lat) > 90 || std::fabs(lon) > 180) {
    if (std::fabs(lon) <= 90 && std::fabs(lat) <= 180) {
      detail = "latitude and longitude look swapped (the latitude is beyond ±90)";
      return "swapped-lat-lon";
    }
    detail = "longitude/latitude outside any plausible range";
    return "out-of-range";
  }
  // Great Britain written the wrong way round: (52.0, 0.7) instead of (0.7, 52.0).
  if (lon >= 49 && lon <= 61 && lat >= -9 && lat <= 2.5) {
    detail =
        "latitude and longitude look swapped (as given the point is in the Southern Ocean; "
        "swapped it is in Great Britain)";
    return "swapped-lat-lon";
  }
  return "";
}

}  // namespace

StagedRows read_csv_source(const std::string& path, const IngestOptions& options,
                           CategoryResolver& categories, StreetResolver& streets,
                           IngestResult& result) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (reader.size() == 0 || !reader.next(fields))
    throw InputError(path, 0, "", "the file is empty: expected a header line and incident rows");
  const TextDecoder decoder(options.encoding);
  std::string scratch;
  std::vector<std::string> header;
  for (auto field : fields) {
    std::string_view text;
    bool decoded_1252 = false;
    if (!decoder.decode(field, scratch, text, decoded_1252))
      throw InputError(path, 1, "",
                       "the header is not valid UTF-8: use --encoding windows-1252 (or auto)");
    header.push_back(lower(text));
  }
  if (reader.quoted_line_breaks() > 0)
    throw InputError(path, 1, "",
                     "the header has a quoted name running over " +
                         std::to_string(reader.quoted_line_breaks() + 1) +
                         " lines: check the quotes in the first line");
  StagedRows staged;
  staged.path = path;
  if (std::find(header.begin(), header.end(), "outcome type") != header.end() &&
      std::find(header.begin(), header.end(), "crime type") == header.end()) {
    staged.format = "police.uk outcomes CSV (skipped)";
    result.notes.push_back(sanitise_for_message(path, 400) +
                           " is a police.uk outcomes file, not street-level crime: skipped");
    return staged;
  }
  const Columns columns = detect_columns(path, header, options);
  staged.format = columns.police_uk ? "police.uk street CSV" : "CSV";
  staged.geographic = columns.geographic;
  staged.crs = !options.crs.empty() && !columns.police_uk ? options.crs
                                                          : (columns.geographic ? "EPSG:4326" : "");
  if (staged.crs.empty())
    throw InputError(path, 1, header[static_cast<size_t>(columns.x)],
                     "unknown CRS for the x/y columns: give it with --crs (EPSG:27700 for British "
                     "National Grid)");
  if (!is_known_crs(staged.crs))
    throw InputError(path, 0, "crs",
                     "unknown CRS '" + sanitise_for_message(staged.crs) +
                         "': give an EPSG code, e.g. --crs EPSG:27700 (British National Grid)");
  const DateOrder order = columns.police_uk ? DateOrder::iso : options.date_order;
  const size_t needed = static_cast<size_t>(std::max(
                            {columns.x, columns.y, columns.category, columns.time, columns.id})) +
                        1;
  const std::string& x_name = header[static_cast<size_t>(columns.x)];
  const std::string& y_name = header[static_cast<size_t>(columns.y)];
  const std::string& time_name = header[static_cast<size_t>(columns.time)];
  const std::string& category_name = header[static_cast<size_t>(columns.category)];
  const int64_t now_s = options.now_s != 0 ? options.now_s : local_now_s();
  std::string detail;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line: not a row
    ++staged.rows;
    const int64_t line = reader.line_number();
    auto reject = [&](const std::string& field, const char* reason, const std::string& why) {
      reject_row(result, path, line, field, reason, why, reader.raw_record());
    };
    auto spans_lines = [&](int column) {
      return column >= 0 && fields.size() > static_cast<size_t>(column) &&
             fields[static_cast<size_t>(column)].find_first_of("\r\n") != std::string_view::npos;
    };
    if (reader.quoted_line_breaks() > 0 &&
        (fields.size() != header.size() || spans_lines(columns.x) || spans_lines(columns.y) ||
         spans_lines(columns.category) || spans_lines(columns.time) || spans_lines(columns.id))) {
      // A stray quote pairs with one on a later line and swallows the lines between.
      reject("", "unbalanced-quote",
             "a quoted field opens on this line and runs over " +
                 std::to_string(reader.quoted_line_breaks() + 1) +
                 " lines into a field this program reads (the row has " +
                 std::to_string(fields.size()) + " fields, the header " +
                 std::to_string(header.size()) +
                 "): check the quotes; the lines it swallowed are part of this reject");
      continue;
    }
    if (fields.size() < needed) {
      reject("", "too-few-fields",
             "the row has " + std::to_string(fields.size()) + " fields; the header has " +
                 std::to_string(header.size()));
      continue;
    }
    if (fields.size() > header.size() &&
        std::any_of(fields.begin() + static_cast<std::ptrdiff_t>(header.size()), fields.end(),
                    [](std::string_view extra) { return !extra.empty(); })) {
      reject("", "too-many-fields",
             "the row has " + std::to_string(fields.size()) + " fields; the header has " +
                 std::to_string(header.size()) +
                 " (an unquoted comma in a value? quote values that hold commas)");
      continue;
    }
    const std::string_view x_text = fields[static_cast<size_t>(columns.x)];
    const std::string_view y_text = fields[static_cast<size_t>(columns.y)];
    if (x_text.empty() && y_text.empty()) {
      reject(x_name, "no-coordinates", "the row has no location");
      continue;
    }
    double x, y;
    if (!parse_number(x_text, x)) {
      reject(x_name, "bad-number", "the x coordinate is not a number");
      continue;
    }
    if (!parse_number(y_text, y)) {
      reject(y_name, "bad-number", "the y coordinate is not a number");
      continue;
    }
    if (columns.geographic) {
      if (const char* reason = check_lon_lat(x, y, detail); *reason) {
        reject(x_name, reason, detail);
        continue;
      }
    } else if (x == 0 && y == 0) {
      reject(x_name, "zero-coordinates",
             "coordinates are (0, 0): a missing location written as zeros");
      continue;
    }
    std::string_view category_text;
    bool decoded_1252 = false;
    if (!decoder.decode(fields[static_cast<size_t>(columns.category)], scratch, category_text,
                        decoded_1252)) {
      reject(category_name, "bad-encoding",
             "the offence is not valid UTF-8 (--encoding utf-8 was given; use auto or "
             "windows-1252 for a Windows export)");
      continue;
    }
    if (category_text.find_first_not_of(' ') == std::string_view::npos) {
      reject(category_name, "missing-category", "the row has no offence category");
      continue;
    }
    ParsedTime time;
    const std::string_view time_text = fields[static_cast<size_t>(columns.time)];
    if (!parse_time(time_text, order, time)) {
      reject(time_name, time_text.empty() ? "missing-date" : "bad-date",
             time_text.empty() ? "the row has no date"
                               : "not a date (expected 2025-03-14 22:15, 14/03/2025 22:15 or "
                                 "2025-03; offsets from -12:00 to +14:00)");
      continue;
    }
    if (!is_plausible_time(time.local_time_s, now_s)) {
      reject(time_name, "implausible-date",
             "the date is before 1990 or more than a day after today: a placeholder or a typing "
             "error");
      continue;
    }
    staged.x.push_back(x);
    staged.y.push_back(y);
    staged.category.push_back(categories.resolve(category_text, path, line, category_name));
    staged.local_time_s.push_back(time.local_time_s);
    staged.precision.push_back(time.precision);
    staged.line.push_back(line);
    if (decoded_1252) ++staged.rows_windows_1252;
    const std::string_view id =
        columns.id >= 0 ? fields[static_cast<size_t>(columns.id)] : std::string_view();
    staged.id_hash.push_back(id.empty() ? 0 : hash_id(id));
    if (columns.street >= 0) {  // decoded like the offence; undecodable text names no street
      std::string_view street_text;
      bool street_1252 = false;
      const bool decoded = static_cast<size_t>(columns.street) < fields.size() &&
                           decoder.decode(fields[static_cast<size_t>(columns.street)], scratch,
                                          street_text, street_1252);
      staged.street.push_back(decoded ? streets.resolve(street_text) : 0);
      if (street_1252 && !decoded_1252) ++staged.rows_windows_1252;
    }
    if (options.keep_ids) staged.id.push_back(id);
  }
  if (staged.rows == 0) throw InputError(path, 0, "", "the file has a header but no incident rows");
  return staged;
}

}  // namespace hotspot::ingest
