#include "engine/density/geotiff.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/parallel.hpp"

namespace hotspot::density {

namespace {

// A GeoTIFF GDAL wrote completely reopens (its directory is written on closing) and decodes
// its last block (the last cell's): a backstop to the write errors caught while flushing, for a
// disk that fills up at the end. Reading that one block, not the whole last row of blocks, took
// 10 ms less of `hotspot kde`'s 0.5 s.
bool file_is_complete(const std::string& file) {
  CPLErrorReset();
  GDALDatasetH dataset = GDALOpen(file.c_str(), GA_ReadOnly);
  if (!dataset) return false;
  GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
  const int columns = GDALGetRasterXSize(dataset), rows = GDALGetRasterYSize(dataset);
  float last_cell = 0;
  const bool read = GDALRasterIO(band, GF_Read, columns - 1, rows - 1, 1, 1, &last_cell, 1, 1,
                                 GDT_Float32, 0, 0) == CE_None;
  GDALClose(dataset);
  return read && CPLGetLastErrorType() < CE_Failure;
}

// Writes the raster a block (tile) at a time, in file order, straight to the driver: through
// GDALRasterIO every block was first copied into GDAL's block cache (16 MB of fresh pages for a
// 2,000 x 2,000 grid) and compressed only when the cache was flushed at the end; written per
// block, the tiles are compressed on the driver's threads while the next ones are gathered, in
// one reused buffer. Edge blocks are padded with zeros past the raster's edge, as GDAL pads them.
CPLErr write_blocks(GDALRasterBandH band, const GridSpec& spec, const float* north_up) {
  int block_columns = 0, block_rows = 0;
  GDALGetBlockSize(band, &block_columns, &block_rows);
  std::vector<float> block(static_cast<size_t>(block_columns) * static_cast<size_t>(block_rows));
  for (int block_y = 0; block_y * block_rows < spec.rows; ++block_y)
    for (int block_x = 0; block_x * block_columns < spec.columns; ++block_x) {
      const int first_column = block_x * block_columns, first_row = block_y * block_rows;
      const int columns = std::min(block_columns, spec.columns - first_column);
      const int rows = std::min(block_rows, spec.rows - first_row);
      if (columns < block_columns || rows < block_rows) std::fill(block.begin(), block.end(), 0.0f);
      for (int r = 0; r < rows; ++r)
        std::copy_n(north_up + spec.index(first_column, first_row + r), columns,
                    block.data() + static_cast<size_t>(r) * static_cast<size_t>(block_columns));
      if (const CPLErr error = GDALWriteBlock(band, block_x, block_y, block.data());
          error != CE_None)
        return error;
    }
  return CE_None;
}

}  // namespace

void write_density_geotiff(const DensityGrid& grid, const std::string& crs, const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& metadata,
                           int threads) {
  const GridSpec& spec = grid.spec;
  // Row 0 of the grid is the southern row; GeoTIFF rows run north to south.
  const std::unique_ptr<float[]> north_up = unset_in_huge_pages<float>(spec.cell_count());
  parallel_for(static_cast<size_t>(spec.rows), threads, [&](size_t begin, size_t end, int) {
    for (auto row = static_cast<int32_t>(begin); row < static_cast<int32_t>(end); ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const double value = grid.density_per_km2[spec.index(column, row)];
        north_up[spec.index(column, spec.rows - 1 - row)] =
            std::isnan(value) ? kGeoTiffNoData : static_cast<float>(value);
      }
  });
  write_north_up_geotiff(spec, north_up.get(), crs, path, metadata, threads);
}

void write_north_up_geotiff(const GridSpec& spec, const float* north_up, const std::string& crs,
                            const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& metadata,
                            int threads) {
  ensure_geotiff_registered();
  const std::string wkt = crs_to_wkt(crs);
  write_via_temporary(path, [&](const std::string& temporary) {
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver) throw std::logic_error("GDAL has no GTiff driver");
    // Tiled and compressed so that QGIS reads any window quickly; DEFLATE with the floating-point
    // predictor suits smooth surfaces, and every GIS reads it. Compressing is most of the writing
    // time, so it runs on all threads at level 1: on a 2,000 x 2,000 surface of 1,000,000 points
    // that writes in 60% of level 6's time for a file 0.7% larger.
    const std::string num_threads = "NUM_THREADS=" + std::to_string(std::max(1, threads));
    const char* options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3",       "ZLEVEL=1",
                             "TILED=YES",        num_threads.c_str(), nullptr};
    CPLErrorReset();
    GDALDatasetH dataset = GDALCreate(driver, temporary.c_str(), spec.columns, spec.rows, 1,
                                      GDT_Float32, const_cast<char**>(options));
    if (!dataset) throw IoError(path, gdal_write_failure());
    double transform[6] = {spec.xmin, spec.cell_size_m, 0, spec.ymax(), 0, -spec.cell_size_m};
    GDALSetGeoTransform(dataset, transform);
    GDALSetProjection(dataset, wkt.c_str());
    std::string units;  // a UNITS item replaces the default (risk surfaces have their own)
    for (const auto& [key, value] : metadata)
      if (key == "UNITS") units = value;
    GDALSetMetadataItem(dataset, "UNITS", units.empty() ? "incidents per km2" : units.c_str(),
                        nullptr);
    for (const auto& [key, value] : metadata)
      if (key != "UNITS") GDALSetMetadataItem(dataset, key.c_str(), value.c_str(), nullptr);
    GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
    GDALSetRasterNoDataValue(band, kGeoTiffNoData);
    GDALSetRasterUnitType(band, units.empty() ? "incidents/km2" : units.c_str());
    const CPLErr written = write_blocks(band, spec, north_up);
    // GDAL 3.6's GDALClose reports nothing: a full disk shows as an error raised while flushing.
    GDALFlushCache(dataset);
    const bool flush_failed = CPLGetLastErrorType() >= CE_Failure;
    const std::string reason = flush_failed ? gdal_write_failure() : "";
    GDALClose(dataset);
    if (written != CE_None || flush_failed || CPLGetLastErrorType() >= CE_Failure)
      throw IoError(path, reason.empty() ? gdal_write_failure() : reason);
    if (!file_is_complete(temporary)) throw IoError(path, gdal_write_failure());
  });
}

}  // namespace hotspot::density
