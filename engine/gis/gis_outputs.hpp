// The GIS outputs of `hotspot analyse`, from one set of layers: hotspot.gpkg, the --db schema
// and the data dictionary fields.csv (which lists the columns of every file the run wrote).
#pragma once
#include <string>

#include "engine/core/stage_clock.hpp"
#include "engine/gis/analysis_layers.hpp"
#include "engine/gis/postgis.hpp"

namespace hotspot::gis {

struct GisOutputOptions {
  bool geopackage = true;    // --no-gpkg turns it off
  DatabaseOptions database;  // --db, --db-schema
};

// Writes out_dir/hotspot.gpkg (stage "geopackage"), the database tables (stage "database") and
// out_dir/fields.csv. Call after the CSV, GeoJSON and GeoTIFF writers: fields.csv reads their
// headers back and the GeoPackage copies the GeoTIFFs.
void write_gis_outputs(const AnalysisLayerInputs& inputs, const std::string& out_dir,
                       const std::string& analysis_crs, const GisOutputOptions& options,
                       StageClock& clock);

}  // namespace hotspot::gis
