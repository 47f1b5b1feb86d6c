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
    {"", "id", "",
     "hotspot area id: <layer>-<6 hex digits> from the area's place, the same in every run"},
    {"", "layer", "", "the hotspot layer's name, as in summary.json → layers"},
    {"", "layer_title", "", "the hotspot layer's title"},
    {"", "rank", "rank", "within its layer: 1 = most incidents expected next month"},
    {"", "streets", "",
     "streets and places in the area, most incidents first, joined with '; ' (police.uk's "
     "Location without 'On or near', or the street column)"},
    {"", "wards", "", "{area}s the area touches, most incidents first, joined with '; '"},
    {"", "incidents", "incidents", "the layer's incidents inside the area in the study period"},
    {"", "share", "fraction 0-1", "share of the layer's incidents in the study area"},
    {"", "area_km2", "km²", "area of the hotspot"},
    {"", "pai", "ratio", "Predictive Accuracy Index: share of incidents / share of the study area"},
    {"", "expected", "incidents per month",
     "incidents the layer's forecast expects in the area next month"},
    {"", "expected_per_month", "incidents per month",
     "incidents the layer's forecast expects in the area next month"},
    {"", "when", "",
     "the weekday and hour window holding most of the area's incidents, with its share"},
    {"", "change", "", "the change on the baseline period in words, with its 95% interval"},
    {"", "change_ratio", "ratio", "rate in the study period / rate in the baseline period"},
    {"", "change_low", "ratio", "lower end of the exact 95% interval of change_ratio"},
    {"", "change_high", "ratio", "upper end of the exact 95% interval of change_ratio"},
    {"", "change_p", "p-value",
     "two-sided exact conditional binomial test of the two counts (with exposure)"},
    {"", "change_small", "true / false", "too few incidents to turn the change into a percentage"},
    {"", "method", "", "the forecast the areas were drawn from (chosen by backtest)"},
    {"", "significant", "true / false (yes / no in hotspots.csv)",
     "at least one cell is a Getis-Ord Gi* hot spot after false discovery rate control"},
    {"", "gi_confidence", "percent", "highest Gi* confidence among its cells: 99, 95, 90 or 0"},
    {"", "ward_names", "", "{area}s the area touches, joined with ', '"},
    {"", "ward_codes", "", "codes of the {area}s it touches, joined with ','"},
    {"", "hours_note", "", "what the layer assumed for records without a time of day"},
    {"", "centre_lon", "degrees (WGS84)",
     "longitude of a point inside the area, at its busiest cell"},
    {"", "centre_lat", "degrees (WGS84)",
     "latitude of a point inside the area, at its busiest cell"},
    // hotspot_hours.csv (never in public outputs).
    {"hotspot_hours.csv", "weekday", "Monday-Sunday", "day of the week, local time"},
    {"hotspot_hours.csv", "hour", "0-23", "hour of day, local time"},
    {"hotspot_hours.csv", "incidents", "incidents",
     "the area's incidents in that hour (hours without incidents have no row)"},
    // emerging.csv.
    {"emerging.csv", "cell", "", "the cell's index in the emerging-hot-spot grid"},
    {"emerging.csv", "pattern", "", "ArcGIS Pro's pattern code (new_hot, persistent_cold, ...)"},
    {"emerging.csv", "pattern_name", "", "the pattern in words"},
    {"emerging.csv", "x", "metres", "cell centre easting, analysis CRS"},
    {"emerging.csv", "y", "metres", "cell centre northing, analysis CRS"},
    {"emerging.csv", "lon", "degrees (WGS84)", "cell centre longitude"},
    {"emerging.csv", "lat", "degrees (WGS84)", "cell centre latitude"},
    {"emerging.csv", "ward_code", "", "the {area} at the cell centre"},
    {"emerging.csv", "ward_name", "", "its name"},
    {"emerging.csv", "hot_steps", "time steps",
     "steps in which the cell is a significant hot spot"},
    {"emerging.csv", "cold_steps", "time steps", "steps in which it is a significant cold spot"},
    {"emerging.csv", "final_z", "z-score", "Gi* z-score in the final time step"},
    {"emerging.csv", "trend_z", "z-score", "Mann-Kendall trend statistic of the Gi* z-scores"},
    {"emerging.csv", "trend_p", "p-value", "Mann-Kendall two-sided p-value"},
    {"emerging.csv", "trend_tau", "-1 to 1", "Kendall's tau of the trend"},
    {"emerging.csv", "incidents", "incidents", "the cell's incidents over all time steps"},
    {"emerging.csv", "final_incidents", "incidents", "the cell's incidents in the final step"},
    // peers.csv.
    {"peers.csv", "category", "", "police.uk category slug"},
    {"peers.csv", "title", "", "the category's title"},
    {"peers.csv", "count", "incidents", "the study area's incidents in the period"},
    {"peers.csv", "rate_per_1000", "per 1,000 residents", "the study area's rate"},
    {"peers.csv", "england_count", "incidents", "England's count in the reference file"},
    {"peers.csv", "england_rate_per_1000", "per 1,000 residents", "England's rate"},
    {"peers.csv", "england_ratio", "ratio", "study area rate / England rate"},
    {"peers.csv", "england_low", "ratio", "lower end of its exact 95% interval"},
    {"peers.csv", "england_high", "ratio", "upper end of its exact 95% interval"},
    {"peers.csv", "england_p", "p-value", "exact test of the two rates"},
    {"peers.csv", "england_comparison", "above / similar / below", "at the 5% level"},
    {"peers.csv", "msg_count", "incidents", "the Most Similar Group's count (members summed)"},
    {"peers.csv", "msg_rate_per_1000", "per 1,000 residents", "the Most Similar Group's rate"},
    {"peers.csv", "msg_ratio", "ratio", "study area rate / MSG rate"},
    {"peers.csv", "msg_low", "ratio", "lower end of its exact 95% interval"},
    {"peers.csv", "msg_high", "ratio", "upper end of its exact 95% interval"},
    {"peers.csv", "msg_p", "p-value", "exact test of the two rates"},
    {"peers.csv", "msg_comparison", "above / similar / below", "at the 5% level"},
    {"peers.csv", "msg_rank", "rank", "the study area's rate among the MSG members, 1 = highest"},
    {"peers.csv", "msg_ranked", "areas", "how many areas were ranked"},
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
    {"evaluation.csv", "method", "", "the forecast in words"},
    {"evaluation.csv", "slug", "", "the forecast's short name (for --method)"},
    {"evaluation.csv", "chosen", "yes / no", "the one the backtest on the fitting months chose"},
    {"evaluation.csv", "reference", "yes / no", "a textbook reference (grid counts, KDE 500 m)"},
    {"", "area_share", "fraction 0-1", "share of the study area flagged"},
    {"", "test_incidents", "incidents", "incidents in the test period"},
    {"", "captured", "incidents", "test-period incidents inside the flagged areas"},
    {"evaluation.csv", "pai", "ratio", "Predictive Accuracy Index on the test period"},
    {"", "rri", "ratio", "Recapture Rate Index (empty when undefined)"},
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
