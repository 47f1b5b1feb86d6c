#include "engine/core/gdal_crs.hpp"

#include <ogr_spatialref.h>

namespace hotspot {

std::string crs_name(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority && code) return std::string(authority) + ":" + code;
  OGRSpatialReference copy(srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE && copy.GetAuthorityCode(nullptr))
    return std::string("EPSG:") + copy.GetAuthorityCode(nullptr);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt, nullptr);
  std::string text = wkt ? wkt : "";
  CPLFree(wkt);
  return text;
}

}  // namespace hotspot
