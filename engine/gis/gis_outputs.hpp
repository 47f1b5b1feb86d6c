// The GIS outputs of `hotspot analyse`, from one set of layers: hotspot.gpkg, the --db schema
// and the data dictionary fields.csv (which lists the columns of every file the run wrote).
#pragma once
#include <functional>
#include <string>

#include "engine/core/stage_clock.hpp"
#include "engine/gis/analysis_layers.hpp"
#include "engine/gis/postgis.hpp"

namespace hotspot::gis {

struct GisOutputOptions {
  bool geopackage = true;    // --no-gpkg turns it off
  DatabaseOptions database;  // --db, --db-schema
  int threads = 1;  // above 1, the GeoPackage is written on a thread of its own (see below)
};

// Writes the database tables (stage "database"), out_dir/fields.csv and out_dir/hotspot.gpkg
// (stage "geopackage"), and runs `alongside` (later stages that need none of these files). Call
// after the CSV, GeoJSON and GeoTIFF writers: fields.csv reads their headers back and the
// GeoPackage copies the GeoTIFFs. With more than one thread the GeoPackage is written beside
// `alongside`: SQLite takes its rows one at a time on one core, and the stages alongside (the
// tiles, on every thread) use the rest. Returns when both are done; the first error is thrown
// once both have stopped (`alongside`'s if both fail).
void write_gis_outputs(const AnalysisLayerInputs& inputs, const std::string& out_dir,
                       const std::string& analysis_crs, const GisOutputOptions& options,
                       StageClock& clock, const std::function<void()>& alongside = {});

}  // namespace hotspot::gis
