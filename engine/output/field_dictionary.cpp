#include "engine/output/field_dictionary.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/core/atomic_file.hpp"
#include "engine/core/categories.hpp"
#include "engine/core/csv_reader.hpp"
#include "engine/core/csv_text.hpp"

namespace hotspot::output {

namespace {

// file: "" for a column that means the same wherever it appears, else the file (or the start of
// a GeoPackage table's name: "hotspot.gpkg: incidents") the entry is for. "{area}" is the
// geography's word.
struct Entry {
  const char* file;
  const char* column;
  const char* unit;
  const char* meaning;
};

constexpr Entry kTable[] = {
    // Ward profiles: wards.csv, wards.geojson, hotspot.gpkg: wards.
    {"", "ward_code", "", "ONS code of the {area} (e.g. E05004567)"},
    {"", "ward_name", "", "name of the {area}"},
    {"", "population", "residents", "usual residents (the population file or layer field)"},
    {"", "total", "incidents", "incidents in the {area} in the study period, all categories"},
    {"", "total_rate", "incidents per 1,000 residents",
     "total / population × 1,000 (empty without a population)"},
    {"", "comparison", "above / similar / below",
     "the {area}'s rate against the whole area's: above when the 95% interval of the rate ratio "
     "lies over 1, below when under 1"},
    {"", "rate_ratio", "ratio", "observed / expected incidents, expected = population × area rate"},
    {"", "ratio_low", "ratio", "lower end of the exact (Garwood) Poisson 95% interval"},
    {"", "ratio_high", "ratio", "upper end of the exact (Garwood) Poisson 95% interval"},
    {"", "previous_total", "incidents",
     "incidents in the previous period of the same length (empty when the input does not cover "
     "it)"},
    {"", "change_percent", "percent", "change of total on the previous period"},
    {"", "priority", "true / false",
     "priority {area}: significantly above the area rate and at least the priority ratio times "
     "it"},
    {"", "priority_rank", "rank", "1 = the highest rate ratio among priority {area}s; 0 = not one"},
    // Hotspot areas: hotspots.csv, hotspots.geojson, hotspot.gpkg: hotspots.
    {"", "id", "", "hotspot area id: <layer>-<rank>"},
    {"", "layer", "", "the hotspot layer (burglary, night-time-violence, ...)"},
    {"", "layer_title", "", "the hotspot layer's title"},
    {"", "class", "1-3", "density class of the hottest cell: 3 = hottest"},
    {"", "class_label", "", "the class rule in words (mean + k × SD, ...)"},
    {"", "rank", "rank", "within its layer: hottest class first, then most incidents"},
    {"", "incidents", "incidents", "the layer's incidents inside the area in the study period"},
    {"", "share", "fraction 0-1", "share of the layer's incidents in the study area"},
    {"", "area_km2", "km²", "area of the hotspot"},
    {"", "pai", "ratio", "Predictive Accuracy Index: share of incidents / share of the study area"},
    {"", "peak_density", "incidents per km²", "highest kernel density in the area"},
    {"", "significant", "true / false (yes / no in hotspots.csv)",
     "at least one cell is a Getis-Ord Gi* hot spot after false discovery rate control"},
    {"", "gi_confidence", "percent", "highest Gi* confidence among its cells: 99, 95, 90 or 0"},
    {"", "ward_names", "", "{area}s the area touches, joined with ', '"},
    {"", "ward_codes", "", "codes of the {area}s it touches, joined with ','"},
    {"", "hour_by_weekday", "incidents",
     "JSON 7 × 24 table of incident counts, Monday first, hour 0-23 (empty without times)"},
    {"", "trend_last28", "incidents", "incidents in the last 28 days of the data"},
    {"", "trend_previous28", "incidents", "incidents in the 28 days before those"},
    {"", "hours_note", "", "what the layer assumed for records without a time of day"},
    {"", "centre_lon", "degrees (WGS84)", "longitude of the mean of the area's cell centres"},
    {"", "centre_lat", "degrees (WGS84)", "latitude of the mean of the area's cell centres"},
    // Incidents (hotspot.gpkg: incidents; never in public outputs).
    {"hotspot.gpkg: incidents", "id", "", "the incident's id in its source (Crime ID, reference)"},
    {"", "category", "", "police.uk category slug (or a category of the force's own)"},
    {"", "month", "YYYY-MM", "month of the incident (local time)"},
    {"", "date", "ISO 8601 date", "day of the incident; empty when only the month is known"},
    {"", "occurred_at", "ISO 8601 local date-time",
     "date and time of the incident (Europe/London); empty without a time of day"},
    {"", "x_m", "metres", "easting in the analysis CRS"},
    {"", "y_m", "metres", "northing in the analysis CRS"},
    {"", "hotspot_ids", "",
     "ids of the hotspot areas the incident lies in (layers that take it), joined with ','"},
    // GeoPackage and database tables.
    {"", "fid", "", "row number (the table's primary key)"},
    {"", "geom", "", "geometry, in the analysis CRS (metres; EPSG:27700 in Great Britain)"},
    // Density rasters.
    {"", "band 1", "incidents per km²",
     "kernel density at the cell centre; nodata outside the study area"},
    // rejects.csv (never in public outputs).
    {"", "file", "", "the input file (or, in fields.csv, the output file)"},
    {"", "line", "line number", "1-based line of a CSV, or feature number of a layer"},
    {"", "field", "", "the field at fault"},
    {"", "reason", "", "why the row was rejected (see the README's table of reasons)"},
    {"", "detail", "", "the reason in words"},
    {"", "raw", "", "the row as it was read"},
    // evaluation.csv.
    {"", "method", "", "how cells were ranked: kde_classes, gi_star, grid_counts, ward_ranking"},
    {"", "area_share", "fraction 0-1", "share of the study area flagged"},
    {"", "cells", "cells", "grid cells flagged"},
    {"", "fit_incidents", "incidents", "incidents in the fitting period"},
    {"", "test_incidents", "incidents", "incidents in the test period"},
    {"", "fit_inside", "incidents", "fitting-period incidents inside the flagged cells"},
    {"", "test_inside", "incidents", "test-period incidents inside the flagged cells"},
    {"evaluation.csv", "pai", "ratio", "Predictive Accuracy Index on the test period"},
    {"", "rri", "ratio", "Recapture Rate Index (empty when undefined)"},
    {"", "pei", "ratio", "Predictive Efficiency Index: PAI / the best PAI possible"},
    // fields.csv itself.
    {"fields.csv", "column", "", "the column's name"},
    {"fields.csv", "unit", "", "its unit"},
    {"fields.csv", "meaning", "", "what it holds"},
};

std::string with_area(std::string text, const std::string& area) {
  for (size_t at = text.find("{area}"); at != std::string::npos; at = text.find("{area}"))
    text.replace(at, 6, area);
  return text;
}

bool applies(const Entry& entry, const std::string& file) {
  return entry.file[0] == '\0' || file.rfind(entry.file, 0) == 0;
}

}  // namespace

FieldDoc describe_field(const std::string& file, const std::string& column,
                        const DictionaryContext& context) {
  const std::string& area = context.geography;
  // A file's own entry wins over the general one.
  const Entry* found = nullptr;
  for (const Entry& entry : kTable)
    if (column == entry.column && applies(entry, file) && (!found || entry.file[0] != '\0'))
      found = &entry;
  if (found) return FieldDoc{found->unit, with_area(found->meaning, area)};
  // The run's own columns: one count and one rate per category and per hotspot layer.
  const bool rate = column.size() > 5 && column.ends_with("_rate");
  const std::string base = rate ? column.substr(0, column.size() - 5) : column;
  for (const std::string& slug : context.categories)
    if (base == slug)
      return rate ? FieldDoc{"incidents per 1,000 residents",
                             category_title(slug) + " incidents per 1,000 residents"}
                  : FieldDoc{"incidents", category_title(slug) + " incidents in the " + area +
                                              " in the study period"};
  for (const LayerDefinition& layer : context.layers)
    if (base == layer.name)
      return rate ? FieldDoc{"incidents per 1,000 residents", "incidents of the hotspot layer '" +
                                                                  layer.title +
                                                                  "' per 1,000 residents"}
                  : FieldDoc{"incidents", "incidents of the hotspot layer '" + layer.title +
                                              "' in the " + area + " in the study period"};
  return FieldDoc{};
}

std::vector<std::string> csv_header(const std::string& path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) return {};
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) return {};
  return std::vector<std::string>(fields.begin(), fields.end());
}

void write_fields_csv(const std::vector<OutputColumns>& files, const DictionaryContext& context,
                      const std::string& path) {
  std::string out = std::string(kCsvByteOrderMark) + "file,column,unit,meaning\r\n";
  for (const OutputColumns& file : files)
    for (const std::string& column : file.columns) {
      const FieldDoc doc = describe_field(file.file, column, context);
      out += csv_field(file.file) + "," + csv_field(column) + "," + csv_field(doc.unit) + "," +
             csv_field(doc.meaning) + "\r\n";
    }
  write_file_atomically(path, out);
}

}  // namespace hotspot::output
