// hotspot.gpkg: the analysis in one GeoPackage that QGIS and ArcGIS open styled. Vector tables
// (analysis_layers), each density surface as a Float32 tiled gridded-coverage raster (GDAL's
// GPKG raster driver, TIFF tiles), and QGIS's layer_styles table with every table's default
// style. Written atomically (a temporary name, then renamed) and read back before the rename;
// failures throw IoError. Byte-identical for the same inputs (fixed timestamps).
#pragma once
#include <string>
#include <vector>

#include "engine/gis/gis_layer.hpp"

namespace hotspot::gis {

// Writes `layers` and `rasters` (each copied from its GeoTIFF) to `path` in `analysis_crs`.
// Fills each raster's peak_per_km2 (for its colour ramp).
void write_geopackage(const std::vector<GisLayer>& layers, std::vector<GisRaster>& rasters,
                      const std::string& analysis_crs, const std::string& path);

// The highest value of a GeoTIFF's first band (0 when it has none), for the raster's style.
double raster_peak(const std::string& geotiff);

}  // namespace hotspot::gis
