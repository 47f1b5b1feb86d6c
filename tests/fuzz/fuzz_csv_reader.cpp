// Fuzzes the CSV reader (engine/core/csv_reader): any bytes either read as records whose fields
// lie inside the file, or stop with an InputError (an unclosed quote, UTF-16); never a crash,
// a hang or a read outside the mapping. Records must advance: lines only grow.
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/text_encoding.hpp"
#include "tests/fuzz/fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = hotspot::fuzz::input_file(data, size, ".csv");
  try {
    hotspot::CsvReader reader(path);
    std::vector<std::string_view> fields;
    int64_t last_line = 0;
    size_t last_position = reader.position();
    while (reader.next(fields)) {
      if (fields.empty()) __builtin_trap();
      if (reader.line_number() <= last_line) __builtin_trap();
      if (reader.position() <= last_position) __builtin_trap();
      if (reader.quoted_line_breaks() < 0) __builtin_trap();
      last_line = reader.line_number();
      last_position = reader.position();
      for (std::string_view field : fields) {
        const std::string shown = hotspot::sanitise_for_message(field);
        if (!hotspot::is_valid_utf8(shown)) __builtin_trap();
        const std::string decoded = hotspot::windows_1252_to_utf8(field);
        if (!hotspot::is_valid_utf8(decoded)) __builtin_trap();
      }
    }
  } catch (const hotspot::InputError&) {
  }
  return 0;
}
