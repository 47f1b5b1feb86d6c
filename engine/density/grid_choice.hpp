// The density grid and bandwidth for a study area, by stated rules that analysts can quote:
// cell size = the study area's shorter side / 150 (UK crime-mapping training; sfhotspot uses
// / 50), bandwidth = 5 cells. The grid always covers the study area's extent, never the points'.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.hpp"
#include "engine/core/grid.hpp"
#include "engine/density/kde.hpp"

namespace hotspot::density {

struct GridChoice {
  GridSpec spec;
  double bandwidth_m = 0;
  std::string cell_size_rule;  // how the cell size was chosen, for metadata and summary.json
  std::string bandwidth_rule;
  std::vector<std::string> notes;  // warnings for people: bandwidth under one cell, grid capped
};

constexpr double kCellsAcrossShorterSide = 150;
constexpr double kDefaultBandwidthCells = 5;
constexpr size_t kMaximumCells = 16'000'000;  // 4,000 × 4,000: ~64 MB of doubles per layer

// Uses the given cell size and bandwidth when set, the rules otherwise. A grid over
// kMaximumCells gets a coarser cell (with a note); so does a cell that is not positive.
// Throws ConfigError for an empty extent or a non-positive given value.
GridChoice choose_grid(const Box& study_extent, std::optional<double> cell_size_m,
                       std::optional<double> bandwidth_m, size_t maximum_cells = kMaximumCells);

// A grid of the given cell size whose cells cover `extent` (origin at the extent's corner).
GridSpec grid_covering(const Box& extent, double cell_size_m);

// Cells whose centre is outside the study area (inside[i] == 0) become nodata (NaN). With
// edge correction, each inside cell is divided by the share of its kernel's mass that falls
// on inside cells (floored at kMinimumEdgeMass so that slivers do not explode).
constexpr double kMinimumEdgeMass = 0.25;
void apply_study_area(DensityGrid& grid, const std::vector<uint8_t>& inside, bool edge_correction,
                      const KdeOptions& options);

}  // namespace hotspot::density
