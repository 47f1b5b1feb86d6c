// GDAL for the engine: drivers registered once per process (every module that opens files
// calls ensure_gdal_registered), and GDAL's last error put in words for a failed write.
#pragma once
#include <string>

namespace hotspot {

// The `hotspot` program is linked to GDAL as usual, and then the build removes GDAL from the
// libraries the loader maps at start-up (patchelf; see CMakeLists.txt). Loading GDAL and its
// ~100 libraries took ~50 ms of `hotspot kde`'s ~0.45 s on a CSV, which never calls GDAL.
// So the CLI calls load_gdal() before any command that may use GDAL, and the functions below
// call it too. Does nothing where GDAL is linked normally (the tests) or already loaded.
// Throws std::runtime_error when GDAL cannot be loaded.
void load_gdal();

void ensure_gdal_registered();

// GDAL's last error message with the likely fix, for an IoError: GDAL 3.6 reports a full disk
// in driver-specific words ("TIFFAppendToStrip: Write error").
std::string gdal_write_failure();

}  // namespace hotspot
