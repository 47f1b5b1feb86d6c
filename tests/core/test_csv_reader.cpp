// The CSV reader: every line end (LF, CRLF, CR alone) ends a line; an unclosed quote is an error
// naming the line where it opened, never a silent swallow; long lines are read in one pass;
// non-regular files and UTF-16 are refused. And the text helpers: UTF-8 validation,
// Windows-1252 decoding, message-safe text.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/text_encoding.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const fs::path dir = fs::temp_directory_path() / ("hotspot-csv-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file, std::ios::binary) << content;
  return file.string();
}

struct Record {
  int64_t line;
  std::vector<std::string> fields;
};

std::vector<Record> read_all(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  std::vector<Record> records;
  while (reader.next(fields))
    records.push_back(
        {reader.line_number(), std::vector<std::string>(fields.begin(), fields.end())});
  return records;
}

// An independent reading of the same rules, a byte at a time: a field that starts with a quote
// runs to the next lone quote ("" is one quote), and anything after it up to the delimiter is
// dropped; LF, CRLF and a lone CR each end a line, inside quotes too. Throws for a quote never
// closed.
std::vector<Record> read_by_bytes(const std::string& text) {
  std::vector<Record> records;
  size_t i = 0;
  int64_t line = 1;
  const size_t n = text.size();
  auto line_end = [&](size_t at) -> size_t {
    if (at >= n) return 0;
    if (text[at] == '\n') return 1;
    if (text[at] == '\r') return at + 1 < n && text[at + 1] == '\n' ? 2 : 1;
    return 0;
  };
  while (i < n) {
    Record record{line, {}};
    while (true) {
      std::string field;
      if (text[i] == '"') {
        ++i;
        while (true) {
          if (i >= n) throw std::runtime_error("unclosed quote");
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (const size_t length = line_end(i)) {
            field += text.substr(i, length);
            i += length;
            ++line;
            continue;
          }
          field += text[i++];
        }
        while (i < n && text[i] != ',' && !line_end(i)) ++i;
      } else {
        while (i < n && text[i] != ',' && !line_end(i)) field += text[i++];
      }
      record.fields.push_back(field);
      if (i < n && text[i] == ',') {
        if (++i == n) record.fields.emplace_back();  // a comma at the very end: one empty field
        if (i < n) continue;
      }
      if (const size_t length = line_end(i)) {
        i += length;
        ++line;
      }
      break;
    }
    records.push_back(record);
  }
  return records;
}

}  // namespace

TEST_CASE("random text of commas, quotes and every line end reads as a byte-at-a-time reading") {
  // The reader jumps between line feeds, carriage returns and commas with remembered searches,
  // each bounded by the line end; this checks those jumps against the plain rules.
  std::mt19937 random(20261204);
  const std::string alphabet = "ab,,\"\n\r";
  int compared = 0, unclosed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const int length = std::uniform_int_distribution<int>(0, 60)(random);
    for (int k = 0; k < length; ++k) {
      // Now and then a run longer than the reader's byte-by-byte scan (128 bytes).
      if (std::uniform_int_distribution<int>(0, 40)(random) == 0)
        text += std::string(std::uniform_int_distribution<size_t>(120, 260)(random), 'x');
      text += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(random)];
    }
    if (text.size() >= 2 && (text.compare(0, 2, "\xFF\xFE") == 0)) continue;
    const std::string path = write_temp("random.csv", text);
    std::vector<Record> expected;
    try {
      expected = read_by_bytes(text);
    } catch (const std::runtime_error&) {
      CHECK_THROWS_AS(read_all(path), InputError);
      ++unclosed;
      continue;
    }
    const std::vector<Record> records = read_all(path);
    REQUIRE(records.size() == expected.size());
    for (size_t r = 0; r < records.size(); ++r) {
      INFO("trial " << trial << ", record " << r);
      CHECK(records[r].line == expected[r].line);
      CHECK(records[r].fields == expected[r].fields);
    }
    ++compared;
  }
  CHECK(compared > 1000);
  CHECK(unclosed > 100);
}

TEST_CASE(
    "LF, CRLF and CR-only line ends each end a line, and line breaks inside quotes are kept") {
  for (const std::string end : {"\n", "\r\n", "\r"}) {
    const auto records =
        read_all(write_temp("ends.csv", "a,b" + end + "1,\"x" + end + "y\"" + end + "2,z" + end));
    REQUIRE(records.size() == 3);
    CHECK(records[0].fields == std::vector<std::string>{"a", "b"});
    CHECK(records[1].fields == std::vector<std::string>{"1", "x" + end + "y"});
    CHECK(records[1].line == 2);
    CHECK(records[2].fields == std::vector<std::string>{"2", "z"});
    CHECK(records[2].line == 4);
  }
}

TEST_CASE("a quote never closed is an error naming the line where it opened") {
  std::string text = "id,offence\n1,Burglary\n2,\"Burglary\n";
  for (int i = 3; i < 2000; ++i) text += std::to_string(i) + ",Burglary\n";
  const std::string path = write_temp("unclosed.csv", text);
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  CHECK(reader.next(fields));
  CHECK(reader.next(fields));
  CHECK_THROWS_WITH(reader.next(fields), Catch::Contains("unclosed.csv:3: a quoted field opens") &&
                                             Catch::Contains("never closed"));
}

TEST_CASE("a quote pairing with one lines later reports the line breaks it swallowed") {
  const std::string path = write_temp("stray.csv", "a,b\n1,\"x\n2,y\n3,z\"\n4,w\n");
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  reader.next(fields);
  CHECK(reader.quoted_line_breaks() == 0);
  REQUIRE(reader.next(fields));
  CHECK(reader.line_number() == 2);
  CHECK(reader.quoted_line_breaks() == 2);
  REQUIRE(reader.next(fields));
  CHECK(reader.line_number() == 5);
  CHECK(reader.quoted_line_breaks() == 0);
}

TEST_CASE("one line of 300,000 fields is read whole, in time linear in its length") {
  // The reader once searched for the line end afresh for every field: quadratic on this line.
  std::string line = "a";
  for (int i = 1; i < 300000; ++i) line += ",f";
  const auto records = read_all(write_temp("wide.csv", line + "\nb,c\n"));
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields.size() == 300000);
  CHECK(records[1].fields == std::vector<std::string>{"b", "c"});
}

TEST_CASE("a FIFO, a folder and UTF-16 text are refused with a clear message") {
  const fs::path fifo = fs::path(write_temp("placeholder", "")).parent_path() / "pipe.csv";
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(CsvReader(fifo.string()), Catch::Contains("is not a regular file"));
  CHECK_THROWS_WITH(CsvReader(fifo.parent_path().string()),
                    Catch::Contains("is not a regular file"));
  const std::string utf16 = write_temp("utf16.csv", std::string("\xFF\xFE"
                                                                "a\0,\0b\0",
                                                                8));
  CHECK_THROWS_WITH(CsvReader(utf16), Catch::Contains("UTF-16"));
}

TEST_CASE("UTF-8 is validated strictly and Windows-1252 decodes to UTF-8") {
  CHECK(is_valid_utf8("Assault – common, café"));
  CHECK_FALSE(is_valid_utf8("Assault \x96 common"));  // Windows-1252 en dash
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));             // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));         // a UTF-16 surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));     // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE2\x80"));             // cut short
  CHECK(windows_1252_to_utf8("Assault \x96 common caf\xE9") == "Assault – common café");
  CHECK(windows_1252_to_utf8("\x80\x81") == "€\xEF\xBF\xBD");  // 0x81 is undefined: U+FFFD
  CHECK(is_valid_utf8(windows_1252_to_utf8(std::string(256, '\x9D'))));
}

TEST_CASE("text for messages has control characters escaped and is cut short") {
  CHECK(sanitise_for_message("east\x1B[31ming\x07") == "east\\x1B[31ming\\x07");
  CHECK(sanitise_for_message("caf\xE9") == "caf\\xE9");
  CHECK(sanitise_for_message("naïve") == "naïve");
  CHECK(sanitise_for_message(std::string(1000, 'a'), 10) == "aaaaaaaaaa...");
  const InputError error("a\nb.csv", 3, "x\ry", "bad");
  CHECK(std::string(error.what()) == "a\\x0Ab.csv:3 field 'x\\x0Dy': bad");
}
