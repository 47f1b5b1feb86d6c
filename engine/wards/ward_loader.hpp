// Loads the study area's wards from any polygon layer GDAL reads into a WardSet in the
// analysis CRS. ONS field names (WD23CD/WD23NM and other years) are detected; invalid polygons
// are repaired with GEOS and reported; population comes from a CSV or a layer field.
#pragma once
#include <string>
#include <vector>

#include "engine/core/ward_set.hpp"

namespace hotspot::wards {

struct WardLoadOptions {
  std::string path;
  std::string layer;             // empty: the first layer with polygons
  std::string sql;               // a database source: the query that selects the areas
  std::string code_field;        // empty: detect (WDxxCD, ward_code, code, ...)
  std::string name_field;        // empty: detect (WDxxNM, ward_name, name, ...)
  std::string population_field;  // empty: detect a "population" field when present
  std::string population_csv;    // ward_code,population; overrides the layer field
  std::string analysis_crs;      // empty: chosen from the wards' extent (EPSG:27700 in GB)
};

struct WardLoadReport {
  std::string source_crs;  // the layer's CRS, as "EPSG:xxxx" when it has a code, else WKT
  std::string analysis_crs;
  std::string layer_name, code_field, name_field, population_source;
  std::string geography = "ward";  // the areas' word: "ward", "LSOA", "MSOA", ... (ons_fields)
  std::string transform_operation;
  double transform_accuracy_m = -1;
  int features_read = 0;
  std::vector<std::string>
      repaired;  // "E05000001 (Ring Self-intersection): repaired with GEOS MakeValid"
  std::vector<std::string> notes;  // e.g. wards with no population, unmatched population rows
  int wards_without_population = 0;
  int population_codes_unmatched = 0;  // population rows whose code is no ward (listed in notes)
  int overlapping_pairs = 0;           // pairs of wards whose interiors overlap (listed in notes)
};

// Throws InputError (file, feature, field) for unreadable or non-regular files (with GDAL's
// reason), layers without polygons, missing code fields, unknown CRS, an extent implausible for
// its CRS, wards that mostly overlap, bad, duplicate or implausible population values.
WardSet load_wards(const WardLoadOptions& options, WardLoadReport& report);

}  // namespace hotspot::wards
