#include "engine/core/gdal_init.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <dlfcn.h>
#include <gdal.h>

#include <mutex>
#include <stdexcept>

namespace hotspot {

namespace {

// Errors reach the user as typed exceptions from our own checks, not as GDAL's stderr lines.
// Our own handler, not CPLQuietErrorHandler: taking the address of a GDAL function would make
// the loader resolve it at start-up, before GDAL is loaded on demand (see load_gdal).
void ignore_gdal_error(CPLErr, CPLErrorNum, const char*) {}

void quieten_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { CPLSetErrorHandler(ignore_gdal_error); });
}

}  // namespace

void load_gdal() {
#ifdef HOTSPOT_GDAL_SONAME
  static std::once_flag once;
  std::call_once(once, [] {
    // RTLD_GLOBAL: the program's calls into GDAL are bound on first call (lazy binding), and
    // the loader looks for them among the libraries loaded globally.
    if (!dlopen(HOTSPOT_GDAL_SONAME, RTLD_NOW | RTLD_GLOBAL))
      throw std::runtime_error(std::string("cannot load GDAL: ") + dlerror());
  });
#endif
}

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    load_gdal();
    quieten_gdal();
    GDALAllRegister();
  });
}

std::string gdal_write_failure() {
  const std::string message = CPLGetLastErrorMsg();
  return (message.empty() ? std::string("GDAL could not write the file") : message) +
         ": the disk is full or the folder cannot be written; free some space or choose another "
         "--out folder";
}

}  // namespace hotspot
