// Helpers for the synth tests: temporary folders, whole-file reads, simple CSV splitting and
// the demo incidents parsed back from incidents.csv.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/civil_time.hpp"

struct TemporaryFolder {
  std::string path;
  explicit TemporaryFolder(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("hotspot-synth-test-" + name + "-" + std::to_string(getpid())))
                 .string()) {
    std::filesystem::remove_all(path);
  }
  ~TemporaryFolder() { std::filesystem::remove_all(path); }
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Splits one CSV line on commas, honouring double quotes (no escaped quotes in synth output).
inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else
      fields.back().push_back(c);
  }
  return fields;
}

struct ParsedIncident {
  std::string offence;
  int weekday = 0, hour = 0, month_index = 0;  // Monday = 0
  double x_m = 0, y_m = 0;
};

// Rows of a force export written by synth: incident_id,offence,dd/mm/yyyy HH:MM,easting,northing.
inline std::vector<ParsedIncident> read_force_export(const std::string& path) {
  std::istringstream text(read_text(path));
  std::string line;
  std::getline(text, line);
  std::vector<ParsedIncident> rows;
  while (std::getline(text, line)) {
    const std::vector<std::string> fields = split_csv_line(line);
    const std::string& when = fields[2];
    const int day = std::stoi(when.substr(0, 2)), month = std::stoi(when.substr(3, 2));
    const int year = std::stoi(when.substr(6, 4)), hour = std::stoi(when.substr(11, 2));
    const int64_t seconds = hotspot::civil_time::to_seconds(year, month, day, hour, 0, 0);
    rows.push_back(ParsedIncident{fields[1], hotspot::civil_time::weekday(seconds), hour,
                                  hotspot::civil_time::month_index(seconds), std::stod(fields[3]),
                                  std::stod(fields[4])});
  }
  return rows;
}
