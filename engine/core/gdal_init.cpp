#include "engine/core/gdal_init.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_frmts.h>

#include <mutex>

namespace hotspot {

namespace {

// Errors reach the user as typed exceptions from our own checks, not as GDAL's stderr lines.
void quieten_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { CPLSetErrorHandler(CPLQuietErrorHandler); });
}

}  // namespace

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    quieten_gdal();
    GDALAllRegister();  // skips drivers already registered (the GeoTIFF driver, maybe)
  });
}

void ensure_geotiff_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    quieten_gdal();
    GDALRegister_GTiff();  // does nothing when GDALAllRegister has registered it
  });
}

std::string gdal_write_failure() {
  const std::string message = CPLGetLastErrorMsg();
  return (message.empty() ? std::string("GDAL could not write the file") : message) +
         ": the disk is full or the folder cannot be written; free some space or choose another "
         "--out folder";
}

}  // namespace hotspot
