// Density classes 1..3 by a documented rule, and the contiguous hot cells that become
// hotspot areas. Connectivity is by shared edges (4-neighbours), so every area is one polygon.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/hotspots/options.hpp"

namespace hotspot::hotspots {

struct Thresholds {
  std::array<double, 3> density_per_km2{};  // class c starts at density_per_km2[c − 1]
  double mean_nonzero = 0;                  // of the non-zero in-area cells
  double sd_nonzero = 0;
  int64_t nonzero_cells = 0;
  std::string description;  // "mean + k·SD of non-zero cells, k = 1, 2, 3"
};

// Cells that are nodata (NaN) are outside the study area and never counted. Thresholds are
// at least the smallest positive density, so a zero cell is never hot.
Thresholds class_thresholds(const DensityGrid& grid, ThresholdRule rule,
                            const std::array<double, 3>& levels);

// 0 (not hot) .. 3 per cell.
std::vector<uint8_t> classify(const DensityGrid& grid, const Thresholds& thresholds);

// Components of cells with class ≥ 1, joined through shared edges. Returns each component's
// cell indices, ordered by their lowest cell index (deterministic).
std::vector<std::vector<uint32_t>> hot_components(const GridSpec& spec,
                                                  const std::vector<uint8_t>& classes);

}  // namespace hotspot::hotspots
