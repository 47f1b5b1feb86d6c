// Mann–Kendall S, its variance with ties, Z and p: a hand-computed series, and the variance of
// S over every ordering of series with ties (its exact null distribution), which the formula
// must equal.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/emerging/mann_kendall.hpp"

using namespace hotspot::emerging;

namespace {

// S by its definition, written out independently.
double s_of(const std::vector<double>& x) {
  double s = 0;
  for (size_t j = 1; j < x.size(); ++j)
    for (size_t i = 0; i < j; ++i) s += x[j] > x[i] ? 1 : x[j] < x[i] ? -1 : 0;
  return s;
}

// The mean and variance of S over all orderings of x (every permutation, equally likely).
std::pair<double, double> permutation_moments(std::vector<double> x) {
  std::vector<size_t> order(x.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  double count = 0, sum = 0, sum_squares = 0;
  do {
    std::vector<double> permuted;
    for (size_t i : order) permuted.push_back(x[i]);
    const double s = s_of(permuted);
    count += 1;
    sum += s;
    sum_squares += s * s;
  } while (std::next_permutation(order.begin(), order.end()));
  const double mean = sum / count;
  return {mean, sum_squares / count - mean * mean};
}

}  // namespace

TEST_CASE("Mann-Kendall on a short series with a tie matches the hand computation") {
  // 3, 1, 4, 1, 5: S = 0 + 2 + 0 + 1 = 3; one pair of tied 1s: Var = (5·4·15 − 2·1·9)/18 =
  // 282/18; Z = (3 − 1)/√(282/18) = 0.505291; p = 0.613354.
  const MannKendall test = mann_kendall({3, 1, 4, 1, 5});
  CHECK(test.s == 3);
  CHECK(test.variance == Approx(282.0 / 18));
  CHECK(test.z == Approx(0.505291).epsilon(1e-5));
  CHECK(test.p == Approx(0.613354).epsilon(1e-5));
  CHECK(test.tau == Approx(0.3));
  CHECK(test.direction() == 0);
}

TEST_CASE("the variance of S with ties equals its exact permutation variance") {
  for (const std::vector<double>& series :
       {std::vector<double>{1, 2, 3, 4, 5, 6}, std::vector<double>{1, 1, 2, 3, 3, 3, 4},
        std::vector<double>{0, 0, 0, 0, 1, 1, 2, 2}, std::vector<double>{5, 5, 5, 5, 5},
        std::vector<double>{-1.5, 2, 2, 0.25, -1.5, 7}}) {
    const auto [mean, variance] = permutation_moments(series);
    CAPTURE(series);
    CHECK(mean == Approx(0).margin(1e-9));
    CHECK(mann_kendall(series).variance == Approx(variance).epsilon(1e-12));
  }
}

TEST_CASE("a steadily rising series is a significant upward trend, a constant one none") {
  std::vector<double> rising;
  for (int i = 0; i < 12; ++i) rising.push_back(0.3 * i + (i % 3 == 0 ? 0.1 : 0));
  const MannKendall up = mann_kendall(rising);
  CHECK(up.s == 66);  // every one of the 12·11/2 pairs rises
  CHECK(up.z == Approx(65 / std::sqrt(12 * 11 * 29 / 18.0)));
  CHECK(up.direction() == 1);
  std::vector<double> falling(rising.rbegin(), rising.rend());
  CHECK(mann_kendall(falling).direction() == -1);
  const MannKendall flat = mann_kendall(std::vector<double>(12, 2.5));
  CHECK(flat.s == 0);
  CHECK(flat.variance == 0);
  CHECK(flat.p == 1);
  CHECK(flat.direction() == 0);
}

TEST_CASE("values within 1e-9 count as ties") {
  const MannKendall test = mann_kendall({1.0, 1.0 + 1e-12, 2.0});
  CHECK(test.s == 2);
  CHECK(test.variance == Approx((3 * 2 * 11 - 2 * 1 * 9) / 18.0));
}
