#include "engine/emerging/writers.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/geojson_writer.hpp"
#include "engine/core/json_numbers.hpp"

namespace hotspot::emerging {

using nlohmann::ordered_json;

namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// The properties of one cell, as CSV columns and GeoJSON properties.
ordered_json cell_properties(const EmergingOutputContext& context, const EmergingLayer& layer,
                             const EmergingCell& cell, double lon, double lat) {
  const GridSpec& spec = context.result.grid;
  ordered_json json;
  json["layer"] = layer.layer.name;
  json["cell"] = std::to_string(cell.column) + "_" + std::to_string(cell.row);
  json["pattern"] = pattern_slug(cell.pattern);
  json["pattern_name"] = pattern_name(cell.pattern);
  json["x"] = rounded_or_null(spec.centre_x(cell.column), 1);
  json["y"] = rounded_or_null(spec.centre_y(cell.row), 1);
  json["lon"] = rounded_or_null(lon, 6);
  json["lat"] = rounded_or_null(lat, 6);
  const bool in_ward = cell.ward != kOutside;
  json["ward_code"] =
      in_ward ? ordered_json(context.wards.code[static_cast<size_t>(cell.ward)]) : ordered_json();
  json["ward_name"] =
      in_ward ? ordered_json(context.wards.name[static_cast<size_t>(cell.ward)]) : ordered_json();
  json["hot_steps"] = cell.hot_steps;
  json["cold_steps"] = cell.cold_steps;
  json["final_z"] = rounded_or_null(cell.final_z, 4);
  json["trend_z"] = rounded_or_null(cell.trend.z, 4);
  json["trend_p"] = p_value_or_null(cell.trend.p);
  json["trend_tau"] = rounded_or_null(cell.trend.tau, 4);
  if (context.disclosure.shows_incident_records()) {  // per-cell counts: not public
    json["incidents"] = cell.incidents;
    json["final_incidents"] = cell.final_incidents;
  }
  return json;
}

// Every published cell with its lon/lat centre, in layer order.
template <typename Visit>
void for_each_cell(const EmergingOutputContext& context, Visit visit) {
  CoordinateTransform to_lonlat(context.analysis_crs, "EPSG:4326");
  const GridSpec& spec = context.result.grid;
  for (const EmergingLayer& layer : context.result.layers)
    for (const EmergingCell& cell : layer.cells) {
      if (!cell.published) continue;
      double lon = spec.centre_x(cell.column), lat = spec.centre_y(cell.row);
      to_lonlat.transform(&lon, &lat, 1);
      visit(layer, cell, cell_properties(context, layer, cell, lon, lat));
    }
}

std::string cell_text(const ordered_json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return csv_field(value.get<std::string>());
  return value.dump();
}

}  // namespace

std::string describe_place(const EmergingPlace& place, const std::string& final_step) {
  std::string text = place.layer_title + ": " + pattern_name(place.pattern);
  if (!place.ward_name.empty()) text += " in " + place.ward_name + " (" + place.ward_code + ")";
  text += ", " + format("%.2f", place.area_km2) + " km²";
  if (place.counts_shown)
    text += ", " + std::to_string(place.final_incidents) +
            (place.final_incidents == 1 ? " incident" : " incidents") +
            " in and around it in the final step (" + final_step + ")";
  return text;
}

void write_emerging_csv(const EmergingOutputContext& context, const std::string& path) {
  std::string out;
  std::string header;
  for_each_cell(context, [&](const EmergingLayer&, const EmergingCell&, const ordered_json& json) {
    if (header.empty()) {
      for (const auto& item : json.items()) header += (header.empty() ? "" : ",") + item.key();
      out = header + "\r\n";
    }
    bool first = true;
    for (const auto& item : json.items()) {
      out += (first ? "" : ",") + cell_text(item.value());
      first = false;
    }
    out += "\r\n";
  });
  if (out.empty())  // no cell with a pattern: the header alone
    out =
        "layer,cell,pattern,pattern_name,x,y,lon,lat,ward_code,ward_name,hot_steps,cold_steps,"
        "final_z,trend_z,trend_p,trend_tau\r\n";
  write_file_atomically(path, std::string(kCsvByteOrderMark) + out);
}

void write_emerging_geojson(const EmergingOutputContext& context, const std::string& path) {
  CoordinateTransform to_lonlat(context.analysis_crs, "EPSG:4326");
  const GridSpec& spec = context.result.grid;
  GeoJsonWriter writer("emerging");
  for_each_cell(context, [&](const EmergingLayer&, const EmergingCell& cell,
                             const ordered_json& json) {
    const double x0 = spec.xmin + cell.column * spec.cell_size_m, x1 = x0 + spec.cell_size_m;
    const double y0 = spec.ymin + cell.row * spec.cell_size_m, y1 = y0 + spec.cell_size_m;
    Polygon square;
    square.outer() = {Point(x0, y0), Point(x0, y1), Point(x1, y1), Point(x1, y0), Point(x0, y0)};
    writer.add(without_nulls(json), to_wgs84(MultiPolygon{square}, to_lonlat));
  });
  writer.write(path);
}

void write_emerging_markdown(const EmergingOutputContext& context, const std::string& path) {
  const EmergingResult& result = context.result;
  const TimeSteps& steps = result.steps;
  std::string out = "# Emerging hot spots: " + context.title + "\n\n";
  out += "Each " + format("%.0f", result.grid.cell_size_m) + " m cell is followed over " +
         std::to_string(steps.count) + " time steps of " +
         (steps.unit == StepUnit::months && steps.length == 1 ? std::string("a month")
                                                              : steps.length_words()) +
         " each, " + steps.range_label() + " (the step " + steps.rule +
         "). In every step, Getis-Ord Gi* compares the incidents in a cell's neighbourhood (the "
         "cells within " +
         format("%g", result.options.distance_cells) + " cells, in that step and the " +
         std::to_string(result.options.window_steps) +
         " before it) with the whole space-time cube; the Benjamini–Hochberg false discovery "
         "rate keeps the share of false alarms under " +
         format("%.0f", 100 * result.options.fdr) +
         "%. A Mann–Kendall test finds whether each cell's Gi* z-scores rise or fall over the "
         "steps. The patterns are those of ArcGIS Pro's Emerging Hot Spot Analysis (see the "
         "README).\n\n";
  if (context.disclosure.public_output)
    out += "Public version: cells whose hot steps rest on fewer than " +
           std::to_string(context.disclosure.minimum_count) +
           " incidents are left out, and no cell's count is given.\n\n";
  for (const EmergingLayer& layer : result.layers) {
    out += "## " + layer.layer.title + "\n\n";
    if (!layer.classified) {
      out += "Not classified: " + layer.note.substr(layer.note.find(':') + 2) + ".\n\n";
      continue;
    }
    int64_t any = 0;
    for (size_t p = 1; p < kPatterns; ++p) any += layer.pattern_counts[p];
    if (any == 0) out += "No cell shows a pattern.\n";
    for (size_t p = 1; p < kPatterns; ++p)
      if (layer.pattern_counts[p] > 0)
        out += "- " + pattern_name(static_cast<Pattern>(p)) + ": " +
               std::to_string(layer.pattern_counts[p]) +
               (layer.pattern_counts[p] == 1 ? " cell\n" : " cells\n");
    if (!layer.note.empty()) out += "- " + layer.note + "\n";
    out += "\n";
  }
  out += "## New or intensifying places\n\n";
  if (result.places.empty())
    out += "None: no touching group of cells is a new, consecutive or intensifying hot spot.\n";
  for (const EmergingPlace& place : result.places)
    out += "- " + describe_place(place, result.final_step) + "\n";
  if (result.places_left_out > 0)
    out += "\n" + std::to_string(result.places_left_out) + " more, with fewer incidents than " +
           std::to_string(result.options.minimum_place_incidents) +
           " in and around them in the final step, are left out: in a sparse layer a handful of "
           "incidents can be significant, which is not yet a place to task.\n";
  write_file_atomically(path, out);
}

ordered_json emerging_json(const EmergingOutputContext& context) {
  const EmergingResult& result = context.result;
  const TimeSteps& steps = result.steps;
  ordered_json layers = ordered_json::array();
  for (const EmergingLayer& layer : result.layers) {
    ordered_json counts = ordered_json::object();
    for (size_t p = 1; p < kPatterns; ++p)
      counts[pattern_slug(static_cast<Pattern>(p))] = layer.pattern_counts[p];
    layers.push_back({{"name", layer.layer.name},
                      {"classified", layer.classified},
                      {"incidents", context.disclosure.withholds(layer.incidents)
                                        ? ordered_json()
                                        : ordered_json(layer.incidents)},
                      {"note", layer.note},
                      {"cells_by_pattern", counts}});
  }
  ordered_json places = ordered_json::array();
  for (const EmergingPlace& place : result.places)
    places.push_back({{"layer", place.layer},
                      {"pattern", pattern_slug(place.pattern)},
                      {"cells", place.cells},
                      {"area_km2", rounded_or_null(place.area_km2, 4)},
                      {"lon", rounded_or_null(place.lon, 6)},
                      {"lat", rounded_or_null(place.lat, 6)},
                      {"ward_code", place.ward_code},
                      {"ward_name", place.ward_name},
                      {"final_incidents",
                       place.counts_shown ? ordered_json(place.final_incidents) : ordered_json()},
                      {"text", describe_place(place, result.final_step)}});
  return ordered_json{{"time_step", steps.length_words()},
                      {"period", steps.range_label()},
                      {"time_step_rule", steps.rule},
                      {"steps", steps.count},
                      {"first_step", steps.label(0)},
                      {"final_step", result.final_step},
                      {"cell_size_m", result.grid.cell_size_m},
                      {"cells_in_area", result.cells_in_area},
                      {"neighbourhood",
                       {{"distance_cells", result.options.distance_cells},
                        {"previous_steps", result.options.window_steps}}},
                      {"fdr", result.options.fdr},
                      {"trend_alpha", result.options.trend_alpha},
                      {"minimum_steps", result.options.minimum_steps},
                      {"layers", layers},
                      {"places", places},
                      {"places_left_out", result.places_left_out}};
}

}  // namespace hotspot::emerging
