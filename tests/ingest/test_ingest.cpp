// Ingest: police.uk quirks are normal input, bad input gets a clear error naming file, line and
// field, suspicious rows are rejected with a reason, and the row counts always add up.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/ingest/ingest.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("hotspot-ingest-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int value = 0;
    return value;
  }
  std::string write(const std::string& name, const std::string& content) const {
    const fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
};

const char* kPoliceHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime "
    "type,Last outcome category,Context\r\n";

ingest::IngestOptions options_for_gb() {
  ingest::IngestOptions options;
  options.analysis_crs = "EPSG:27700";
  return options;
}

int64_t reason_count(const ingest::IngestResult& result, const std::string& reason) {
  const auto found = result.rejects_by_reason.find(reason);
  return found == result.rejects_by_reason.end() ? 0 : found->second;
}

void check_counts_add_up(const ingest::IngestResult& result) {
  CHECK(result.rows_read == static_cast<int64_t>(result.table.size() + result.rejects.size()));
}

}  // namespace

TEST_CASE(
    "police.uk quirks are read as normal input: BOM, CRLF, empty Crime ID, quoted commas, no "
    "coordinates") {
  TempDir dir;
  const std::string file = dir.write(
      "2025-01-test-street.csv",
      std::string("\xEF\xBB\xBF") + kPoliceHeader +
          "abc123,2025-01,Test Police,Test Police,0.738080,52.042187,\"On or near Banham Drive, "
          "Sudbury\",E01029913,Babergh 007B,Violence and sexual offences,Status update "
          "unavailable,\r\n"
          ",2025-01,Test Police,Test Police,0.151096,51.535970,On or near Broad "
          "Street,E01000085,Barking 013E,Anti-social behaviour,,\r\n"
          "def456,2025-01,Test Police,Test Police,,,No Location,,,Burglary,Under investigation,\r\n"
          "\"ghi\"\"789\",2025-02,Test Police,Test Police,0.5,51.7,\"On or near \"\"The "
          "Lane\"\"\",E0,X,Shoplifting,,\r\n");
  const auto result = ingest::ingest({file}, options_for_gb());
  REQUIRE(result.rows_read == 4);
  REQUIRE(result.table.size() == 3);
  REQUIRE(result.rejects.size() == 1);
  CHECK(result.rejects.rows[0].reason == "no-coordinates");
  CHECK(result.rejects.rows[0].line == 4);  // header is line 1
  CHECK(result.rejects.rows[0].raw.find("def456") == 0);
  CHECK(result.files[0].format == "police.uk street CSV");
  CHECK(result.table.category_slugs[result.table.category[0]] == "violent-crime");
  CHECK(result.table.category_slugs[result.table.category[1]] == "anti-social-behaviour");
  CHECK(result.table.time_precision[0] == TimePrecision::month);
  CHECK(civil_time::month_index(result.table.local_time_s[2]) == civil_time::month_index(2025, 2));
  // Banham Drive, Sudbury in British National Grid is about (587,000, 241,000).
  CHECK(result.table.x[0] == Approx(587000).margin(3000));
  CHECK(result.table.y[0] == Approx(241000).margin(3000));
  check_counts_add_up(result);
}

TEST_CASE(
    "a folder of monthly police.uk files is read whole, and duplicated Crime IDs across files are "
    "rejected") {
  TempDir dir;
  dir.write("2025-01/2025-01-test-street.csv",
            std::string(kPoliceHeader) +
                "id1,2025-01,P,P,0.5,51.7,L,E0,X,Burglary,,\r\n"
                "id2,2025-01,P,P,0.5,51.7,L,E0,X,Burglary,,\r\n");
  dir.write("2025-02/2025-02-test-street.csv",
            std::string(kPoliceHeader) +
                "id2,2025-02,P,P,0.5,51.7,L,E0,X,Burglary,,\r\n"
                ",2025-02,P,P,0.5,51.7,L,E0,X,Anti-social behaviour,,\r\n"
                ",2025-02,P,P,0.5,51.7,L,E0,X,Anti-social behaviour,,\r\n");
  dir.write("2025-02/2025-02-test-outcomes.csv",
            "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA "
            "name,Outcome type\r\n"
            "id1,2025-02,P,P,0.5,51.7,L,E0,X,Under investigation\r\n");
  const auto result = ingest::ingest({dir.path.string()}, options_for_gb());
  CHECK(result.rows_read == 5);
  CHECK(result.table.size() == 4);  // empty ids (ASB) are never duplicates
  REQUIRE(reason_count(result, "duplicate-id") == 1);
  CHECK(result.rejects.rows[0].file.find("2025-02-test-street.csv") != std::string::npos);
  CHECK(result.rejects.rows[0].detail.find("2025-01-test-street.csv:3") != std::string::npos);
  CHECK(result.notes.size() >= 1);  // the outcomes file is named as skipped
  check_counts_add_up(result);
}

TEST_CASE(
    "suspicious coordinates are caught: swapped latitude and longitude, (0,0), out of range, far "
    "away") {
  TempDir dir;
  const std::string file =
      dir.write("odd.csv", std::string(kPoliceHeader) +
                               "a,2025-01,P,P,52.04,0.73,L,E0,X,Burglary,,\r\n"    // swapped
                               "b,2025-01,P,P,0,0,L,E0,X,Burglary,,\r\n"           // zeros
                               "c,2025-01,P,P,200.5,95,L,E0,X,Burglary,,\r\n"      // out of range
                               "d,2025-01,P,P,-3.19,55.95,L,E0,X,Burglary,,\r\n"   // Edinburgh
                               "e,2025-01,P,P,0.7x,52.0,L,E0,X,Burglary,,\r\n"     // bad number
                               "f,2025-01,P,P,0.73,52.04,L,E0,X,Burglary,,\r\n");  // fine
  auto options = options_for_gb();
  options.study_extent = Box(Point(560000, 220000), Point(600000, 260000));  // around Sudbury
  const auto result = ingest::ingest({file}, options);
  CHECK(result.table.size() == 1);
  CHECK(reason_count(result, "swapped-lat-lon") == 1);
  CHECK(reason_count(result, "zero-coordinates") == 1);
  CHECK(reason_count(result, "out-of-range") == 1);
  CHECK(reason_count(result, "far-outside-study-area") == 1);
  CHECK(reason_count(result, "bad-number") == 1);
  for (const auto& reject : result.rejects.rows) CHECK_FALSE(reject.raw.empty());
  check_counts_add_up(result);
}

TEST_CASE(
    "a force export with easting/northing and UK or ISO date-times is read with its times of day") {
  TempDir dir;
  const std::string file = dir.write("force.csv",
                                     "incident_id,offence,occurred_at,easting,northing\n"
                                     "1,Burglary,14/03/2025 22:15,560000,190000\n"
                                     "2,Domestic abuse,2025-03-14T23:30:00Z,560100,190100\n"
                                     "3,Burglary,31/02/2025 10:00,560000,190000\n"
                                     "4,Burglary,,560000,190000\n"
                                     "5,,14/03/2025 10:00,560000,190000\n");
  auto options = options_for_gb();
  options.crs = "EPSG:27700";
  const auto result = ingest::ingest({file}, options);
  REQUIRE(result.table.size() == 2);
  CHECK(result.table.time_precision[0] == TimePrecision::minute);
  CHECK(civil_time::hour_of_day(result.table.local_time_s[0]) == 22);
  CHECK(civil_time::weekday(result.table.local_time_s[0]) == 4);  // a Friday
  CHECK(civil_time::hour_of_day(result.table.local_time_s[1]) ==
        23);  // GMT in March before the clocks change
  CHECK(result.table.category_slugs[result.table.category[1]] ==
        "domestic-abuse");  // kept, and reported
  CHECK_FALSE(result.notes.empty());
  CHECK(result.table.x[0] == 560000);
  CHECK(reason_count(result, "bad-date") == 1);
  CHECK(reason_count(result, "missing-date") == 1);
  CHECK(reason_count(result, "missing-category") == 1);
  const auto& bad_date = result.rejects.rows[0];
  CHECK(bad_date.line == 4);
  CHECK(bad_date.field == "occurred_at");
  check_counts_add_up(result);
}

TEST_CASE("a category mapping file maps a force's own offence names onto slugs") {
  TempDir dir;
  const std::string mapping = dir.write(
      "mapping.csv", "name,slug\nBURG DWELLING,burglary\n\"Assault, common\",violent-crime\n");
  const std::string file =
      dir.write("force.csv",
                "id,offence,date,x,y\n1,burg dwelling,2025-03-01 10:00,560000,190000\n"
                "2,\"Assault, common\",2025-03-01 10:00,560000,190000\n");
  auto options = options_for_gb();
  options.crs = "EPSG:27700";
  options.mapping = CategoryMapping::load(mapping);
  const auto result = ingest::ingest({file}, options);
  REQUIRE(result.table.size() == 2);
  CHECK(result.table.category_slugs[result.table.category[0]] == "burglary");
  CHECK(result.table.category_slugs[result.table.category[1]] == "violent-crime");
  CHECK(result.notes.empty());
}

TEST_CASE("any GDAL point layer is read: GeoJSON with its CRS and a date-time field") {
  TempDir dir;
  const std::string file = dir.write("points.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"offence":"Burglary","occurred_at":"2025-06-01T21:00:00"},"geometry":{"type":"Point","coordinates":[0.12,51.5]}},
    {"type":"Feature","properties":{"offence":"Robbery","occurred_at":"2025-06-02T01:00:00"},"geometry":null}]})");
  const auto result = ingest::ingest({file}, options_for_gb());
  REQUIRE(result.table.size() == 1);
  CHECK(result.table.time_precision[0] == TimePrecision::minute);
  CHECK(reason_count(result, "no-coordinates") == 1);
  CHECK(result.rejects.rows[0].line == 2);
  check_counts_add_up(result);
}

TEST_CASE("bad files get a clear error naming the file, line and field") {
  TempDir dir;
  SECTION("an empty file") {
    const std::string file = dir.write("empty.csv", "");
    CHECK_THROWS_WITH(ingest::ingest({file}, options_for_gb()),
                      Catch::Contains("empty.csv") && Catch::Contains("empty"));
  }
  SECTION("a missing file") {
    CHECK_THROWS_AS(ingest::ingest({(dir.path / "nope.csv").string()}, options_for_gb()),
                    InputError);
  }
  SECTION("a CSV with none of the expected columns") {
    const std::string file = dir.write("other.csv", "name,colour\nann,red\n");
    CHECK_THROWS_WITH(ingest::ingest({file}, options_for_gb()),
                      Catch::Contains("other.csv:1") &&
                          Catch::Contains("x / easting / longitude") &&
                          Catch::Contains("name, colour"));
  }
  SECTION("a named column that is not there") {
    const std::string file =
        dir.write("force.csv", "id,offence,date,x,y\n1,Burglary,2025-01-01,1,2\n");
    auto options = options_for_gb();
    options.crs = "EPSG:27700";
    options.time_column = "occurred";
    CHECK_THROWS_WITH(ingest::ingest({file}, options), Catch::Contains("field 'occurred'"));
  }
  SECTION("an unknown CRS") {
    const std::string file =
        dir.write("force.csv", "id,offence,date,x,y\n1,Burglary,2025-01-01,1,2\n");
    auto options = options_for_gb();
    options.crs = "EPSG:999999";
    CHECK_THROWS_WITH(ingest::ingest({file}, options),
                      Catch::Contains("force.csv") && Catch::Contains("EPSG:999999"));
  }
  SECTION("a header and no rows") {
    const std::string file = dir.write("header.csv", kPoliceHeader);
    CHECK_THROWS_WITH(ingest::ingest({file}, options_for_gb()),
                      Catch::Contains("no incident rows"));
  }
}

TEST_CASE("when every row is rejected the table is empty and every row is in rejects") {
  TempDir dir;
  const std::string file =
      dir.write("bad.csv", std::string(kPoliceHeader) + "a,2025-01,P,P,,,L,E0,X,Burglary,,\r\n");
  const auto result = ingest::ingest({file}, options_for_gb());
  CHECK(result.table.size() == 0);
  CHECK(result.rejects.size() == 1);
}

TEST_CASE("the real Essex police.uk files are read with every row accounted for") {
  SHARED_DATA_OR_SKIP(folder, "essex/police-uk")
  const auto result = ingest::ingest({folder}, options_for_gb());
  CHECK(result.rows_read == 96352);
  CHECK(reason_count(result, "no-coordinates") == 145);
  CHECK(result.files.size() == 6);
  check_counts_add_up(result);
}

TEST_CASE("monthly files in longitude/latitude are transformed together as each alone would be") {
  // Three months of 25,000 rows: the 75,000 are shared between two threads across the files'
  // boundaries, each point must land exactly where a transformation of it alone puts it.
  TempDir dir;
  std::vector<double> lon, lat;
  std::vector<std::string> files;
  for (int month = 1; month <= 3; ++month) {
    std::string text = kPoliceHeader;
    for (int i = 0; i < 25000; ++i) {
      const double x = 0.40 + 0.2 * double((int64_t{i} * 7919 + month * 13) % 25000) / 25000.0;
      const double y = 51.70 + 0.1 * double((int64_t{i} * 104729 + month * 31) % 25000) / 25000.0;
      char row[200];
      std::snprintf(row, sizeof row,
                    ",2024-0%d,Force,Force,%.6f,%.6f,On or near High Street,E01,Somewhere 001A,"
                    "Burglary,,\r\n",
                    month, x, y);
      text += row;
    }
    files.push_back(dir.write("2024-0" + std::to_string(month) + "-street.csv", text));
  }
  // The coordinates as the files hold them (six decimals), transformed in one batch.
  for (const std::string& file : files) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> fields;
      std::stringstream cells(line);
      for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
      lon.push_back(std::stod(fields[4]));
      lat.push_back(std::stod(fields[5]));
    }
  }
  CoordinateTransform to_bng("EPSG:4326", "EPSG:27700");
  to_bng.transform(lon.data(), lat.data(), lon.size());
  ingest::IngestOptions options = options_for_gb();
  options.threads = 2;
  const auto result = ingest::ingest({dir.path.string()}, options);
  REQUIRE(result.table.size() == 75000);
  size_t differing = 0;
  for (size_t i = 0; i < lon.size(); ++i)
    differing += result.table.x[i] != lon[i] || result.table.y[i] != lat[i];
  CHECK(differing == 0);
  CHECK(result.transform_operation.find("British National Grid") != std::string::npos);
}
