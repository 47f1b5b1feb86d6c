#include "engine/core/gdal_init.hpp"

#include <cpl_conv.h>
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

}  // namespace hotspot
