// Ingest of bad input found by probing: stray quotes, rows wider than the header, text that is
// not UTF-8, implausible dates, many distinct offence names. Each is an error naming the file
// and line or a counted reject with its reason; messages never quote row data.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/ingest/ingest.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const fs::path dir =
      fs::temp_directory_path() / ("hotspot-bad-input-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file, std::ios::binary) << content;
  return file.string();
}

const std::string kHeader = "incident_id,easting,northing,offence,occurred_at\n";

std::string row(int id, const std::string& offence = "Burglary",
                const std::string& when = "2025-01-05 22:15") {
  return std::to_string(id) + ",550500,200500," + offence + "," + when + "\n";
}

ingest::IngestOptions options() {
  ingest::IngestOptions options;
  options.crs = "EPSG:27700";
  options.analysis_crs = "EPSG:27700";
  options.now_s = civil_time::to_seconds(2026, 6, 1, 12, 0, 0);
  return options;
}

int64_t reason_count(const ingest::IngestResult& result, const std::string& reason) {
  const auto found = result.rejects_by_reason.find(reason);
  return found == result.rejects_by_reason.end() ? 0 : found->second;
}

}  // namespace

TEST_CASE("an unclosed quote stops the run naming the line where it opened, not 1,995 rows lost") {
  std::string text = kHeader;
  for (int i = 1; i <= 5; ++i) text += row(i);
  text += "6,550500,200500,\"Burglary,2025-01-05\n";
  for (int i = 7; i <= 2000; ++i) text += row(i);
  CHECK_THROWS_WITH(ingest::ingest({write_temp("unclosed.csv", text)}, options()),
                    Catch::Contains("unclosed.csv:7") && Catch::Contains("never closed"));
}

TEST_CASE("a stray quote closed lines later is one counted reject naming its line") {
  const std::string text = kHeader + row(1) + "2,550500,200500,\"Burglary,2025-01-05\n" + row(3) +
                           row(4) + "5,550500,200500,Burglary\",2025-01-05\n" + row(6);
  const auto result = ingest::ingest({write_temp("stray.csv", text)}, options());
  CHECK(reason_count(result, "unbalanced-quote") == 1);
  REQUIRE(result.rejects.size() == 1);
  CHECK(result.rejects.rows[0].line == 3);
  CHECK_THAT(result.rejects.rows[0].detail, Catch::Contains("runs over 4 lines"));
  CHECK(result.table.size() == 2);
  CHECK(result.rows_read == 3);
}

TEST_CASE("a row with more fields than the header is rejected as too-many-fields") {
  const std::string text = kHeader + row(1) + "2,550500,200500,Theft, other,2025-01-05\n" +
                           "3,550500,200500,Burglary,2025-01-05,\n";  // a trailing comma is kept
  const auto result = ingest::ingest({write_temp("wide.csv", text)}, options());
  CHECK(reason_count(result, "too-many-fields") == 1);
  CHECK(result.table.size() == 2);
}

TEST_CASE(
    "Windows-1252 offence names are decoded per row and counted, and utf-8 alone rejects them") {
  const std::string text =
      kHeader + row(1, "Assault \x96 common") + row(2, "Assault – common") + row(3, "Burglary");
  const std::string path = write_temp("cp1252.csv", text);
  auto result = ingest::ingest({path}, options());
  CHECK(result.table.size() == 3);
  CHECK(result.rows_windows_1252 == 1);
  REQUIRE(result.files.size() == 1);
  CHECK(result.files[0].rows_windows_1252 == 1);
  CHECK(result.files[0].encoding == "utf-8, some rows windows-1252");
  // Both spellings are one category: the Windows-1252 dash decodes to the same en dash.
  CHECK(result.table.category[0] == result.table.category[1]);
  for (const std::string& note : result.notes) CHECK(is_valid_utf8(note));

  auto forced = options();
  forced.encoding = TextEncoding::utf8;
  result = ingest::ingest({path}, forced);
  CHECK(reason_count(result, "bad-encoding") == 1);
  CHECK(result.files[0].encoding == "utf-8");

  forced.encoding = TextEncoding::windows_1252;
  result =
      ingest::ingest({write_temp("all1252.csv", kHeader + row(1, "Assault \x96 common"))}, forced);
  CHECK(result.files[0].encoding == "windows-1252");
  CHECK(result.rows_windows_1252 == 1);
}

TEST_CASE("dates before 1990, after tomorrow, or with impossible offsets are counted rejects") {
  const std::string text = kHeader + row(1, "Burglary", "0001-01-01") +
                           row(2, "Burglary", "2999-01-01") +
                           row(3, "Burglary", "2025-01-05T10:00+99:99") + row(4);
  const auto result = ingest::ingest({write_temp("dates.csv", text)}, options());
  CHECK(reason_count(result, "implausible-date") == 2);
  CHECK(reason_count(result, "bad-date") == 1);
  CHECK(result.table.size() == 1);
}

TEST_CASE(
    "60,000 distinct offence names are read in linear time, and past 65,535 is a clear error") {
  // CategoryResolver and IncidentTable::category_id once scanned every earlier name: 70,000
  // names did not finish.
  std::string text = kHeader;
  for (int i = 0; i < 60000; ++i) text += row(i, "Offence " + std::to_string(i));
  const auto result = ingest::ingest({write_temp("many.csv", text)}, options());
  CHECK(result.table.category_slugs.size() == 60000);
  REQUIRE(result.notes.size() == 1);
  CHECK_THAT(result.notes[0], Catch::Contains("and 59980 more"));
  CHECK(result.notes[0].size() < 2000);

  for (int i = 60000; i < 70000; ++i) text += row(i, "Offence " + std::to_string(i));
  CHECK_THROWS_WITH(ingest::ingest({write_temp("too_many.csv", text)}, options()),
                    Catch::Contains("too_many.csv:65537 field 'offence'") &&
                        Catch::Contains("distinct offence categories"));
}

TEST_CASE("messages about bad rows and headers never quote row data or control characters") {
  // A CR-only file is read as lines, not as one header line holding every row.
  std::string text = "incident_id,easting,northing,offence,occurred_at\r";
  for (int i = 1; i <= 5; ++i) text += std::to_string(i) + ",SECRET,200500,Burglary,2025-01-05\r";
  const auto result = ingest::ingest({write_temp("cr.csv", text)}, options());
  CHECK(result.rows_read == 5);
  CHECK(reason_count(result, "bad-number") == 5);
  for (const Reject& reject : result.rejects.rows)
    CHECK(reject.detail.find("SECRET") == std::string::npos);

  const std::string header = "id,east\x1B[2J,north,offence,when\n1,SECRET,2,Burglary,2025-01-05\n";
  try {
    ingest::ingest({write_temp("escape.csv", header)}, options());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    const std::string message = error.what();
    CHECK(message.find('\x1B') == std::string::npos);
    CHECK_THAT(message, Catch::Contains("east\\x1B[2j"));
    CHECK(message.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("a FIFO among the incident paths is refused before anything opens it") {
  const fs::path fifo = fs::path(write_temp("x", "")).parent_path() / "fifo.csv";
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(ingest::ingest({fifo.string()}, options()),
                    Catch::Contains("fifo.csv: is not a regular file"));
}

TEST_CASE("a header name of a million spaces is trimmed in linear time") {
  const std::string text = "incident_id," + std::string(1000000, ' ') +
                           "easting ,northing,offence,occurred_at\n" + row(1);
  const auto result = ingest::ingest({write_temp("spaces.csv", text)}, options());
  CHECK(result.table.size() == 1);
}
