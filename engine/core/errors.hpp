// Typed errors thrown by library code. Only engine/cli prints them and sets exit codes
// (2 for InputError/ConfigError/UsageError, 1 for anything else).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace hotspot {

// Bad input data: names the file, the 1-based line (0 when not line-based) and the field,
// and says how to fix it.
struct InputError : std::runtime_error {
  std::string file;
  int64_t line = 0;
  std::string field;
  InputError(std::string file_, int64_t line_, std::string field_, const std::string& message)
      : std::runtime_error(describe(file_, line_, field_, message)),
        file(std::move(file_)),
        line(line_),
        field(std::move(field_)) {}

  static std::string describe(const std::string& file, int64_t line, const std::string& field,
                              const std::string& message) {
    std::string where = file;
    if (line > 0) where += ":" + std::to_string(line);
    if (!field.empty()) where += " field '" + field + "'";
    return where.empty() ? message : where + ": " + message;
  }
};

// A bad option or configuration file entry.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bad command-line usage.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace hotspot
