// The CRS of a GDAL layer as text PROJ accepts: "EPSG:xxxx" when it has (or can be given) an
// authority code, else its WKT. For loaders that transform a layer into the analysis CRS.
#pragma once
#include <string>

class OGRSpatialReference;

namespace hotspot {

std::string crs_name(const OGRSpatialReference& srs);

}  // namespace hotspot
