// GDAL for the engine: drivers registered once per process (every module that opens files
// calls ensure_gdal_registered), and GDAL's last error put in words for a failed write.
#pragma once
#include <string>

namespace hotspot {

void ensure_gdal_registered();

// Only the GeoTIFF driver, for a program that writes a GeoTIFF and opens nothing else with GDAL
// (`hotspot kde` on a CSV): registering all ~200 drivers took 6 ms of its 0.5 s. A later
// ensure_gdal_registered() registers the rest as usual.
void ensure_geotiff_registered();

// GDAL's last error message with the likely fix, for an IoError: GDAL 3.6 reports a full disk
// in driver-specific words ("TIFFAppendToStrip: Write error").
std::string gdal_write_failure();

}  // namespace hotspot
