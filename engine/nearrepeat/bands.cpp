#include "engine/nearrepeat/bands.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/errors.hpp"

namespace hotspot::nearrepeat {

namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

DistanceMetric parse_distance_metric(const std::string& text) {
  if (text == "euclidean") return DistanceMetric::euclidean;
  if (text == "manhattan") return DistanceMetric::manhattan;
  throw UsageError("--distance '" + text + "': expected euclidean or manhattan");
}

const char* distance_metric_name(DistanceMetric metric) {
  return metric == DistanceMetric::euclidean ? "euclidean" : "manhattan";
}

void BandOptions::validate() const {
  if (!(spatial_bandwidth_m > 0) || !std::isfinite(spatial_bandwidth_m))
    throw ConfigError("the spatial bandwidth must be a positive number of metres, e.g. 100");
  if (temporal_bandwidth_days < 1)
    throw ConfigError("the temporal bandwidth must be at least 1 day, e.g. 14");
  if (spatial_bands < 1 || spatial_bands > 50)
    throw ConfigError("the number of spatial bands must be between 1 and 50 (default 5)");
  if (temporal_bands < 1 || temporal_bands > 50)
    throw ConfigError("the number of temporal bands must be between 1 and 50 (default 5)");
}

double BandOptions::row_from_m(int row) const {
  if (same_location_band) {
    if (row == 0) return 0;
    --row;
  }
  return row * spatial_bandwidth_m;
}

double BandOptions::row_to_m(int row) const {
  if (row == close_rows()) return INFINITY;
  if (same_location_band) {
    if (row == 0) return 0;
    --row;
  }
  return (row + 1) * spatial_bandwidth_m;
}

int BandOptions::column_to_days(int column) const {
  return column == temporal_bands ? -1 : (column + 1) * temporal_bandwidth_days;
}

std::string BandOptions::row_label(int row) const {
  if (same_location_band && row == 0) return "same location (0 m)";
  const std::string from = metres(row_from_m(row));
  if (row == close_rows()) return "≥ " + from + " m";
  // With a same-location row, the first band leaves out distance 0: (0, to).
  const bool open_start = same_location_band && row == 1;
  return (open_start ? "(" : "[") + from + ", " + metres(row_to_m(row)) + ") m";
}

std::string BandOptions::column_label(int column) const {
  const std::string from = std::to_string(column_from_days(column));
  if (column == temporal_bands) return "≥ " + from + " days";
  return "[" + from + ", " + std::to_string(column_to_days(column)) + ") days";
}

}  // namespace hotspot::nearrepeat
