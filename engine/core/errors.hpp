// Typed errors thrown by library code: one family with a common base (as vtzero's exception.hpp).
// Only engine/cli prints them and sets exit codes: 2 for any hotspot::Error (the user's input,
// options or environment: a bad file, a bad flag, a full disk), 1 for anything else (a bug).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/core/text_encoding.hpp"

namespace hotspot {

// The base of every error a user can fix. Messages say what was wrong and how to fix it, and
// never quote row data.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bad input data: names the file, the 1-based line (0 when not line-based) and the field.
struct InputError : Error {
  std::string file;
  int64_t line = 0;
  std::string field;
  InputError(std::string file_, int64_t line_, std::string field_, const std::string& message)
      : Error(describe(file_, line_, field_, message)),
        file(std::move(file_)),
        line(line_),
        field(std::move(field_)) {}

  static std::string describe(const std::string& file, int64_t line, const std::string& field,
                              const std::string& message) {
    // File and field names come from the user's files: shown without control characters.
    std::string where = sanitise_for_message(file, 400);
    if (line > 0) where += ":" + std::to_string(line);
    if (!field.empty()) where += " field '" + sanitise_for_message(field) + "'";
    return where.empty() ? message : where + ": " + message;
  }
};

// A bad option or configuration file entry.
struct ConfigError : Error {
  using Error::Error;
};

// Bad command-line usage.
struct UsageError : Error {
  using Error::Error;
};

// Reading or writing a file failed for a reason outside the program: a full disk, no
// permission, a folder that vanished. Names the path and suggests the fix.
struct IoError : Error {
  std::string path;
  IoError(std::string path_, const std::string& message)
      : Error("cannot write " + path_ + ": " + message), path(std::move(path_)) {}
};

// The fix to suggest for an errno value from a failed write ("disk full?", "no permission?").
std::string describe_write_failure(int error_number);

}  // namespace hotspot
