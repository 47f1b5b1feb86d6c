// GeoTIFF output of a density grid: float32, north-up with the standard geotransform, nodata
// set, the analysis CRS as its EPSG code, and the parameters as GDAL metadata items; 256 x 256
// tiles, DEFLATE with the floating-point predictor. Written atomically.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::density {

constexpr float kGeoTiffNoData = -9999.0f;

// `metadata` pairs become GDAL metadata items (KERNEL=quartic, BANDWIDTH_M=250, ...); UNITS
// (incidents per km²) is always added, unless `metadata` gives UNITS itself (risk surfaces),
// which then is also the band's unit type. Tiles are compressed on `threads` threads and written
// in order: the file is the same for any count. `crs` is the analysis CRS, a projected CRS with
// an EPSG code (std::invalid_argument otherwise). Throws IoError when the file cannot be written.
// The same from floats already in north-up row order (spec.cell_count() of them, nodata as
// kGeoTiffNoData).
void write_north_up_geotiff(const GridSpec& spec, const float* north_up, const std::string& crs,
                            const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& metadata,
                            int threads = 1);

void write_density_geotiff(const DensityGrid& grid, const std::string& crs, const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& metadata,
                           int threads = 1);

}  // namespace hotspot::density
