// --db PG:...: the GeoPackage's vector tables (and their QGIS styles) written into a PostgreSQL/
// PostGIS schema, replacing the tables of an earlier run, all in one transaction: a failure
// (no connection, no permission, a full disk) rolls back and leaves the schema as it was.
// Density rasters stay in hotspot.gpkg and the GeoTIFFs (PostGIS rasters need postgis_raster
// and GDAL cannot create them).
#pragma once
#include <string>
#include <vector>

#include "engine/gis/gis_layer.hpp"

namespace hotspot::gis {

struct DatabaseOptions {
  std::string connection;          // "PG:dbname=... host=... user=..." (empty: no database output)
  std::string schema = "hotspot";  // --db-schema

  bool enabled() const { return !connection.empty(); }
  // Throws UsageError for a connection that is not a PG: string or a schema name that is not a
  // plain identifier (letters, digits, '_', not starting with a digit).
  void validate() const;
};

// The tables every run may leave in the schema (so that a public run removes an earlier
// run's incidents table too).
const std::vector<std::string>& database_tables();

// Writes `layers` into options.schema. Throws IoError naming the connection (password removed)
// with PostgreSQL's reason; nothing is changed then.
void write_database(const std::vector<GisLayer>& layers, const std::string& analysis_crs,
                    const DatabaseOptions& options);

}  // namespace hotspot::gis
