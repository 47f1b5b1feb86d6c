// A vector layer for GIS outputs (hotspot.gpkg, a PostGIS schema): a table name, typed columns,
// a geometry kind and a function that fills feature i. The same GisLayer is written to any GDAL
// vector dataset, so the GeoPackage and the database always hold the same columns and rows.
// Geometries are in the analysis CRS (metres), like the density rasters.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

class OGRFeature;

namespace hotspot::gis {

enum class FieldType { integer, real, text, boolean, date, datetime };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::text;
};

enum class GeometryKind { multipolygon, point, none };

// How QGIS should draw the layer: turned into QML and SLD by gis/qgis_style.
struct LayerStyle {
  enum class Kind { ward_choropleth, hotspot_outlines, incident_points, none } kind = Kind::none;
  std::string value_field;                   // ward_choropleth: the classified column
  std::string value_title;                   // its words in the legend ("Rate per 1,000 residents")
  std::vector<double> breaks;                // ward_choropleth: upper bounds of the classes
  std::vector<std::string> colours;          // one per class ("#fecc5c")
  std::vector<std::string> category_values;  // hotspot_outlines: the layer names
  std::vector<std::string> category_titles;  // their titles
  std::vector<std::string> category_colours;  // their Okabe–Ito hues
};

struct GisLayer {
  std::string name;   // table name: wards, hotspots, incidents, ...
  std::string title;  // what QGIS shows as the layer's description
  GeometryKind geometry = GeometryKind::multipolygon;
  std::vector<FieldSpec> fields;
  size_t feature_count = 0;
  // Sets feature `index`'s fields (by the names in `fields`) and its geometry (analysis CRS).
  std::function<void(size_t index, OGRFeature& feature)> fill;
  LayerStyle style;
};

// A density surface stored as a raster table (GeoPackage tiled gridded coverage, Float32).
struct GisRaster {
  std::string name;         // table name: density_<layer>
  std::string title;        // "Burglary: kernel density (incidents per km²)"
  std::string geotiff;      // the density GeoTIFF the table is copied from
  double peak_per_km2 = 0;  // for the colour ramp of its style
};

}  // namespace hotspot::gis
