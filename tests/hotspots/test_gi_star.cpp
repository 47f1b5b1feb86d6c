// Gi* against the published formula computed by brute force, and Benjamini–Hochberg by hand.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "engine/hotspots/gi_star.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;

namespace {

// Ord & Getis (1995) Gi* with binary weights, every pair of in-area cells compared by distance.
double brute_force_gi(const GridSpec& spec, const std::vector<double>& x,
                      const std::vector<uint8_t>& inside, double distance_cells, int32_t column,
                      int32_t row) {
  std::vector<size_t> cells;
  for (size_t i = 0; i < x.size(); ++i)
    if (inside[i]) cells.push_back(i);
  const double n = double(cells.size());
  double mean = 0;
  for (size_t i : cells) mean += x[i] / n;
  double variance = 0;
  for (size_t i : cells) variance += x[i] * x[i] / n;
  const double s = std::sqrt(variance - mean * mean);
  double weighted = 0, weights = 0, weights_squared = 0;
  for (size_t j : cells) {
    const double dx = spec.centre_x(static_cast<int32_t>(j % spec.columns)) - spec.centre_x(column);
    const double dy = spec.centre_y(static_cast<int32_t>(j / spec.columns)) - spec.centre_y(row);
    const double w = std::hypot(dx, dy) <= distance_cells * spec.cell_size_m + 1e-9 ? 1.0 : 0.0;
    weighted += w * x[j];
    weights += w;
    weights_squared += w * w;
  }
  return (weighted - mean * weights) /
         (s * std::sqrt((n * weights_squared - weights * weights) / (n - 1)));
}

}  // namespace

TEST_CASE("Gi* z-scores equal the formula computed by brute force on small grids") {
  const GridSpec spec{0, 0, 100, 9, 7};
  std::mt19937 random(3);
  std::poisson_distribution<int> poisson(2.0);
  std::vector<double> counts(spec.cell_count());
  for (double& c : counts) c = poisson(random);
  for (int32_t c : {3, 4})
    counts[spec.index(c, 3)] = counts[spec.index(c, 4)] = 12;  // a clear hot cluster
  std::vector<uint8_t> inside(spec.cell_count(), 1);
  inside[spec.index(0, 0)] = inside[spec.index(8, 6)] = inside[spec.index(5, 3)] = 0;
  for (double distance : {1.0, 1.5, 2.5}) {
    const GiStarResult result = gi_star(spec, counts, inside, distance);
    CHECK(result.cells_tested == int64_t(spec.cell_count()) - 3);
    for (int32_t row = 0; row < spec.rows; ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const size_t i = spec.index(column, row);
        CAPTURE(distance, column, row);
        if (!inside[i]) {
          CHECK(std::isnan(result.z[i]));
          continue;
        }
        CHECK(result.z[i] ==
              Approx(brute_force_gi(spec, counts, inside, distance, column, row)).margin(1e-12));
      }
    // q: Benjamini–Hochberg over the in-area cells' two-sided p-values of those z-scores.
    std::vector<double> p_values;
    for (size_t i = 0; i < counts.size(); ++i)
      if (inside[i]) p_values.push_back(std::erfc(std::abs(result.z[i]) / std::sqrt(2.0)));
    const std::vector<double> q = benjamini_hochberg(p_values);
    for (size_t i = 0, k = 0; i < counts.size(); ++i) {
      CAPTURE(distance, i);
      if (!inside[i]) {
        CHECK(std::isnan(result.q[i]));
        continue;
      }
      CHECK(result.q[i] == Approx(q[k++]).margin(1e-15));
      const int level = result.q[i] <= 0.01   ? 99
                        : result.q[i] <= 0.05 ? 95
                        : result.q[i] <= 0.10 ? 90
                                              : 0;
      CHECK(result.confidence[i] == (result.z[i] > 0 ? level : -level));
    }
  }
  const GiStarResult result = gi_star(spec, counts, inside, 1.5);
  CHECK(result.z[spec.index(4, 3)] > 2.58);
  CHECK(result.confidence[spec.index(4, 3)] > 0);
}

TEST_CASE("Benjamini-Hochberg adjusts p-values as computed by hand") {
  // Sorted p: 0.01, 0.02, 0.03, 0.04, 0.20 with n = 5: p·n/rank = 0.05, 0.05, 0.05, 0.05, 0.20;
  // the running minimum from the top keeps them.
  const std::vector<double> p = {0.04, 0.01, 0.20, 0.03, 0.02};
  const std::vector<double> q = benjamini_hochberg(p);
  CHECK(q[0] == Approx(0.05));
  CHECK(q[1] == Approx(0.05));
  CHECK(q[2] == Approx(0.20));
  CHECK(q[3] == Approx(0.05));
  CHECK(q[4] == Approx(0.05));
  // A larger p at a lower rank can be pulled down: 0.001, 0.04, 0.041 (n = 3) → 0.003, 0.0615,
  // 0.041.
  const std::vector<double> q2 = benjamini_hochberg({0.041, 0.001, 0.04});
  CHECK(q2[1] == Approx(0.003));
  CHECK(q2[2] == Approx(0.041));
  CHECK(q2[0] == Approx(0.041));
}

TEST_CASE("Benjamini-Hochberg with many ties matches the definition, on any thread count") {
  // 200,000 p-values, most of them tied (as a grid's empty cells are): every q against the
  // definition, min over ranks j >= rank(i) of p_(j)·n/j, computed from a plain sort of the
  // values (ties take the highest rank of their value, which the definition gives them).
  std::mt19937 random(9);
  std::vector<double> p(200000);
  for (double& value : p)
    value = random() % 10 < 6 ? 0.7363 : random() % 2 ? 0.05 : double(random() % 100000) / 1e5;
  std::vector<double> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  const double n = double(p.size());
  std::vector<double> best_from(sorted.size() + 1, 1.0);  // min of p_(j)·n/j over j > k
  for (size_t k = sorted.size(); k-- > 0;)
    best_from[k] = std::min(best_from[k + 1], sorted[k] * n / double(k + 1));
  for (int threads : {1, 2, 3}) {
    const std::vector<double> q = benjamini_hochberg(p, threads);
    size_t wrong = 0;
    for (size_t i = 0; i < p.size(); ++i) {
      const auto last = std::upper_bound(sorted.begin(), sorted.end(), p[i]) - sorted.begin();
      wrong += q[i] != best_from[static_cast<size_t>(last) - 1];
    }
    CAPTURE(threads);
    CHECK(wrong == 0);
  }
}

TEST_CASE("Gi* gives the same bytes on one thread and on two") {
  const GridSpec spec{0, 0, 100, 301, 203};
  std::mt19937 random(4);
  std::poisson_distribution<int> poisson(0.3);
  std::vector<double> counts(spec.cell_count());
  std::vector<uint8_t> inside(spec.cell_count());
  for (size_t i = 0; i < counts.size(); ++i) {
    counts[i] = poisson(random);
    inside[i] = random() % 5 != 0;
  }
  const GiStarResult one = gi_star(spec, counts, inside, 2.5, 1);
  const GiStarResult two = gi_star(spec, counts, inside, 2.5, 2);
  CHECK(std::memcmp(one.z.data(), two.z.data(), one.z.size() * sizeof(double)) == 0);
  CHECK(std::memcmp(one.q.data(), two.q.data(), one.q.size() * sizeof(double)) == 0);
  CHECK(one.confidence == two.confidence);
}

TEST_CASE("counts with no variation give zero z-scores and no significant cells") {
  const GridSpec spec{0, 0, 1, 4, 4};
  const GiStarResult result =
      gi_star(spec, std::vector<double>(16, 3.0), std::vector<uint8_t>(16, 1), 1.5);
  for (size_t i = 0; i < 16; ++i) {
    CHECK(result.z[i] == 0);
    CHECK(result.confidence[i] == 0);
  }
}

TEST_CASE("points are counted in the cell that contains them") {
  const GridSpec spec{0, 0, 10, 3, 2};
  const std::vector<double> counts = cell_counts(spec, {5, 15, 15, 29.9, 100}, {5, 5, 15, 19.9, 5});
  CHECK(counts == std::vector<double>{1, 1, 0, 0, 1, 1});
}
