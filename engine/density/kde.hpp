// Kernel density estimation on a regular grid, in incidents per km² at each cell centre.
// Exact: the fast method equals the point-by-point sum (estimate_density_brute_force) to
// within rounding (tested: 1e-9 of the peak), and the result does not depend on the thread count.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/density/kernel.hpp"

namespace hotspot::density {

struct KdeOptions {
  Kernel kernel = Kernel::quartic;
  double bandwidth_m = 0;               // required, > 0 (for the Gaussian: its standard deviation)
  double gaussian_cutoff_sigmas = 4.0;  // truncation radius of the Gaussian, in σ
  int threads = 2;                      // rows are split between threads; results are identical
};

// Density of the points (x, y) (analysis CRS metres) at every cell centre of `spec`.
// Points outside the grid still contribute to the cells within their kernel's reach; NaN
// coordinates are skipped. Quartic, Epanechnikov and uniform kernels are accumulated row by
// row with running sums of polynomial coefficients (a point costs the rows it covers, not the
// cells); triangular and Gaussian kernels are stamped cell by cell along each row.
// Throws ConfigError when the bandwidth or grid is not usable.
DensityGrid estimate_density(const std::vector<double>& x, const std::vector<double>& y,
                             const GridSpec& spec, const KdeOptions& options);

// The same with a weight per point (e.g. cell areas, for edge-correction masses).
DensityGrid estimate_weighted_density(const std::vector<double>& x, const std::vector<double>& y,
                                      const std::vector<double>& weight, const GridSpec& spec,
                                      const KdeOptions& options);

// The same as expected counts per cell (density × cell area in km²), as floats, written into
// `counts` (resized to the grid; every cell is written). The same values as converting
// estimate_weighted_density's grid cell by cell, without a grid of doubles the size of the
// area: on a national grid that was hundreds of megabytes per surface, made and zeroed each time.
void estimate_weighted_counts(const std::vector<double>& x, const std::vector<double>& y,
                              const std::vector<double>& weight, const GridSpec& spec,
                              const KdeOptions& options, std::vector<float>& counts);

// The same values as estimate_density's grid, as floats in north-up row order (the grid's top
// row first, as a GeoTIFF holds them), written straight into `north_up` (spec.cell_count()
// floats; every one is written): cells that `inside` (when given, one per cell in the grid's
// order) marks 0 get `nodata`. For `hotspot kde`, which only writes the surface: no grid of
// doubles twice the GeoTIFF's size is made, zeroed and converted.
void estimate_density_north_up(const std::vector<double>& x, const std::vector<double>& y,
                               const GridSpec& spec, const KdeOptions& options,
                               const std::vector<uint8_t>* inside, float nodata, float* north_up);

// Reference: stamps every point onto every cell centre in its kernel's reach, one by one.
// The independent check for the fast method, and the baseline in bench/density_bench.cpp.
DensityGrid estimate_density_brute_force(const std::vector<double>& x, const std::vector<double>& y,
                                         const GridSpec& spec, const KdeOptions& options);

// Sum of density × cell area (km²) over cells that are not nodata: ≈ the number of points
// when the grid holds all of their kernel mass.
double integrated_count(const DensityGrid& grid);

}  // namespace hotspot::density
