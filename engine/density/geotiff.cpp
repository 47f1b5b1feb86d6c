#include "engine/density/geotiff.hpp"

#include <gdal.h>

#include <cmath>
#include <stdexcept>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/gdal_init.hpp"

namespace hotspot::density {

void write_density_geotiff(const DensityGrid& grid, const std::string& crs, const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& metadata) {
  ensure_gdal_registered();
  const GridSpec& spec = grid.spec;
  const std::string wkt = crs_to_wkt(crs);
  // Row 0 of the grid is the southern row; GeoTIFF rows run north to south.
  std::vector<float> north_up(spec.cell_count());
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < spec.columns; ++column) {
      const double value = grid.density_per_km2[spec.index(column, row)];
      north_up[spec.index(column, spec.rows - 1 - row)] =
          std::isnan(value) ? kGeoTiffNoData : static_cast<float>(value);
    }
  write_via_temporary(path, [&](const std::string& temporary) {
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver) throw std::runtime_error("GDAL has no GTiff driver");
    const char* options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", nullptr};
    GDALDatasetH dataset = GDALCreate(driver, temporary.c_str(), spec.columns, spec.rows, 1,
                                      GDT_Float32, const_cast<char**>(options));
    if (!dataset) throw std::runtime_error("cannot create " + path);
    double transform[6] = {spec.xmin, spec.cell_size_m, 0, spec.ymax(), 0, -spec.cell_size_m};
    GDALSetGeoTransform(dataset, transform);
    GDALSetProjection(dataset, wkt.c_str());
    GDALSetMetadataItem(dataset, "UNITS", "incidents per km2", nullptr);
    for (const auto& [key, value] : metadata)
      GDALSetMetadataItem(dataset, key.c_str(), value.c_str(), nullptr);
    GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
    GDALSetRasterNoDataValue(band, kGeoTiffNoData);
    GDALSetRasterUnitType(band, "incidents/km2");
    const CPLErr error = GDALRasterIO(band, GF_Write, 0, 0, spec.columns, spec.rows,
                                      north_up.data(), spec.columns, spec.rows, GDT_Float32, 0, 0);
    GDALClose(dataset);
    if (error != CE_None) throw std::runtime_error("cannot write the density raster to " + path);
  });
}

}  // namespace hotspot::density
