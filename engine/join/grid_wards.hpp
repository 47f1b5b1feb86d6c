// The ward of every cell of a grid, looked up once per grid: the study-area mask of the density
// stage, the wards an area touches and ward-level scores all read this one index.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/join/ward_locator.hpp"

namespace hotspot::join {

// Per cell (spec.index order): the ward holding the cell's centre, or kOutside.
std::vector<int32_t> ward_of_cells(const GridSpec& spec, const WardLocator& locator,
                                   int threads = 2);

// 1 where the cell's centre is in a ward, 0 elsewhere.
std::vector<uint8_t> inside_mask(const std::vector<int32_t>& cell_wards);

}  // namespace hotspot::join
