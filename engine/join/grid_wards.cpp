#include "engine/join/grid_wards.hpp"

#include "engine/core/parallel.hpp"

namespace hotspot::join {

std::vector<int32_t> ward_of_cells(const GridSpec& spec, const WardLocator& locator, int threads) {
  std::vector<int32_t> wards(spec.cell_count(), kOutside);
  parallel_for(static_cast<size_t>(spec.rows), threads, [&](size_t begin, size_t end, int) {
    for (auto row = static_cast<int32_t>(begin); row < static_cast<int32_t>(end); ++row)
      for (int32_t column = 0; column < spec.columns; ++column)
        wards[spec.index(column, row)] = locator.locate(spec.centre_x(column), spec.centre_y(row));
  });
  return wards;
}

std::vector<uint8_t> inside_mask(const std::vector<int32_t>& cell_wards) {
  std::vector<uint8_t> inside(cell_wards.size());
  for (size_t i = 0; i < cell_wards.size(); ++i) inside[i] = cell_wards[i] != kOutside;
  return inside;
}

}  // namespace hotspot::join
