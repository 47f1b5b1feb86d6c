// Grid cells → dissolved polygons: the union of the cells' squares, valid (OGC), holes kept,
// collinear vertices removed, outer rings counter-clockwise and holes clockwise (RFC 7946).
// GEOS's unary union does the dissolve; adjacent cells in a row are merged into one rectangle
// first, which cuts the union's input several-fold.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::hotspots {

using Ring2 = std::vector<std::array<double, 2>>;  // closed: first point repeated last
struct PolygonRings {
  std::vector<Ring2> rings;  // rings[0] outer, the rest holes
};
using AreaShape = std::vector<PolygonRings>;  // a multipolygon (one part for 4-connected cells)

// The dissolved outline of `cells` (indices into spec). Throws std::runtime_error if GEOS fails.
AreaShape cells_to_polygons(const GridSpec& spec, const std::vector<uint32_t>& cells);

// OGC validity by GEOS (for tests and self-checks).
bool is_valid_shape(const AreaShape& shape);

double shape_area_m2(const AreaShape& shape);  // outer minus holes

}  // namespace hotspot::hotspots
