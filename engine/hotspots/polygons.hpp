// Grid cells → dissolved polygons: the union of the cells' squares, valid (OGC), holes kept,
// collinear vertices removed, outer rings counter-clockwise and holes clockwise (RFC 7946).
// Outlines are traced on the grid (linear time); GEOS gives the reference and the validity check.
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

// The dissolved outline of `cells` (indices into spec), traced on the grid: one part per
// 4-connected group of cells, in the order of their lowest cell index.
AreaShape trace_cell_outlines(const GridSpec& spec, const std::vector<uint32_t>& cells);

// The same outline by GEOS (coverage union of the cells, else overlay union of row runs): the
// independent reference for the tracer in tests and the benchmark. Throws std::runtime_error
// if GEOS fails.
AreaShape cells_to_polygons_geos(const GridSpec& spec, const std::vector<uint32_t>& cells);

// What the pipeline uses: the tracer.
inline AreaShape cells_to_polygons(const GridSpec& spec, const std::vector<uint32_t>& cells) {
  return trace_cell_outlines(spec, cells);
}

// OGC validity by GEOS (for tests and self-checks).
bool is_valid_shape(const AreaShape& shape);

double shape_area_m2(const AreaShape& shape);

// True when both shapes cover the same region (GEOS topological equality).
bool same_region(const AreaShape& a, const AreaShape& b);  // outer minus holes

}  // namespace hotspot::hotspots
