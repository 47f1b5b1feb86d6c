// The operation's area (or a comparison area) from any GDAL polygon layer, in the analysis CRS:
// every polygon feature unioned, or only those whose `id_field` equals `id` (a hotspot area
// "burglary-2" from an analyse output folder's hotspots.geojson). Invalid polygons are repaired
// with GEOS (MakeValid).
#pragma once
#include <string>

#include "engine/core/geometry.hpp"

namespace hotspot::impact {

// Throws InputError naming the file for an unreadable file, no polygon, no CRS, or no feature
// with the id (listing a few that exist).
MultiPolygon load_area(const std::string& path, const std::string& id_field, const std::string& id,
                       const std::string& analysis_crs);

}  // namespace hotspot::impact
