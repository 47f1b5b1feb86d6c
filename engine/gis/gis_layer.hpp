// A vector layer for GIS outputs (hotspot.gpkg, a PostGIS schema): a table name, typed columns,
// a geometry kind and a function that fills feature i. The same GisLayer is written to any GDAL
// vector dataset, so the GeoPackage and the database always hold the same columns and rows.
// Geometries are in the analysis CRS (metres), like the density rasters.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
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

// Receives one row's values, one call per column in the order of GisLayer::fields.
class RowValues {
 public:
  virtual ~RowValues() = default;
  virtual void null() = 0;
  // `value` must stay valid until the writer is done with the layer (a view into the inputs,
  // which outlive it): the GeoPackage writer binds it without a copy.
  virtual void text(std::string_view value) = 0;
  virtual void real(double value) = 0;
  virtual void date(int year, int month, int day) = 0;
  // Local civil time, stored without a zone.
  virtual void datetime(int year, int month, int day, int hour, int minute) = 0;
};

// One row of a point layer given as plain values: its columns, through `values`.
using PointRowFill = std::function<void(size_t index, RowValues& values)>;
// Where a point layer's row lies (analysis CRS; x or y not finite for a row without a point).
// Apart from the columns, so that the spatial index reads the points again without the
// GeoPackage writer keeping a copy of every one.
using PointPosition = std::function<void(size_t index, double& x, double& y)>;

struct GisLayer {
  std::string name;   // table name: wards, hotspots, incidents, ...
  std::string title;  // what QGIS shows as the layer's description
  GeometryKind geometry = GeometryKind::multipolygon;
  std::vector<FieldSpec> fields;
  size_t feature_count = 0;
  // Sets feature `index`'s fields (by the names in `fields`) and its geometry (analysis CRS).
  std::function<void(size_t index, OGRFeature& feature)> fill;
  // A point layer of many rows (the incidents) also gives its rows as plain values: the
  // GeoPackage stores them without building a GDAL feature per row (see gpkg_rows.hpp).
  // `fill` is then made from it by fill_from_point_rows. Given with point_at, or not at all.
  PointRowFill point_row;
  PointPosition point_at;
  LayerStyle style;
};

// A density surface stored as a raster table (GeoPackage tiled gridded coverage, Float32).
struct GisRaster {
  std::string name;         // table name: density_<layer>
  std::string title;        // "Burglary: kernel density (incidents per km²)"
  std::string geotiff;      // the density GeoTIFF the table is copied from
  double peak_per_km2 = 0;  // for the colour ramp of its style
};

// `fill` for a layer that gives its rows as point_row and point_at: the same values set on a
// GDAL feature (value k to the column named fields[k]), and the point.
std::function<void(size_t index, OGRFeature& feature)> fill_from_point_rows(
    PointRowFill rows, PointPosition position, std::vector<FieldSpec> fields);

}  // namespace hotspot::gis
