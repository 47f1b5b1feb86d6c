// Space-time Gi* against a brute force that walks every pair of bins, on random cubes with an
// irregular study area; and the false discovery rate against a brute-force Benjamini–Hochberg.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "engine/emerging/space_time_gi.hpp"

using namespace hotspot;
using namespace hotspot::emerging;

namespace {

SpaceTimeCube random_cube(uint32_t seed, int columns, int rows, int steps) {
  std::mt19937 random(seed);
  SpaceTimeCube cube;
  cube.spec = GridSpec{0, 0, 100, columns, rows};
  cube.steps = steps;
  cube.inside.resize(cube.spec.cell_count());
  for (auto& inside : cube.inside) inside = random() % 5 != 0;  // holes in the study area
  cube.inside[7] = 1;
  std::poisson_distribution<int> counts(0.8);
  cube.counts.resize(cube.spec.cell_count() * static_cast<size_t>(steps));
  for (int t = 0; t < steps; ++t)
    for (size_t i = 0; i < cube.spec.cell_count(); ++i)
      cube.counts[cube.bin(t, i)] =
          static_cast<float>(counts(random) + (i == 7 && t > steps / 2 ? 12 : 0));
  return cube;
}

// z of bin (t, column, row), straight from the formula: every bin j of the cube is a neighbour
// when in the area, within `distance` cells and in steps t − window .. t.
double brute_force_z(const SpaceTimeCube& cube, int t, int column, int row, double distance,
                     int window) {
  double n = 0, sum = 0, squares = 0, local = 0, weight = 0;
  for (int s = 0; s < cube.steps; ++s)
    for (int r = 0; r < cube.spec.rows; ++r)
      for (int c = 0; c < cube.spec.columns; ++c) {
        const size_t j = cube.spec.index(c, r);
        if (!cube.inside[j]) continue;
        const double x = cube.at(s, j);
        n += 1;
        sum += x;
        squares += x * x;
        const double d2 = double(c - column) * (c - column) + double(r - row) * (r - row);
        if (d2 <= distance * distance && s <= t && s >= t - window) {
          local += x;
          weight += 1;
        }
      }
  const double mean = sum / n, sd = std::sqrt(squares / n - mean * mean);
  return (local - mean * weight) / (sd * std::sqrt((n * weight - weight * weight) / (n - 1)));
}

// Σ of the neighbourhood's counts, straight from the definition.
double brute_force_local_sum(const SpaceTimeCube& cube, int t, int column, int row, double distance,
                             int window) {
  double local = 0;
  for (int s = std::max(0, t - window); s <= t; ++s)
    for (int r = 0; r < cube.spec.rows; ++r)
      for (int c = 0; c < cube.spec.columns; ++c) {
        const double d2 = double(c - column) * (c - column) + double(r - row) * (r - row);
        if (d2 <= distance * distance && cube.inside[cube.spec.index(c, r)])
          local += cube.at(s, cube.spec.index(c, r));
      }
  return local;
}

}  // namespace

TEST_CASE("space-time Gi* equals the formula computed bin by bin") {
  for (const auto& [seed, distance, window] :
       {std::tuple{1u, 1.5, 1}, std::tuple{2u, 1.0, 0}, std::tuple{3u, 2.3, 2}}) {
    const SpaceTimeCube cube = random_cube(seed, 7, 5, 6);
    const SpaceTimeGiStar gi(cube, distance, window, 0.05);
    CAPTURE(seed, distance, window);
    std::vector<GiBin> series;
    for (int row = 0; row < cube.spec.rows; ++row)
      for (int column = 0; column < cube.spec.columns; ++column) {
        const size_t cell = cube.spec.index(column, row);
        gi.cell_series(column, row, series);
        REQUIRE(series.size() == size_t(cube.steps));
        for (int t = 0; t < cube.steps; ++t) {
          const GiBin& bin = series[size_t(t)];
          if (!cube.inside[cell]) {
            CHECK(std::isnan(bin.z));
            CHECK(bin.significance == 0);
            continue;
          }
          CHECK(bin.z == Approx(brute_force_z(cube, t, column, row, distance, window))
                             .epsilon(1e-9)
                             .margin(1e-12));
          CHECK(bin.local_sum == brute_force_local_sum(cube, t, column, row, distance, window));
        }
      }
  }
}

TEST_CASE("a bin is significant when its Benjamini-Hochberg q-value is at most the rate") {
  for (const auto& [seed, threads, rate] : {std::tuple{9u, 1, 0.05}, std::tuple{9u, 3, 0.05},
                                            std::tuple{4u, 2, 0.2}, std::tuple{5u, 1, 0.01}}) {
    CAPTURE(seed, threads, rate);
    const SpaceTimeCube cube = random_cube(seed, 8, 6, 8);
    const SpaceTimeGiStar gi(cube, 1.5, 1, rate, threads);
    // Every bin's z from the formula, and brute-force BH over them:
    // q_i = min over k >= rank_i of p_(k) · m / k.
    struct Test {
      double p, z;
      int significance;
    };
    std::vector<Test> tests;
    std::vector<GiBin> series;
    for (int row = 0; row < cube.spec.rows; ++row)
      for (int column = 0; column < cube.spec.columns; ++column) {
        gi.cell_series(column, row, series);
        for (int t = 0; t < cube.steps; ++t) {
          if (!cube.inside[cube.spec.index(column, row)]) continue;
          const double z = brute_force_z(cube, t, column, row, 1.5, 1);
          tests.push_back(
              {std::erfc(std::fabs(z) / std::sqrt(2.0)), z, series[size_t(t)].significance});
        }
      }
    REQUIRE(gi.tests() == int64_t(tests.size()));
    std::sort(tests.begin(), tests.end(), [](const Test& a, const Test& b) { return a.p < b.p; });
    const double m = double(tests.size());
    int significant = 0;
    for (size_t rank = 0; rank < tests.size(); ++rank) {
      double q = 1;
      for (size_t k = rank; k < tests.size(); ++k) q = std::min(q, tests[k].p * m / double(k + 1));
      // Away from the rate itself, where the last bits of z decide.
      if (std::fabs(q - rate) < 1e-9) continue;
      const int expected = q <= rate ? (tests[rank].z > 0 ? 1 : -1) : 0;
      CHECK(tests[rank].significance == expected);
      significant += expected != 0;
    }
    CHECK(significant > 0);  // cell 7's late surge: the test is not empty
  }
}
