// Patrol areas from a forecast: the cells with the highest expected incidents until the area
// budget is spent, grouped into places a patrol can cover. Cells a short walk apart (within
// link_distance_m) belong to one area; a hot region larger than max_area_km2 is split at its
// forecast's saddles (a priority-flood watershed: two peaks stay apart unless the dip between
// them is shallow) so that no area passes the maximum; an area smaller than min_cells is grown
// by its best neighbouring cells. Every cell belongs to at most one area, so every incident is
// counted once. Areas are ranked by expected incidents (peak, then position, on ties).
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::hotspots {

struct PatrolAreaOptions {
  double budget_share = 0.01;    // of the study area's cells
  double link_distance_m = 400;  // a five-minute walk: cells closer than this join one area
  double max_area_km2 = 0.25;    // a few streets: a larger hot region is split at its saddles
  int min_cells = 4;             // a smaller area is grown by its best neighbours
  double saddle_ratio =
      0.6;  // two peaks merge when the dip between them stays above this share of the lower peak
  int64_t minimum_incidents = 1;  // an area holding fewer observed incidents is not a hotspot
};

struct PatrolArea {
  std::vector<uint32_t> cells;  // ascending
  double expected = 0;          // Σ forecast over its cells (incidents or harm per month)
  uint32_t peak_cell = 0;       // the cell with the highest forecast
  float peak = 0;
};

// `expected`, `observed` (incidents seen in the fit period) and `inside` are per cell of `spec`;
// study_cells is the number of inside cells. Areas with fewer than minimum_incidents observed
// are dropped and their budget spent on the next cells, so the kept areas fill the budget.
std::vector<PatrolArea> build_patrol_areas(const GridSpec& spec, const std::vector<float>& expected,
                                           const std::vector<float>& observed,
                                           const std::vector<uint8_t>& inside, int64_t study_cells,
                                           const PatrolAreaOptions& options);

// A forecast value that about 1.5 × `wanted` in-area cells (`inside`, forecast above 0) reach,
// estimated from every 16th row (0 when the sample cannot tell). Ranking only the cells at or
// above it instead of every cell with a forecast (most of a national grid, for a kernel
// forecast) keeps the pairs ranked to a few times `wanted`. Any cell among the `wanted` hottest
// is at or above it whenever at least `wanted` cells are, which the caller checks (and ranks
// every cell otherwise), so the ranking is the same either way.
float ranking_floor(const GridSpec& spec, const std::vector<float>& expected,
                    const std::vector<uint8_t>& inside, size_t wanted);

// The cells within link distance of a cell, as (column, row) offsets (the cell itself excluded).
std::vector<std::pair<int32_t, int32_t>> link_offsets(double link_distance_m, double cell_size_m);

}  // namespace hotspot::hotspots
