// The fast kernel density equals the point-by-point sum, integrates to the number of points,
// and does not depend on the thread count.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <sstream>

#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/density/kde.hpp"
#include "tests/shared_data.hpp"

using namespace hotspot;
using namespace hotspot::density;

namespace {

double peak(const DensityGrid& grid) {
  double best = 0;
  for (double v : grid.density_per_km2) best = std::max(best, v);
  return best;
}

double max_difference(const DensityGrid& a, const DensityGrid& b) {
  double worst = 0;
  for (size_t i = 0; i < a.density_per_km2.size(); ++i)
    worst = std::max(worst, std::abs(a.density_per_km2[i] - b.density_per_km2[i]));
  return worst;
}

struct Points {
  std::vector<double> x, y;
};

// Uniform points plus a tight cluster, some of them beyond the grid's edges.
Points random_points(size_t n, uint32_t seed, const GridSpec& spec) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> ux(spec.xmin - 300, spec.xmax() + 300);
  std::uniform_real_distribution<double> uy(spec.ymin - 300, spec.ymax() + 300);
  std::normal_distribution<double> cluster(0, 40);
  Points points;
  for (size_t i = 0; i < n; ++i) {
    const bool clustered = i % 3 == 0;
    points.x.push_back(clustered ? spec.xmin + 1000 + cluster(random) : ux(random));
    points.y.push_back(clustered ? spec.ymin + 700 + cluster(random) : uy(random));
  }
  return points;
}

// The fast density against the point-by-point sum, for each kernel and bandwidth.
void check_fast_equals_brute_force(const Points& points, const GridSpec& spec,
                                   std::initializer_list<Kernel> kernels,
                                   std::initializer_list<double> bandwidths_m) {
  for (Kernel kernel : kernels) {
    for (double bandwidth_m : bandwidths_m) {
      KdeOptions options;
      options.kernel = kernel;
      options.bandwidth_m = bandwidth_m;
      CAPTURE(kernel_name(kernel), bandwidth_m);
      const DensityGrid fast = estimate_density(points.x, points.y, spec, options);
      const DensityGrid reference = estimate_density_brute_force(points.x, points.y, spec, options);
      REQUIRE(peak(reference) > 0);
      CHECK(max_difference(fast, reference) <= 1e-9 * peak(reference));
    }
  }
}

}  // namespace

TEST_CASE("every kernel's fast density equals the point-by-point sum on random points") {
  const GridSpec spec{530000.0, 180000.0, 25.0, 97, 61};
  const Points points = random_points(3000, 7, spec);
  check_fast_equals_brute_force(points, spec,
                                {Kernel::quartic, Kernel::epanechnikov, Kernel::triangular,
                                 Kernel::uniform, Kernel::gaussian},
                                {20.0, 60.0, 137.5, 400.0});
}

TEST_CASE(
    "the north-up floats are the density grid turned top row first, with the mask as nodata") {
  // What `hotspot kde` writes: checked cell by cell against the grid, so a flipped row or an
  // inverted mask cannot pass (the integral alone would not notice either).
  const GridSpec spec{530000.0, 180000.0, 25.0, 37, 23};
  const Points points = random_points(2000, 3, spec);
  KdeOptions options;
  options.bandwidth_m = 90.0;
  const DensityGrid grid = estimate_density(points.x, points.y, spec, options);
  std::vector<uint8_t> inside(spec.cell_count());
  for (size_t i = 0; i < inside.size(); ++i) inside[i] = (i * 7) % 5 != 0;
  constexpr float kNoData = -9999.0f;
  std::vector<float> north_up(spec.cell_count(), 12345.0f);
  estimate_density_north_up(points.x, points.y, spec, options, &inside, kNoData, north_up.data());
  size_t wrong = 0, masked = 0;
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < spec.columns; ++column) {
      const float written = north_up[spec.index(column, spec.rows - 1 - row)];
      const size_t cell = spec.index(column, row);
      const float expected =
          inside[cell] ? static_cast<float>(grid.density_per_km2[cell]) : kNoData;
      wrong += written != expected;
      masked += !inside[cell];
    }
  CHECK(wrong == 0);
  CHECK(masked > 100);
  std::vector<float> unmasked(spec.cell_count());
  estimate_density_north_up(points.x, points.y, spec, options, nullptr, kNoData, unmasked.data());
  CHECK(unmasked[spec.index(5, spec.rows - 1 - 7)] ==
        static_cast<float>(grid.density_per_km2[spec.index(5, 7)]));
  CHECK(std::count(unmasked.begin(), unmasked.end(), kNoData) == 0);
}

TEST_CASE("a bandwidth of over 127 cells, whose rows span three blocks of sums, is still exact") {
  // Blocks hold at most 256 columns; from 128 cells of bandwidth a point's row can span three,
  // which the row code handles with its general loop rather than its two-block path.
  const GridSpec spec{0.0, 0.0, 5.0, 700, 12};
  const Points points = random_points(400, 11, spec);
  check_fast_equals_brute_force(
      points, spec, {Kernel::quartic, Kernel::epanechnikov, Kernel::uniform}, {645.0, 1100.0});
}

TEST_CASE(
    "a bandwidth that is an exact multiple of the cell size covers the same cells as the brute "
    "force") {
  // Points on cell centres put cells exactly on the kernel's edge: the uniform kernel would
  // differ by a whole 1/(πh²) if the two methods disagreed on r = h.
  const GridSpec spec{0.0, 0.0, 10.0, 40, 40};
  std::vector<double> x, y;
  for (int i = 0; i < 40; i += 3)
    for (int j = 0; j < 40; j += 7) {
      x.push_back(spec.centre_x(i));
      y.push_back(spec.centre_y(j));
    }
  for (Kernel kernel : {Kernel::uniform, Kernel::quartic, Kernel::triangular}) {
    KdeOptions options;
    options.kernel = kernel;
    options.bandwidth_m = 50.0;
    const DensityGrid fast = estimate_density(x, y, spec, options);
    const DensityGrid reference = estimate_density_brute_force(x, y, spec, options);
    CHECK(max_difference(fast, reference) <= 1e-9 * peak(reference));
  }
}

TEST_CASE("a single point's quartic density matches the published formula at hand-picked cells") {
  const GridSpec spec{0.0, 0.0, 10.0, 21, 21};
  KdeOptions options;
  options.bandwidth_m = 50.0;
  const DensityGrid grid = estimate_density({105.0}, {105.0}, spec, options);
  const double h2 = 2500.0;
  // Centre cell (10, 10): r = 0 → 3/(π h²) per m².
  CHECK(grid.density_per_km2[spec.index(10, 10)] == Approx(3 / (std::numbers::pi * h2) * 1e6));
  // Cell (13, 10): r = 30 → 3/(π h²)(1 − 900/2500)².
  CHECK(grid.density_per_km2[spec.index(13, 10)] ==
        Approx(3 / (std::numbers::pi * h2) * 0.64 * 0.64 * 1e6));
  // Cell (15, 10): r = 50 = h → exactly zero.
  CHECK(grid.density_per_km2[spec.index(15, 10)] == 0.0);
}

TEST_CASE("density integrates to the number of points when the grid holds all kernel mass") {
  const GridSpec spec{0.0, 0.0, 5.0, 200, 160};
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> ux(200, 800), uy(200, 600);
  std::vector<double> x, y;
  for (int i = 0; i < 500; ++i) {
    x.push_back(ux(random));
    y.push_back(uy(random));
  }
  for (Kernel kernel :
       {Kernel::quartic, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform}) {
    KdeOptions options;
    options.kernel = kernel;
    options.bandwidth_m = 100.0;
    CAPTURE(kernel_name(kernel));
    // A 5 m grid under a 100 m kernel: the midpoint rule is accurate to well under 1%.
    CHECK(integrated_count(estimate_density(x, y, spec, options)) == Approx(500).epsilon(0.01));
  }
  KdeOptions gaussian;
  gaussian.kernel = Kernel::gaussian;
  gaussian.bandwidth_m = 40.0;
  const double expected = 500 * (1 - truncation_mass(Kernel::gaussian, 4.0));
  CHECK(integrated_count(estimate_density(x, y, spec, gaussian)) == Approx(expected).epsilon(0.01));
}

TEST_CASE("the density is the same bit for bit whatever the thread count") {
  // Enough points that binning them is split across threads too.
  const GridSpec spec{1000.0, 2000.0, 20.0, 80, 120};
  const Points points = random_points(200000, 3, spec);
  std::vector<double> weight(points.x.size());
  for (size_t i = 0; i < weight.size(); ++i) weight[i] = 0.5 + static_cast<double>(i % 7);
  KdeOptions one;
  one.bandwidth_m = 90.0;
  one.threads = 1;
  const DensityGrid a = estimate_density(points.x, points.y, spec, one);
  const DensityGrid a_weighted = estimate_weighted_density(points.x, points.y, weight, spec, one);
  for (int threads : {2, 3}) {
    KdeOptions many = one;
    many.threads = threads;
    CHECK(estimate_density(points.x, points.y, spec, many).density_per_km2 == a.density_per_km2);
    CHECK(estimate_weighted_density(points.x, points.y, weight, spec, many).density_per_km2 ==
          a_weighted.density_per_km2);
  }
}

TEST_CASE("expected counts per cell are the density times the cell area, every cell written") {
  const GridSpec spec{1000.0, 2000.0, 25.0, 70, 90};
  const Points points = random_points(3000, 11, spec);
  const double cell_km2 = spec.cell_size_m * spec.cell_size_m / 1e6;
  for (Kernel kernel : {Kernel::quartic, Kernel::epanechnikov, Kernel::uniform, Kernel::gaussian}) {
    CAPTURE(static_cast<int>(kernel));
    KdeOptions options;
    options.kernel = kernel;
    options.bandwidth_m = 120.0;
    // The independent reference: every point stamped onto every cell, then weighted by hand.
    const std::vector<double> weight(points.x.size(), 2.5);
    const DensityGrid brute = estimate_density_brute_force(points.x, points.y, spec, options);
    const DensityGrid weighted =
        estimate_weighted_density(points.x, points.y, weight, spec, options);
    for (int threads : {1, 2, 3}) {
      options.threads = threads;
      // A reused buffer holding stale values of another size: none may survive.
      std::vector<float> counts(17, std::numeric_limits<float>::quiet_NaN());
      counts.resize(spec.cell_count() + 5, std::numeric_limits<float>::quiet_NaN());
      counts.resize(3);
      estimate_weighted_counts(points.x, points.y, weight, spec, options, counts);
      REQUIRE(counts.size() == spec.cell_count());
      double worst = 0, top = 0;
      for (size_t i = 0; i < counts.size(); ++i) {
        REQUIRE(counts[i] == static_cast<float>(weighted.density_per_km2[i] * cell_km2));
        const double reference = 2.5 * brute.density_per_km2[i] * cell_km2;
        worst = std::max(worst, std::abs(double(counts[i]) - reference));
        top = std::max(top, reference);
      }
      CHECK(top > 0);
      CHECK(worst <= 1e-6 * top);
    }
  }
}

TEST_CASE("an unusable bandwidth or grid is refused with a ConfigError") {
  const GridSpec spec{0.0, 0.0, 10.0, 10, 10};
  KdeOptions options;
  options.bandwidth_m = 0;
  CHECK_THROWS_AS(estimate_density({1.0}, {1.0}, spec, options), hotspot::ConfigError);
  options.bandwidth_m = 10;
  CHECK_THROWS_AS(estimate_density({1.0}, {1.0}, GridSpec{0, 0, 10, 0, 10}, options),
                  hotspot::ConfigError);
}

TEST_CASE("the fast density equals the point-by-point sum on real police.uk points") {
  SHARED_DATA_OR_SKIP(folder, "essex/police-uk")
  // Longitude and latitude are columns 5 and 6 of police.uk street CSVs; rows without them skip.
  std::vector<double> x, y;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::ifstream in(entry.path());
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line) && x.size() < 40000) {
      std::stringstream fields(line);
      std::string field, lon, lat;
      for (int column = 1; std::getline(fields, field, ','); ++column) {
        if (column == 5) lon = field;
        if (column == 6) lat = field;
      }
      if (lon.empty() || lat.empty()) continue;
      x.push_back(std::stod(lon));
      y.push_back(std::stod(lat));
    }
  }
  REQUIRE(x.size() > 1000);
  hotspot::CoordinateTransform to_bng("EPSG:4326", "EPSG:27700");
  to_bng.transform(x.data(), y.data(), x.size());
  // Chelmsford's centre, 100 m cells: dense real clusters, many points on the same spot.
  const GridSpec spec{565000.0, 200000.0, 100.0, 120, 100};
  for (Kernel kernel :
       {Kernel::quartic, Kernel::epanechnikov, Kernel::uniform, Kernel::triangular}) {
    KdeOptions options;
    options.kernel = kernel;
    options.bandwidth_m = 450.0;
    CAPTURE(kernel_name(kernel));
    const DensityGrid fast = estimate_density(x, y, spec, options);
    const DensityGrid reference = estimate_density_brute_force(x, y, spec, options);
    REQUIRE(peak(reference) > 0);
    CHECK(max_difference(fast, reference) <= 1e-9 * peak(reference));
  }
}
