// The data dictionary: every column of every output file with its unit and meaning, from one
// table (field_dictionary.cpp) kept next to the writers. analyse writes it as fields.csv, listing
// the columns the files of that run really have (CSV headers read back, GeoJSON and GeoPackage
// columns from their builders), so the dictionary cannot list a column that is not there.
#pragma once
#include <string>
#include <vector>

#include "engine/core/layer.hpp"

namespace hotspot::output {

struct FieldDoc {
  std::string unit;     // "incidents per 1,000 residents"; "" for text and codes
  std::string meaning;  // "" when the table has no entry (a test keeps that from happening)
};

// What names the run's own columns: its categories and hotspot layers, and the areas profiled.
struct DictionaryContext {
  std::vector<std::string> categories;  // slugs
  std::vector<LayerDefinition> layers;
  std::string geography = "ward";  // "ward", "LSOA", ... (the areas' word)
};

FieldDoc describe_field(const std::string& file, const std::string& column,
                        const DictionaryContext& context);

struct OutputColumns {
  std::string file;  // "wards.csv", "hotspot.gpkg: wards", ...
  std::vector<std::string> columns;
};

// The header of a CSV file Hotspot wrote (byte-order mark skipped); [] when the file is absent.
std::vector<std::string> csv_header(const std::string& path);

// fields.csv: file, column, unit, meaning, one row per column of each file in `files`.
void write_fields_csv(const std::vector<OutputColumns>& files, const DictionaryContext& context,
                      const std::string& path);

}  // namespace hotspot::output
