#include "engine/core/gdal_init.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

namespace hotspot {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Errors reach the user as typed exceptions from our own checks, not as GDAL's stderr lines.
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

std::string gdal_write_failure() {
  const std::string message = CPLGetLastErrorMsg();
  return (message.empty() ? std::string("GDAL could not write the file") : message) +
         ": the disk is full or the folder cannot be written; free some space or choose another "
         "--out folder";
}

}  // namespace hotspot
