// The space-time bands of a Knox test, as Ratcliffe's Near Repeat Calculator lays them out:
// spatial bands of equal width (optionally a "same location" band for distance 0 first), then
// a last band for every pair further apart; temporal bands of equal width in days, then a last
// band for every pair further apart in time. Every band is a half-open interval [from, to):
// labels say exactly which pairs a cell counts (the calculator's own labels are off by one).
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace hotspot::nearrepeat {

enum class DistanceMetric { euclidean, manhattan };

// "euclidean" or "manhattan"; throws UsageError otherwise.
DistanceMetric parse_distance_metric(const std::string& text);
const char* distance_metric_name(DistanceMetric metric);

struct BandOptions {
  double spatial_bandwidth_m = 100;
  int spatial_bands = 5;
  int temporal_bandwidth_days = 14;
  int temporal_bands = 5;
  bool same_location_band = false;  // the calculator's "same location" row (distance exactly 0)
  DistanceMetric metric = DistanceMetric::euclidean;

  // Throws ConfigError for a bandwidth that is not positive or a band count outside 1..50.
  void validate() const;

  // Rows of the table: [same location,] the spatial bands, then "beyond".
  int rows() const { return spatial_bands + (same_location_band ? 1 : 0) + 1; }
  int close_rows() const { return rows() - 1; }  // every row but "beyond"
  int columns() const { return temporal_bands + 1; }
  double max_distance_m() const { return spatial_bandwidth_m * spatial_bands; }
  int max_days() const { return temporal_bandwidth_days * temporal_bands; }

  // The row of a pair `distance_m` apart, or close_rows() when it is beyond the last band.
  int row_of(double distance_m) const {
    if (same_location_band && distance_m == 0) return 0;
    if (!(distance_m < max_distance_m())) return close_rows();
    const int band = static_cast<int>(distance_m / spatial_bandwidth_m);
    return std::min(band, spatial_bands - 1) + (same_location_band ? 1 : 0);
  }
  // The column of a pair `days` apart (days >= 0).
  int column_of(int64_t days) const {
    return days >= max_days() ? temporal_bands : static_cast<int>(days / temporal_bandwidth_days);
  }

  // Metres [from, to) of row r (to = infinity for the last row); "same location" is [0, 0].
  double row_from_m(int row) const;
  double row_to_m(int row) const;
  int column_from_days(int column) const { return column * temporal_bandwidth_days; }
  int column_to_days(int column) const;  // -1 for the last column (no upper bound)

  std::string row_label(int row) const;        // "[0, 100) m", "same location (0 m)", "≥ 500 m"
  std::string column_label(int column) const;  // "[0, 14) days", "≥ 70 days"
};

}  // namespace hotspot::nearrepeat
