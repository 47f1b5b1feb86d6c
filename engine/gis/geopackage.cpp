#include "engine/gis/geopackage.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/gis/ogr_tables.hpp"
#include "engine/gis/qgis_style.hpp"

namespace hotspot::gis {

namespace {

// gpkg_contents.last_change would otherwise be the time of writing: a fixed date keeps the file
// byte-identical between runs (GDAL's OGR_CURRENT_DATE), for this thread only.
class FixedContentDate {
 public:
  FixedContentDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00Z"); }
  ~FixedContentDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
};

void copy_raster(const GisRaster& raster, const std::string& file, bool append,
                 const std::string& target) {
  CPLErrorReset();
  GDALDatasetUniquePtr source(GDALDataset::Open(raster.geotiff.c_str(), GDAL_OF_RASTER));
  if (!source) throw IoError(target, "cannot read " + raster.geotiff + " to copy it");
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!driver) throw std::logic_error("GDAL has no GPKG driver");
  CPLStringList options;
  options.SetNameValue("RASTER_TABLE", raster.name.c_str());
  options.SetNameValue("RASTER_IDENTIFIER", raster.name.c_str());
  options.SetNameValue("RASTER_DESCRIPTION", raster.title.c_str());
  // Float32 values as they are (GeoPackage 1.2 tiled gridded coverage with TIFF tiles): QGIS
  // reads them as the density itself, not as a picture.
  options.SetNameValue("TILE_FORMAT", "TIFF");
  if (append) options.SetNameValue("APPEND_SUBDATASET", "YES");
  GDALDatasetUniquePtr copy(
      driver->CreateCopy(file.c_str(), source.get(), FALSE, options.List(), nullptr, nullptr));
  if (!copy || CPLGetLastErrorType() >= CE_Failure)
    throw IoError(target, "cannot store " + raster.name + ": " + gdal_write_failure());
  copy->FlushCache();
  if (CPLGetLastErrorType() >= CE_Failure) throw IoError(target, gdal_write_failure());
}

std::vector<std::string> table_options(const GisLayer& layer) {
  std::vector<std::string> options = {"GEOMETRY_NAME=geom", "FID=fid", "DESCRIPTION=" + layer.title,
                                      "IDENTIFIER=" + layer.name};
  if (layer.geometry != GeometryKind::none) options.push_back("SPATIAL_INDEX=YES");
  return options;
}

// A GeoPackage that GDAL reopens with every table in place is complete.
bool is_complete(const std::string& file, const std::vector<GisLayer>& layers,
                 const std::vector<GisRaster>& rasters) {
  GDALDatasetUniquePtr dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_RASTER));
  if (!dataset) return false;
  for (const GisLayer& layer : layers) {
    OGRLayer* table = dataset->GetLayerByName(layer.name.c_str());
    if (!table || table->GetFeatureCount() != static_cast<GIntBig>(layer.feature_count))
      return false;
  }
  for (const GisRaster& raster : rasters) {
    const std::string name = "GPKG:" + file + ":" + raster.name;
    GDALDatasetUniquePtr table(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER));
    if (!table) return false;
  }
  return true;
}

}  // namespace

double raster_peak(const std::string& geotiff) {
  GDALDatasetUniquePtr dataset(GDALDataset::Open(geotiff.c_str(), GDAL_OF_RASTER));
  if (!dataset || dataset->GetRasterCount() < 1) return 0;
  double range[2] = {0, 0};
  if (dataset->GetRasterBand(1)->ComputeRasterMinMax(FALSE, range) != CE_None) return 0;
  return range[1];
}

void write_geopackage(const std::vector<GisLayer>& layers, std::vector<GisRaster>& rasters,
                      const std::string& analysis_crs, const std::string& path) {
  ensure_gdal_registered();
  const FixedContentDate fixed_date;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs_to_wkt(analysis_crs).c_str()) != OGRERR_NONE)
    throw ConfigError("GDAL does not know the analysis CRS " + analysis_crs);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  for (GisRaster& raster : rasters) raster.peak_per_km2 = raster_peak(raster.geotiff);

  write_via_temporary(path, [&](const std::string& temporary) {
    for (size_t r = 0; r < rasters.size(); ++r) copy_raster(rasters[r], temporary, r > 0, path);
    CPLErrorReset();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr dataset(
        rasters.empty() ? driver->Create(temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr)
                        : GDALDataset::Open(temporary.c_str(),
                                            GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_UPDATE));
    if (!dataset) throw IoError(path, gdal_write_failure());
    if (dataset->StartTransaction() != OGRERR_NONE) throw IoError(path, gdal_write_failure());
    std::vector<StyleRow> styles;
    for (const GisLayer& layer : layers) {
      write_table(*dataset, layer, srs, table_options(layer), path);
      if (layer.style.kind != LayerStyle::Kind::none)
        styles.push_back(StyleRow{"", layer.name,
                                  layer.geometry == GeometryKind::none ? "" : "geom", layer.title,
                                  vector_style(layer)});
    }
    for (const GisRaster& raster : rasters)
      styles.push_back(StyleRow{"", raster.name, "", raster.title, raster_style(raster)});
    write_layer_styles(*dataset, styles, {}, path);
    if (dataset->CommitTransaction() != OGRERR_NONE) throw IoError(path, gdal_write_failure());
    dataset->FlushCache();
    const bool failed = CPLGetLastErrorType() >= CE_Failure;
    const std::string reason = failed ? gdal_write_failure() : "";
    dataset.reset();
    if (failed) throw IoError(path, reason);
    if (!is_complete(temporary, layers, rasters)) throw IoError(path, gdal_write_failure());
  });
}

}  // namespace hotspot::gis
