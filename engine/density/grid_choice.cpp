#include "engine/density/grid_choice.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/errors.hpp"
#include "engine/density/kde.hpp"

namespace hotspot::density {

namespace {

std::string metres(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f m", value);
  return text;
}

}  // namespace

GridSpec grid_covering(const Box& extent, double cell_size_m) {
  const double width = extent.max_corner().x() - extent.min_corner().x();
  const double height = extent.max_corner().y() - extent.min_corner().y();
  GridSpec spec;
  spec.xmin = extent.min_corner().x();
  spec.ymin = extent.min_corner().y();
  spec.cell_size_m = cell_size_m;
  spec.columns = std::max<int32_t>(1, static_cast<int32_t>(std::ceil(width / cell_size_m)));
  spec.rows = std::max<int32_t>(1, static_cast<int32_t>(std::ceil(height / cell_size_m)));
  return spec;
}

GridChoice choose_grid(const Box& study_extent, std::optional<double> cell_size_m,
                       std::optional<double> bandwidth_m, size_t maximum_cells) {
  const double width = study_extent.max_corner().x() - study_extent.min_corner().x();
  const double height = study_extent.max_corner().y() - study_extent.min_corner().y();
  if (!(width > 0) || !(height > 0))
    throw ConfigError("the study area has an empty extent: check the ward boundaries");
  if (cell_size_m && !(*cell_size_m > 0)) throw ConfigError("density.cell_size_m must be positive");
  if (bandwidth_m && !(*bandwidth_m > 0)) throw ConfigError("density.bandwidth_m must be positive");
  GridChoice choice;
  double cell = 0;
  if (cell_size_m) {
    cell = *cell_size_m;
    choice.cell_size_rule = "given";
  } else {
    cell = std::min(width, height) / kCellsAcrossShorterSide;
    choice.cell_size_rule = "study area's shorter side / 150";
  }
  const double cells = std::ceil(width / cell) * std::ceil(height / cell);
  if (cells > static_cast<double>(maximum_cells)) {
    const double coarser = std::sqrt(width * height / static_cast<double>(maximum_cells)) * 1.001;
    choice.notes.push_back("a " + metres(cell) + " grid would have " +
                           std::to_string(static_cast<int64_t>(cells)) +
                           " cells; cell size raised to " + metres(coarser) + " to stay under " +
                           std::to_string(maximum_cells));
    cell = coarser;
  }
  choice.spec = grid_covering(study_extent, cell);
  if (bandwidth_m) {
    choice.bandwidth_m = *bandwidth_m;
    choice.bandwidth_rule = "given";
  } else {
    choice.bandwidth_m = kDefaultBandwidthCells * cell;
    choice.bandwidth_rule = "5 × cell size";
  }
  if (choice.bandwidth_m < cell)
    choice.notes.push_back("bandwidth " + metres(choice.bandwidth_m) + " is under one cell (" +
                           metres(cell) + "): the surface is spiky and depends on the grid");
  return choice;
}

void apply_study_area(DensityGrid& grid, const std::vector<uint8_t>& inside, bool edge_correction,
                      const KdeOptions& options) {
  const GridSpec& spec = grid.spec;
  if (inside.size() != spec.cell_count())
    throw ConfigError("study-area mask does not fit the grid");
  if (edge_correction) {
    // The kernel mass on inside cells, at every cell: a density of the inside cell centres
    // weighted by their area in km².
    std::vector<double> x, y, area_km2;
    const double cell_km2 = spec.cell_size_m * spec.cell_size_m / 1e6;
    for (int32_t row = 0; row < spec.rows; ++row)
      for (int32_t column = 0; column < spec.columns; ++column)
        if (inside[spec.index(column, row)]) {
          x.push_back(spec.centre_x(column));
          y.push_back(spec.centre_y(row));
          area_km2.push_back(cell_km2);
        }
    const DensityGrid mass = estimate_weighted_density(x, y, area_km2, spec, options);
    for (size_t i = 0; i < grid.density_per_km2.size(); ++i)
      if (inside[i]) grid.density_per_km2[i] /= std::max(kMinimumEdgeMass, mass.density_per_km2[i]);
  }
  for (size_t i = 0; i < grid.density_per_km2.size(); ++i)
    if (!inside[i]) grid.density_per_km2[i] = DensityGrid::kNoData;
}

}  // namespace hotspot::density
