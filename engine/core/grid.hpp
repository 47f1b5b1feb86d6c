// A regular raster over the analysis CRS. Cell (column i, row j) has its centre at
// (xmin + (i + 0.5)·cell, ymin + (j + 0.5)·cell): row 0 is the southern-most row.
// GeoTIFF writers flip rows so the file is north-up with the standard geotransform.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hotspot {

struct GridSpec {
  double xmin = 0;
  double ymin = 0;
  double cell_size_m = 1;
  int32_t columns = 0;
  int32_t rows = 0;

  double xmax() const { return xmin + columns * cell_size_m; }
  double ymax() const { return ymin + rows * cell_size_m; }
  double centre_x(int32_t column) const { return xmin + (column + 0.5) * cell_size_m; }
  double centre_y(int32_t row) const { return ymin + (row + 0.5) * cell_size_m; }
  size_t cell_count() const { return static_cast<size_t>(columns) * static_cast<size_t>(rows); }
  size_t index(int32_t column, int32_t row) const {
    return static_cast<size_t>(row) * static_cast<size_t>(columns) + static_cast<size_t>(column);
  }
};

// Density in incidents per km²; NaN marks nodata (outside the study area).
struct DensityGrid {
  GridSpec spec;
  std::vector<double> density_per_km2;  // row-major, spec.index(column, row)

  static constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace hotspot
