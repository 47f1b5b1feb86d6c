// Hotspot's geometries (Boost.Geometry multipolygons, traced hotspot outlines) as OGR geometries
// for the GDAL writers. Coordinates are copied as they are (analysis CRS); rings are closed.
#pragma once
#include <memory>

#include "engine/core/geometry.hpp"
#include "engine/hotspots/polygons.hpp"

class OGRMultiPolygon;

namespace hotspot::gis {

std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& shape);
std::unique_ptr<OGRMultiPolygon> to_ogr(const hotspots::AreaShape& shape);

}  // namespace hotspot::gis
