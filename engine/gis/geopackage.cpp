#include "engine/gis/geopackage.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <filesystem>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/gis/gpkg_rows.hpp"
#include "engine/gis/gpkg_rtree.hpp"
#include "engine/gis/ogr_tables.hpp"
#include "engine/gis/qgis_style.hpp"

namespace hotspot::gis {

namespace {

// For this thread only, while the GeoPackage is written:
// - gpkg_contents.last_change would otherwise be the time of writing: a fixed date keeps the
//   file byte-identical between runs (GDAL's OGR_CURRENT_DATE, in the form the spec requires);
// - SQLite's page cache at 32 MB instead of GDAL's default, which spilled pages to disk and
//   read them back while a million incidents went in (a fifth of the time). 256 MB was no
//   faster (rows and R-tree entries go in in id order, so few pages are revisited) and held
//   ~75-150 MB more at the run's peak, which is while this file is written; 32 MB wrote the
//   national run's file in the same 32.7 s as 64 MB did.
class WriterSettings {
 public:
  WriterSettings() {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", "32");
  }
  ~WriterSettings() {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", nullptr);
  }
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

// The spatial index is made by write_indexed_table, not by GDAL.
std::vector<std::string> table_options(const GisLayer& layer) {
  return {"GEOMETRY_NAME=geom", "FID=fid", "DESCRIPTION=" + layer.title, "IDENTIFIER=" + layer.name,
          "SPATIAL_INDEX=NO"};
}

// A failure of the spatial index's SQL: SQLite's message (it names no row data), and the fix
// when the disk is full ("database or disk is full", "disk I/O error").
[[noreturn]] void index_failure(const std::string& target, const std::string& table,
                                std::string reason) {
  if (reason.find("disk") != std::string::npos)
    reason +=
        ": the disk is full or the file may not grow; free some space or choose another "
        "--out folder";
  throw IoError(target, "cannot build the spatial index of " + table + ": " + reason);
}

// Runs one SQL statement on GDAL's connection.
void run_sql(sqlite3* db, const std::string& sql, const std::string& target,
             const std::string& table) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = std::string("SQLite: ") + (message ? message : "unknown error");
    sqlite3_free(message);
    index_failure(target, table, reason);
  }
}

// The SQL of trigger `name`, or "" when there is none.
std::string trigger_sql(sqlite3* db, const std::string& name) {
  sqlite3_stmt* statement = nullptr;
  std::string sql;
  if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(statement, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0))
      sql = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  return sql;
}

// A table with geometry, and its spatial index: GDAL creates the index (the R*Tree and the
// GeoPackage triggers that keep it current) while the table is empty; the insert trigger is
// set aside while the rows go in, the index is packed from their boxes in one pass (see
// gpkg_rtree.hpp), and the trigger is put back.
void write_indexed_table(GDALDataset& dataset, const GisLayer& layer,
                         const OGRSpatialReference& srs, const std::string& target) {
  OGRLayer* table = create_table(dataset, layer, srs, table_options(layer), target);
  auto* db = static_cast<sqlite3*>(dataset.GetInternalHandle("SQLITE_HANDLE"));
  if (!db) throw std::logic_error("GDAL's GeoPackage driver gave no SQLite handle");
  const std::string create_index = "SELECT CreateSpatialIndex('" + layer.name + "', 'geom')";
  CPLErrorReset();
  dataset.ReleaseResultSet(dataset.ExecuteSQL(create_index.c_str(), nullptr, nullptr));
  if (CPLGetLastErrorType() >= CE_Failure) index_failure(target, layer.name, last_gdal_error());
  const std::string rtree = "rtree_" + layer.name + "_geom";
  const std::string insert_trigger = trigger_sql(db, rtree + "_insert");
  if (insert_trigger.empty())
    throw std::logic_error("GDAL's spatial index of " + layer.name + " has no insert trigger");
  run_sql(db, "DROP TRIGGER \"" + rtree + "_insert\"", target, layer.name);
  std::vector<RtreeEntry> entries;
  if (layer.point_row) {
    // Straight into SQLite (gpkg_rows.hpp). The row-count trigger, when GDAL has made it
    // already, is set aside like the index's: the count is recorded once at the end.
    const std::string count_trigger_name = "trigger_insert_feature_count_" + layer.name;
    const std::string count_trigger = trigger_sql(db, count_trigger_name);
    if (!count_trigger.empty())
      run_sql(db, "DROP TRIGGER \"" + count_trigger_name + "\"", target, layer.name);
    try {
      record_point_rows(db, layer.name, insert_point_rows(db, layer));
    } catch (const std::runtime_error& error) {
      index_failure(target, layer.name, error.what());
    }
    if (!count_trigger.empty()) run_sql(db, count_trigger, target, layer.name);
  } else {
    entries.reserve(layer.feature_count);
    write_rows(*table, layer, target, [&](const OGRFeature& feature) {
      const OGRGeometry* geometry = feature.GetGeometryRef();
      if (!geometry || geometry->IsEmpty()) return;  // GeoPackage indexes no empty geometry
      OGREnvelope box;
      geometry->getEnvelope(&box);
      entries.push_back(rtree_entry(feature.GetFID(), box.MinX, box.MaxX, box.MinY, box.MaxY));
    });
  }
  try {
    if (layer.point_row)
      bulk_load_point_rtree(db, rtree, layer.feature_count, layer.point_at);
    else
      bulk_load_rtree(db, rtree, std::move(entries));
  } catch (const std::runtime_error& error) {
    index_failure(target, layer.name, error.what());
  }
  run_sql(db, insert_trigger, target, layer.name);
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
  const WriterSettings settings;
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
      if (layer.geometry == GeometryKind::none)
        write_table(*dataset, layer, srs, table_options(layer), path);
      else
        write_indexed_table(*dataset, layer, srs, path);
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
