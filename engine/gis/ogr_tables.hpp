// Writes GisLayers and their QGIS styles into an open GDAL vector dataset (a GeoPackage, a
// PostgreSQL schema). The caller owns the dataset and its transaction; every failure throws
// IoError naming `target` (a file, or a connection string without its password).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "engine/gis/gis_layer.hpp"
#include "engine/gis/qgis_style.hpp"

class GDALDataset;
class OGRFeature;
class OGRLayer;
class OGRSpatialReference;

namespace hotspot::gis {

// Creates `layer` with `layer_options` (GDAL layer creation options) and writes its features.
void write_table(GDALDataset& dataset, const GisLayer& layer, const OGRSpatialReference& srs,
                 const std::vector<std::string>& layer_options, const std::string& target);

// The two halves of write_table: the empty table with its columns, then its rows
// (`on_row` sees each feature once it is stored, with its FID set).
OGRLayer* create_table(GDALDataset& dataset, const GisLayer& layer, const OGRSpatialReference& srs,
                       const std::vector<std::string>& layer_options, const std::string& target);
void write_rows(OGRLayer& table, const GisLayer& layer, const std::string& target,
                const std::function<void(const OGRFeature&)>& on_row = {});

// One row of QGIS's layer_styles table: the default style of one table.
struct StyleRow {
  std::string schema;           // "" in a GeoPackage
  std::string table;            // f_table_name
  std::string geometry_column;  // f_geometry_column ("geom"; "" for a raster)
  std::string title;            // description
  Style style;
};

// Creates the layer_styles table (QGIS's columns) when missing, removes earlier styles of the
// same tables and adds `rows` as their default styles.
void write_layer_styles(GDALDataset& dataset, const std::vector<StyleRow>& rows,
                        const std::vector<std::string>& layer_options, const std::string& target);

// The text of GDAL's last error, for messages ("" when none).
std::string last_gdal_error();

}  // namespace hotspot::gis
