// CSV incident sources: police.uk street-level files (detected by header) and a force's own
// export with named or detected x/y (or lon/lat), category, date-time and id columns.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <regex>

#include "engine/core/crs.hpp"
#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/parallel.hpp"
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

// What every row of one CSV file is read with, once its header is known.
struct RecordLayout {
  const std::string& path;
  const Columns& columns;
  const std::vector<std::string>& header;
  size_t needed;  // fields a row needs to reach every column read
  DateOrder order;
  int64_t now_s;
  const TextDecoder& decoder;
  bool keep_ids;
};

// Parses rows until the reader reaches byte `stop` (a row that starts before it is read whole)
// or the end of the file.
void parse_records(CsvReader& reader, size_t stop, const RecordLayout& layout,
                   CategoryResolver& categories, StreetResolver& streets, StagedRows& staged,
                   IngestResult& result) {
  const std::string& path = layout.path;
  const Columns& columns = layout.columns;
  const std::vector<std::string>& header = layout.header;
  const size_t needed = layout.needed;
  const DateOrder order = layout.order;
  const int64_t now_s = layout.now_s;
  const TextDecoder& decoder = layout.decoder;
  const std::string& x_name = header[static_cast<size_t>(columns.x)];
  const std::string& y_name = header[static_cast<size_t>(columns.y)];
  const std::string& time_name = header[static_cast<size_t>(columns.time)];
  const std::string& category_name = header[static_cast<size_t>(columns.category)];
  std::string detail, scratch;
  std::vector<std::string_view> fields;
  while (reader.position() < stop && reader.next(fields)) {
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
    if (columns.id >= 0) staged.id_hash.push_back(id.empty() ? 0 : hash_id(id));
    if (columns.street >= 0) {  // decoded like the offence; undecodable text names no street
      std::string_view street_text;
      bool street_1252 = false;
      const bool decoded = static_cast<size_t>(columns.street) < fields.size() &&
                           decoder.decode(fields[static_cast<size_t>(columns.street)], scratch,
                                          street_text, street_1252);
      staged.street.push_back(decoded ? streets.resolve(street_text) : 0);
      if (street_1252 && !decoded_1252) ++staged.rows_windows_1252;
    }
    if (layout.keep_ids) staged.id.push_back(id);
  }
}

// Room for the rows of text[begin, end), estimated from the lines in its first 64 KiB:
// growing the columns row by row would copy each about twice and fault in fresh pages.
void reserve_rows(StagedRows& rows, std::string_view text, size_t begin, size_t end,
                  const RecordLayout& layout) {
  const std::string_view sample = text.substr(begin, std::min<size_t>(end - begin, 65536));
  const size_t lines = static_cast<size_t>(std::count(sample.begin(), sample.end(), '\n'));
  if (lines < 16) return;
  // At least 12 bytes make a usable row ("1,2,a,2020-01"): a sample of unusually short lines
  // cannot ask for more room than the share could fill.
  const size_t expected =
      std::min((end - begin) / (sample.size() / lines) * 21 / 20 + 16, (end - begin) / 12 + 16);
  reserve_in_huge_pages(rows.x, expected);
  reserve_in_huge_pages(rows.y, expected);
  reserve_in_huge_pages(rows.category, expected);
  reserve_in_huge_pages(rows.local_time_s, expected);
  reserve_in_huge_pages(rows.precision, expected);
  reserve_in_huge_pages(rows.line, expected);
  if (layout.columns.id >= 0) reserve_in_huge_pages(rows.id_hash, expected);
  if (layout.columns.street >= 0) reserve_in_huge_pages(rows.street, expected);
}

// One share of a file parsed on its own thread, into dictionaries of its own: category and
// street ids are numbered in the order the share meets them, and renumbered when shares merge.
struct ShareParse {
  IncidentTable dictionary;
  CategoryResolver categories;
  StreetResolver streets;
  StagedRows rows;
  IngestResult rejects;
  size_t end = 0;         // where its reader stopped
  int64_t line_ends = 0;  // line ends before where it stopped, counted from its start
  bool failed = false;    // it threw: the serial parse reports the error with its true line
  explicit ShareParse(const CategoryMapping& mapping)
      : categories(mapping, dictionary), streets(dictionary) {}
};

// Where shares of [begin, size) start: just after a line feed near each equal share's start.
std::vector<size_t> share_starts(std::string_view text, size_t begin, int shares) {
  std::vector<size_t> starts{begin};
  const size_t length = text.size() - begin;
  for (int k = 1; k < shares; ++k) {
    const size_t guess = begin + length / static_cast<size_t>(shares) * static_cast<size_t>(k);
    const size_t line_feed = text.find('\n', std::max(guess, starts.back()));
    if (line_feed == std::string_view::npos || line_feed + 1 >= text.size()) break;
    starts.push_back(line_feed + 1);
  }
  return starts;
}

// Parses the rows of a large file on several threads, one part per share of the file: the
// file is cut into shares at line feeds and each share parsed from there. A cut is only valid
// where the previous share's reader, parsing from a valid start, stopped exactly; a cut inside
// a quoted field that runs over lines fails that check, and so does any share that throws. Then
// nothing is kept and the caller parses the file serially, so results and errors are exactly
// the serial parse's. Each share's new category names (with their first lines) and street names
// are replayed in file order into the shared resolvers, so ids are numbered as a serial parse
// numbers them, and lines are renumbered from the file's start.
bool parse_in_parallel(CsvReader& reader, const RecordLayout& layout, const IngestOptions& options,
                       CategoryResolver& categories, StreetResolver& streets,
                       std::vector<StagedRows>& parts, IngestResult& result) {
  const size_t min_share = std::max<size_t>(1, options.min_parallel_share_bytes);
  const size_t body = reader.size() - reader.position();
  const int wanted = static_cast<int>(
      std::min<size_t>(static_cast<size_t>(std::max(1, options.threads)), body / min_share));
  if (wanted < 2) return false;
  const std::vector<size_t> starts = share_starts(reader.text(), reader.position(), wanted);
  const int shares = static_cast<int>(starts.size());
  if (shares < 2) return false;
  std::vector<std::unique_ptr<ShareParse>> parsed;
  for (int k = 0; k < shares; ++k) parsed.push_back(std::make_unique<ShareParse>(options.mapping));
  parallel_workers(shares, [&](int k) {
    ShareParse& share = *parsed[static_cast<size_t>(k)];
    const size_t stop = k + 1 < shares ? starts[static_cast<size_t>(k) + 1] : reader.size();
    try {
      std::optional<CsvReader> own;
      if (k > 0) {
        own.emplace(layout.path);
        own->resume_at(starts[static_cast<size_t>(k)], 1);
      }
      CsvReader& share_reader = k == 0 ? reader : *own;
      // The first share's columns become the incident table's (ingest.cpp), so they have room
      // for the whole file; the room that is never written costs no memory.
      reserve_rows(share.rows, reader.text(), starts[static_cast<size_t>(k)],
                   k == 0 ? reader.size() : stop, layout);
      parse_records(share_reader, stop, layout, share.categories, share.streets, share.rows,
                    share.rejects);
      share.end = share_reader.position();
      share.line_ends = share_reader.next_line() - 1;  // each share's lines count from 1
    } catch (...) {
      share.failed = true;
    }
  });
  for (int k = 0; k < shares; ++k) {
    const ShareParse& share = *parsed[static_cast<size_t>(k)];
    const size_t stop = k + 1 < shares ? starts[static_cast<size_t>(k) + 1] : reader.size();
    if (share.failed || share.end != stop) return false;
  }
  const std::string& category_name = layout.header[static_cast<size_t>(layout.columns.category)];
  int64_t line_offset = 0;
  for (int k = 0; k < shares; ++k) {
    ShareParse& share = *parsed[static_cast<size_t>(k)];
    std::vector<CategoryId> category_ids(share.dictionary.category_slugs.size());
    for (const auto& seen : share.categories.first_seen())
      category_ids[seen.id] =
          categories.resolve(seen.name, layout.path, seen.line + line_offset, category_name);
    std::vector<uint32_t> street_ids(share.dictionary.street_names.size(), 0);
    for (size_t i = 1; i < street_ids.size(); ++i)
      street_ids[i] = streets.add_cleaned(share.dictionary.street_names[i]);
    for (Reject& reject : share.rejects.rejects.rows) {
      reject.line += line_offset;
      result.rejects.add(std::move(reject));
    }
    for (const auto& [reason, count] : share.rejects.rejects_by_reason)
      result.rejects_by_reason[reason] += count;
    StagedRows& part = share.rows;
    for (CategoryId& id : part.category) id = category_ids[id];
    for (uint32_t& id : part.street) id = street_ids[id];
    for (int64_t& line : part.line) line += line_offset;
    line_offset += share.line_ends;
    part.path = parts.front().path;
    part.format = parts.front().format;
    part.crs = parts.front().crs;
    part.geographic = parts.front().geographic;
    part.continues_file = k > 0;
    if (k == 0)
      parts.front() = std::move(part);
    else
      parts.push_back(std::move(part));
    parsed[static_cast<size_t>(k)].reset();  // release as we go
  }
  return true;
}

}  // namespace

std::vector<StagedRows> read_csv_source(const std::string& path, const IngestOptions& options,
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
    return {std::move(staged)};
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
  RecordLayout layout{path,
                      columns,
                      header,
                      static_cast<size_t>(std::max(
                          {columns.x, columns.y, columns.category, columns.time, columns.id})) +
                          1,
                      columns.police_uk ? DateOrder::iso : options.date_order,
                      options.now_s != 0 ? options.now_s : local_now_s(),
                      decoder,
                      options.keep_ids};
  const size_t body_start = reader.position();
  const int64_t body_line = reader.next_line();
  std::vector<StagedRows> parts{std::move(staged)};
  if (!parse_in_parallel(reader, layout, options, categories, streets, parts, result)) {
    reader.resume_at(body_start, body_line);
    reserve_rows(parts.front(), reader.text(), body_start, reader.size(), layout);
    parse_records(reader, reader.size(), layout, categories, streets, parts.front(), result);
  }
  int64_t rows = 0;
  for (const StagedRows& part : parts) rows += part.rows;
  if (rows == 0) throw InputError(path, 0, "", "the file has a header but no incident rows");
  return parts;
}

}  // namespace hotspot::ingest
