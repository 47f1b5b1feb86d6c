// A large CSV file is parsed in shares on several threads. The reference is the serial parse of
// the same file: every table column, dictionary, reject (with its line and raw text), count and
// note must be identical, whatever the number of threads and wherever the cuts fall, including
// cuts inside quoted fields that run over lines (which must fall back to the serial parse).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/core/errors.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/ingest/sources.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

std::string write_file(const std::string& name, const std::string& content) {
  const fs::path file = fs::temp_directory_path() / name;
  std::ofstream(file, std::ios::binary) << content;
  return file.string();
}

// Rows of every kind ingest treats differently, in an order that puts new category and street
// names, rejects, quoted line breaks and CRLF line ends all through the file.
std::string mixed_export(int rows) {
  std::string text = "incident_id,easting,northing,offence,occurred_at,street\n";
  uint64_t state = 12345;
  auto next = [&](uint64_t range) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % range;
  };
  const char* offences[] = {"Burglary", "Anti-social behaviour", "Violence and sexual offences",
                            "Vehicle crime", "Shoplifting"};
  for (int i = 0; i < rows; ++i) {
    const uint64_t kind = next(40);
    const std::string id = kind == 1 && i > 10 ? "ID" + std::to_string(i - 7)  // a duplicate id
                                               : "ID" + std::to_string(i);
    std::string offence = offences[next(5)];
    if (kind == 2) offence = "Local offence " + std::to_string(i % 97);  // unmapped, new names
    std::string street = "On or near Street " + std::to_string(next(60));
    if (kind == 3) street = "\"Flat " + std::to_string(i) + "\nHigh Street\"";  // quoted line break
    if (kind == 4) street = "\"Church Road, North\"";
    if (kind == 5) street = "Caf\xe9 Lane";  // Windows-1252 text
    std::string easting = std::to_string(530000 + next(5000));
    const std::string northing = std::to_string(180000 + next(5000));
    std::string date = "2025-0" + std::to_string(1 + next(9)) + "-1" + std::to_string(next(9)) +
                       " 1" + std::to_string(next(10)) + ":30";
    if (kind == 6) easting = "not-a-number";
    if (kind == 7) date = "";
    if (kind == 8) date = "1901-01-01";
    if (kind == 9) easting = "900000";  // far outside the study extent: a late reject
    std::string line =
        id + "," + easting + "," + northing + "," + offence + "," + date + "," + street;
    if (kind == 10) line += ",extra";  // too many fields
    if (kind == 11) line = id + ",1";  // too few fields
    text += line + (kind == 12 || kind == 13 ? "\r\n" : "\n");
    if (kind == 14) text += "\n";  // a blank line
  }
  return text;
}

ingest::IngestOptions options(int threads, size_t share_bytes) {
  ingest::IngestOptions options;
  options.analysis_crs = "EPSG:27700";
  options.crs = "EPSG:27700";
  options.study_extent = Box(Point(529000, 179000), Point(536000, 186000));
  options.far_outside_m = 50000;
  options.now_s = 1767225600;  // 2026-01-01
  options.keep_ids = true;
  options.threads = threads;
  options.min_parallel_share_bytes = share_bytes;
  return options;
}

void check_identical(const ingest::IngestResult& serial, const ingest::IngestResult& parallel) {
  CHECK(parallel.rows_read == serial.rows_read);
  CHECK(parallel.table.x == serial.table.x);
  CHECK(parallel.table.y == serial.table.y);
  CHECK(parallel.table.category == serial.table.category);
  CHECK(parallel.table.local_time_s == serial.table.local_time_s);
  CHECK(parallel.table.time_precision == serial.table.time_precision);
  CHECK(parallel.table.street == serial.table.street);
  CHECK(parallel.table.id.text == serial.table.id.text);
  CHECK(parallel.table.id.end == serial.table.id.end);
  CHECK(parallel.table.category_slugs == serial.table.category_slugs);
  CHECK(parallel.table.street_names == serial.table.street_names);
  REQUIRE(parallel.rejects.size() == serial.rejects.size());
  for (size_t i = 0; i < serial.rejects.size(); ++i) {
    const Reject& a = serial.rejects.rows[i];
    const Reject& b = parallel.rejects.rows[i];
    INFO("reject " << i << " on line " << a.line);
    CHECK(b.line == a.line);
    CHECK(b.field == a.field);
    CHECK(b.reason == a.reason);
    CHECK(b.detail == a.detail);
    CHECK(b.raw == a.raw);
  }
  CHECK(parallel.rejects_by_reason == serial.rejects_by_reason);
  CHECK(parallel.notes == serial.notes);
  CHECK(parallel.rows_windows_1252 == serial.rows_windows_1252);
  REQUIRE(parallel.files.size() == serial.files.size());
  for (size_t i = 0; i < serial.files.size(); ++i) {
    CHECK(parallel.files[i].rows == serial.files[i].rows);
    CHECK(parallel.files[i].accepted == serial.files[i].accepted);
    CHECK(parallel.files[i].encoding == serial.files[i].encoding);
  }
}

// The parts read_csv_source returns for `path` under `threads` and `share_bytes`.
size_t parts_of(const std::string& path, int threads, size_t share_bytes) {
  ingest::IngestResult result;
  const CategoryMapping mapping;  // the resolver keeps a reference: it must outlive the call
  ingest::CategoryResolver categories(mapping, result.table);
  ingest::StreetResolver streets(result.table);
  return ingest::read_csv_source(path, options(threads, share_bytes), categories, streets, result)
      .size();
}

}  // namespace

TEST_CASE("a CSV parsed in shares on several threads gives exactly the serial result") {
  const std::string path = write_file("hotspot-parallel-mixed.csv", mixed_export(3000));
  const ingest::IngestResult serial = ingest::ingest({path}, options(1, 1));
  // The file holds every kind of row the comparison is meant to cover.
  for (const char* reason : {"bad-number", "missing-date", "implausible-date", "too-many-fields",
                             "too-few-fields", "far-outside-study-area", "duplicate-id"})
    CHECK(serial.rejects_by_reason.count(reason) == 1);
  CHECK(serial.rows_windows_1252 > 0);
  CHECK(serial.table.category_slugs.size() > 50);
  for (int threads : {2, 3, 7})
    for (size_t share_bytes : {size_t{1}, size_t{997}, size_t{20000}}) {
      INFO(threads << " threads, shares of at least " << share_bytes << " bytes");
      CHECK(parts_of(path, threads, share_bytes) > 1);
      check_identical(serial, ingest::ingest({path}, options(threads, share_bytes)));
    }
  fs::remove(path);
}

TEST_CASE("a cut inside a quoted field that runs over lines falls back to the serial parse") {
  // One long row whose quoted street holds the only line feed after the file's middle: the cut
  // lands inside the quotes, the first share's reader runs past it, and nothing parallel is kept.
  const std::string text =
      "incident_id,easting,northing,offence,occurred_at,street\n"
      "A1,530000,180000,Burglary,2025-01-01 10:00,\"" +
      std::string(400, 'a') + "\n" + std::string(40, 'b') +
      "\"\nA2,530100,180100,Burglary,2025-01-02 10:00,Mill Lane\n";
  const std::string path = write_file("hotspot-parallel-quoted.csv", text);
  CHECK(parts_of(path, 2, 1) == 1);
  const ingest::IngestResult serial = ingest::ingest({path}, options(1, 1));
  REQUIRE(serial.table.size() == 2);
  check_identical(serial, ingest::ingest({path}, options(2, 1)));
  fs::remove(path);
}

TEST_CASE("an error in a later share is reported with the line the serial parse names") {
  // An unclosed quote near the end: the shares that meet it fail, the serial parse reports it,
  // and its line is the file's own line, not a line within a share.
  std::string text = "incident_id,easting,northing,offence,occurred_at,street\n";
  for (int i = 0; i < 200; ++i)
    text += "A" + std::to_string(i) + ",530000,180000,Burglary,2025-01-01 10:00,Mill Lane\n";
  text += "B1,530000,180000,Burglary,2025-01-01 10:00,\"never closed\n";
  const std::string path = write_file("hotspot-parallel-unclosed.csv", text);
  CHECK_THROWS_WITH(ingest::ingest({path}, options(2, 1)),
                    Catch::Contains("hotspot-parallel-unclosed.csv:202"));
  fs::remove(path);
}

TEST_CASE("a first part that keeps every row becomes the table's columns, with the rest after it") {
  // No reject anywhere in the first file, so ingest takes over its first part's columns instead
  // of copying them (the usual case); the parts after it, and a second file with rejects and no
  // street column, are copied after them. The reference is the serial parse of each file.
  std::string clean = "incident_id,easting,northing,offence,occurred_at,street\n";
  for (int i = 0; i < 2000; ++i)
    clean += "C" + std::to_string(i) + "," + std::to_string(530000 + i % 997) + "," +
             std::to_string(180000 + i % 991) + "," + (i % 3 ? "Burglary" : "Shoplifting") +
             ",2025-0" + std::to_string(1 + i % 9) + "-11 13:30,On or near Street " +
             std::to_string(i % 31) + "\n";
  const std::string first = write_file("hotspot-parallel-clean.csv", clean);
  std::string other = "incident_id,easting,northing,offence,occurred_at\n";
  for (int i = 0; i < 500; ++i)
    other += "D" + std::to_string(i) + "," + (i % 50 == 7 ? "x" : std::to_string(531000 + i)) +
             ",181000,Vehicle crime,2025-02-03 04:05\n";
  const std::string second = write_file("hotspot-parallel-second.csv", other);
  const ingest::IngestResult serial_one = ingest::ingest({first}, options(1, 1));
  REQUIRE(serial_one.rejects.size() == 0);
  REQUIRE(serial_one.table.size() == 2000);
  const ingest::IngestResult serial_both = ingest::ingest({first, second}, options(1, 1));
  REQUIRE(serial_both.rejects.size() == 10);
  for (int threads : {1, 2, 3})
    for (size_t share_bytes : {size_t{1}, size_t{20000}}) {
      INFO(threads << " threads, shares of at least " << share_bytes << " bytes");
      check_identical(serial_one, ingest::ingest({first}, options(threads, share_bytes)));
      check_identical(serial_both, ingest::ingest({first, second}, options(threads, share_bytes)));
    }
  CHECK(parts_of(first, 3, 1) == 3);
  fs::remove(first);
  fs::remove(second);
}
